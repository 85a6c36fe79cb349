package org.mbpo.algorithm;

import org.mbpo.run.EvaluationRow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row of an MBPO run's {@code progress.csv}, written after every epoch. Everything in it follows
 * from the settings and the seed, so a resumed run writes the same rows bit for bit as an
 * uninterrupted one; wall-clock times are in {@link TimingRow} ({@code timing.csv}) instead. The
 * column names shared with SAC's {@code progress.csv} ({@code step}, {@code eval_return}, …) mean the
 * same, so the two compare directly ({@code ./mbpo plot}).
 *
 * @param epoch             epochs finished, from 1
 * @param step              real environment steps so far, the initial exploration included
 *                          (the reference's {@code timesteps_total} leaves out the initial exploration)
 * @param episodes          training episodes finished
 * @param trainReturn       mean return of the training episodes that ended in this epoch (NaN if none; for the first
 *                          epoch, the initial exploration's random episodes count too)
 * @param evalReturn        mean return of the deterministic evaluation episodes
 * @param evalReturnStd     their standard deviation (population)
 * @param modelHoldoutMse   the elites' mean holdout MSE at the epoch's last model training (NaN if none)
 * @param modelTrainEpochs  epochs of the last model training
 * @param rolloutLength     k, the rollout length of this epoch
 * @param meanRolloutLength model steps per rollout start in this epoch's rollouts (below k when rows terminate)
 * @param modelBufferSize   transitions in D_model at the epoch's end
 * @param updates           SAC updates so far
 * @param q1Loss            mean Q1 loss over this epoch's updates
 * @param q2Loss            mean Q2 loss
 * @param actorLoss         mean actor loss
 * @param alphaLoss         mean temperature loss
 * @param alpha             the temperature after the epoch's last update
 * @param entropy           mean entropy estimate −log π over this epoch's updates
 * @param expansion         value expansion's diagnostics of this epoch, in the order of its columns
 *                          ({@code org.mbpo.expansion.ValueExpansion#columns}: the mean |target − SAC's target|, then
 *                          MVE's imagined rows per real row or STEVE's mean weight per horizon); empty for MBPO
 */
public record EpochRow(int epoch, long step, long episodes, double trainReturn, double evalReturn, double evalReturnStd,
                       double modelHoldoutMse, int modelTrainEpochs, int rolloutLength, double meanRolloutLength,
                       long modelBufferSize, long updates, double q1Loss, double q2Loss, double actorLoss,
                       double alphaLoss, double alpha, double entropy, List<Double> expansion) implements EvaluationRow {

    /** The CSV header of MBPO's rows, in field order (value expansion's rows add {@link #header}'s columns). */
    public static final String HEADER = "epoch,step,episodes,train_return,eval_return,eval_return_std,model_holdout_mse,"
            + "model_train_epochs,rollout_length,mean_rollout_length,model_buffer_size,updates,q1_loss,q2_loss,actor_loss,"
            + "alpha_loss,alpha,entropy";

    public EpochRow {
        expansion = List.copyOf(expansion);
    }

    /** {@link #HEADER} followed by value expansion's {@code columns}. */
    public static String header(List<String> columns) {
        return columns.isEmpty() ? HEADER : HEADER + "," + String.join(",", columns);
    }

    /** This row as CSV: full precision ({@link Double#toString}, which reads back exactly), NaN as an empty field. */
    public String csv() {
        String row = epoch + "," + step + "," + episodes + "," + num(trainReturn) + "," + num(evalReturn) + ","
                + num(evalReturnStd) + "," + num(modelHoldoutMse) + "," + modelTrainEpochs + "," + rolloutLength + ","
                + num(meanRolloutLength) + "," + modelBufferSize + "," + updates + "," + num(q1Loss) + "," + num(q2Loss)
                + "," + num(actorLoss) + "," + num(alphaLoss) + "," + num(alpha) + "," + num(entropy);
        StringBuilder b = new StringBuilder(row);
        for (double v : expansion) {
            b.append(',').append(num(v));
        }
        return b.toString();
    }

    /**
     * Reads a line {@link #csv()} wrote for MBPO's {@link #HEADER}.
     *
     * @throws IllegalArgumentException if it has the wrong number of fields or a field does not parse
     */
    public static EpochRow parse(String line) {
        return parse(line, HEADER);
    }

    /**
     * Reads a line {@link #csv()} wrote under {@code header} ({@link #header}: the fields after {@link #HEADER}'s are
     * value expansion's).
     *
     * @throws IllegalArgumentException if it has the wrong number of fields or a field does not parse
     */
    public static EpochRow parse(String line, String header) {
        String[] f = fields(line, header);
        try {
            List<Double> expansion = new ArrayList<>();
            for (int i = HEADER_FIELDS; i < f.length; i++) {
                expansion.add(dbl(f[i]));
            }
            return new EpochRow(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), dbl(f[3]), dbl(f[4]),
                    dbl(f[5]), dbl(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]), dbl(f[9]), Long.parseLong(f[10]),
                    Long.parseLong(f[11]), dbl(f[12]), dbl(f[13]), dbl(f[14]), dbl(f[15]), dbl(f[16]), dbl(f[17]), expansion);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a progress row does not parse: " + Arrays.toString(f));
        }
    }

    private static final int HEADER_FIELDS = HEADER.split(",").length;

    /**
     * The fields of a progress row, as many as {@code header} names.
     *
     * @throws IllegalArgumentException if there are more or fewer
     */
    static String[] fields(String line, String header) {
        String[] f = line.split(",", -1);
        int expected = header.split(",").length;
        if (f.length != expected) {
            throw new IllegalArgumentException("a progress row has " + f.length + " fields, expected " + expected);
        }
        return f;
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    static double dbl(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
