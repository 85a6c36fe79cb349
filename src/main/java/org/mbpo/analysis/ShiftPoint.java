package org.mbpo.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One measurement of {@link ShiftExperiment}: a policy π (the {@code policy}-th, 0 being π_D) and a model
 * trained on {@code size} transitions of π_D. Definitions: {@link org.mbpo.analysis.PolicyShift} for the
 * shift columns, {@link org.mbpo.analysis.ModelError} for the error columns (on fresh real transitions of π),
 * {@link org.mbpo.analysis.ModelReturn#branched} for the returns (H-step returns from states of π's real episodes).
 *
 * @param policy       0 for π_D, then 1, 2, … along the continued optimisation
 * @param step         SAC steps after π_D when this policy was taken
 * @param size         the model's training-set size
 * @param kl           mean KL(π_D ‖ π) over π_D's states
 * @param tvPinsker    mean Pinsker bound on TV
 * @param tvMc         mean Monte Carlo TV (the ε_π used in fits by default)
 * @param tvMcMax      largest per-state Monte Carlo TV
 * @param mse          the model's MSE on π's transitions
 * @param nll          the model's Gaussian NLL per dimension on π's transitions
 * @param tv           the model's TV against the model-blurred truth on π's transitions
 * @param realReturn   π's mean real return over H steps from the branch points (deterministic actions)
 * @param modelReturn  π's mean return over H steps in this model from the same states
 */
public record ShiftPoint(int policy, long step, int size, double kl, double tvPinsker, double tvMc, double tvMcMax,
                         double mse, double nll, double tv, double realReturn, double modelReturn) {

    /** The CSV header, in the order of {@link #csv()}. */
    public static final String HEADER = "policy,step,size,kl,tv_pinsker,tv_mc,tv_mc_max,mse,nll,tv,real_return,model_return";

    /** The shift columns a fit can use as x. */
    public static final List<String> SHIFT_COLUMNS = List.of("kl", "tv_pinsker", "tv_mc");
    /** The error columns a fit can use as y. */
    public static final List<String> ERROR_COLUMNS = List.of("mse", "nll", "tv");

    public String csv() {
        return String.format(Locale.ROOT, "%d,%d,%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g", policy, step, size, kl,
                tvPinsker, tvMc, tvMcMax, mse, nll, tv, realReturn, modelReturn);
    }

    /** The value of a column by its CSV name. */
    public double get(String column) {
        return switch (column) {
            case "policy" -> policy;
            case "step" -> step;
            case "size" -> size;
            case "kl" -> kl;
            case "tv_pinsker" -> tvPinsker;
            case "tv_mc" -> tvMc;
            case "tv_mc_max" -> tvMcMax;
            case "mse" -> mse;
            case "nll" -> nll;
            case "tv" -> tv;
            case "real_return" -> realReturn;
            case "model_return" -> modelReturn;
            default -> throw new IllegalArgumentException("unknown column '" + column + "'; known: " + HEADER);
        };
    }

    /** Writes {@code points} with the header. */
    public static void writeCsv(List<ShiftPoint> points, Path file) {
        PointCsv.write(file, HEADER, points.stream().map(ShiftPoint::csv).toList());
    }

    /**
     * Reads a file written by {@link #writeCsv}.
     *
     * @throws IllegalArgumentException naming the file and line if it is not such a file
     */
    public static List<ShiftPoint> readCsv(Path file) {
        return PointCsv.read(file, HEADER, "a points file", 12,
                f -> new ShiftPoint(Integer.parseInt(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                        Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
                        Double.parseDouble(f[11])));
    }
}
