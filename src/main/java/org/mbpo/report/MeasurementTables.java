package org.mbpo.report;

import org.mbpo.analysis.ExploitationPoint;
import org.mbpo.analysis.ReturnAgreement;
import org.mbpo.analysis.ShiftAnalysis;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/** Tablesaw tables of the paper's measurements, for notebooks. */
public final class MeasurementTables {
    private MeasurementTables() {
    }

    /** One row per size: the slope at ε_π = 0 with its interval, the intercept, R², points; and the slope over all policies. */
    public static Table slopes(String title, List<ShiftAnalysis.Fit> fits) {
        IntColumn size = IntColumn.create("N");
        DoubleColumn slope = DoubleColumn.create("slope at 0");
        DoubleColumn low = DoubleColumn.create("low");
        DoubleColumn high = DoubleColumn.create("high");
        DoubleColumn intercept = DoubleColumn.create("ε_m′ at 0");
        DoubleColumn r2 = DoubleColumn.create("R²");
        IntColumn points = IntColumn.create("points");
        DoubleColumn all = DoubleColumn.create("slope, all policies");
        for (ShiftAnalysis.Fit f : fits) {
            size.append(f.size());
            slope.append(f.local().slope());
            low.append(f.local().slopeLow());
            high.append(f.local().slopeHigh());
            intercept.append(f.local().intercept());
            r2.append(f.local().rSquared());
            points.append((int) f.local().points());
            all.append(f.all().slope());
        }
        String what = fits.isEmpty() ? "" : " (" + fits.get(0).y() + " against " + fits.get(0).x() + ", "
                + Math.round(100 * fits.get(0).local().confidence()) + "% intervals)";
        return Table.create(title + what, size, slope, low, high, intercept, r2, points, all);
    }

    /** One row per size: the measured ε_m, ε_π and slope, and the k Theorem 2 favours at the slope and its interval's ends. */
    public static Table rolloutChoices(String title, List<ShiftAnalysis.RolloutChoice> choices) {
        IntColumn size = IntColumn.create("N");
        DoubleColumn epsM = DoubleColumn.create("ε_m");
        DoubleColumn epsPi = DoubleColumn.create("ε_π");
        DoubleColumn slope = DoubleColumn.create("slope");
        IntColumn k = IntColumn.create("k*");
        IntColumn kHigh = IntColumn.create("k* at slope high");
        IntColumn kLow = IntColumn.create("k* at slope low");
        for (ShiftAnalysis.RolloutChoice c : choices) {
            size.append(c.size());
            epsM.append(c.epsM());
            epsPi.append(c.epsPi());
            slope.append(c.slope());
            k.append(c.k());
            kHigh.append(c.kAtHigh());
            kLow.append(c.kAtLow());
        }
        return Table.create(title, size, epsM, epsPi, slope, k, kHigh, kLow);
    }

    /** The agreement of model and real returns, one row per group. */
    public static Table agreement(String title, String[] groups, ReturnAgreement[] agreements) {
        StringColumn group = StringColumn.create("policies");
        IntColumn n = IntColumn.create("n");
        DoubleColumn pearson = DoubleColumn.create("Pearson r");
        DoubleColumn spearman = DoubleColumn.create("Spearman ρ");
        DoubleColumn under = DoubleColumn.create("model < real");
        DoubleColumn gap = DoubleColumn.create("mean model − real");
        for (int i = 0; i < groups.length; i++) {
            ReturnAgreement a = agreements[i];
            group.append(groups[i]);
            n.append(a.policies());
            pearson.append(a.pearson());
            spearman.append(a.spearman());
            under.append(a.underestimated());
            gap.append(a.meanGap());
        }
        return Table.create(title, group, n, pearson, spearman, under, gap);
    }

    /** The exploitation measurements, one row per measured policy. */
    public static Table exploitation(String title, List<ExploitationPoint> points) {
        IntColumn step = IntColumn.create("step");
        DoubleColumn mse = DoubleColumn.create("holdout MSE");
        DoubleColumn real = DoubleColumn.create("real return");
        DoubleColumn model = DoubleColumn.create("model return");
        for (ExploitationPoint p : points) {
            step.append((int) p.step());
            mse.append(p.holdoutMse());
            real.append(p.realReturn());
            model.append(p.modelReturn());
        }
        return Table.create(title, step, mse, real, model);
    }
}
