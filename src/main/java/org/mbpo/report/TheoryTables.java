package org.mbpo.report;

import org.mbpo.theory.BoundCheck;
import org.mbpo.theory.BoundSweep;
import org.mbpo.theory.InstanceEvaluation;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** Tablesaw tables of the theory package's results, for the command line and notebooks. */
public final class TheoryTables {
    private TheoryTables() {
    }

    /**
     * One row per bound of a sweep: instances, violations, the largest and mean gap/bound, and the
     * index of the tightest instance.
     */
    public static Table sweep(BoundSweep.Result result) {
        StringColumn bound = StringColumn.create("bound");
        IntColumn instances = IntColumn.create("instances");
        IntColumn violations = IntColumn.create("violations");
        DoubleColumn maxRatio = DoubleColumn.create("max gap/bound");
        DoubleColumn meanRatio = DoubleColumn.create("mean gap/bound");
        IntColumn worst = IntColumn.create("tightest #");
        for (BoundSweep.Summary s : result.summaries()) {
            bound.append(s.bound().key());
            instances.append(s.evaluated());
            violations.append(s.violations());
            maxRatio.append(s.maxRatio());
            meanRatio.append(s.meanRatio());
            worst.append((int) s.worstIndex());
        }
        maxRatio.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        meanRatio.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        return Table.create("Bounds over " + result.summaries().get(0).evaluated() + " random instances (seed "
                + result.seed() + ")", bound, instances, violations, maxRatio, meanRatio, worst);
    }

    /** One row per bound checked on one instance: the exact gap, the bound, gap/bound and whether it holds. */
    public static Table checks(InstanceEvaluation evaluation) {
        StringColumn bound = StringColumn.create("bound");
        DoubleColumn gap = DoubleColumn.create("gap");
        DoubleColumn value = DoubleColumn.create("bound value");
        DoubleColumn ratio = DoubleColumn.create("gap/bound");
        StringColumn holds = StringColumn.create("holds");
        StringColumn at = StringColumn.create("worst at");
        for (BoundCheck c : evaluation.checks().values()) {
            bound.append(c.bound().key());
            gap.append(c.gap());
            value.append(c.value());
            ratio.append(c.ratio());
            holds.append(c.holds() ? "yes" : "NO");
            at.append(c.where());
        }
        for (DoubleColumn c : new DoubleColumn[] {gap, value, ratio}) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        }
        return Table.create("Bounds on one instance", bound, gap, value, ratio, holds, at);
    }
}
