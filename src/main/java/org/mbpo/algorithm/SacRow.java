package org.mbpo.algorithm;

import org.mbpo.run.EvaluationRow;

import java.util.Arrays;

/**
 * One row of a SAC run's {@code progress.csv}, written at every evaluation. Losses are means over the updates
 * since the previous row (NaN before learning starts). Everything in it follows from the settings and the seed,
 * so a resumed run writes the same rows bit for bit as an uninterrupted one; wall-clock times are in
 * {@code timing.csv}. The columns shared with MBPO's {@link EpochRow} ({@code step}, {@code eval_return}, …) mean
 * the same.
 *
 * @param step            environment steps so far
 * @param episodes        training episodes finished
 * @param trainReturn     mean return of the training episodes finished since the previous row (NaN if none)
 * @param evalReturn      mean return of the deterministic evaluation episodes
 * @param evalReturnStd   their standard deviation (population)
 * @param updates         SAC updates so far
 * @param q1Loss          mean Q1 loss
 * @param q2Loss          mean Q2 loss
 * @param actorLoss       mean actor loss
 * @param alphaLoss       mean temperature loss
 * @param alpha           the temperature after the last update
 * @param entropy         mean entropy estimate −log π
 */
public record SacRow(long step, long episodes, double trainReturn, double evalReturn, double evalReturnStd, long updates,
                     double q1Loss, double q2Loss, double actorLoss, double alphaLoss, double alpha, double entropy)
        implements EvaluationRow {

    /** The CSV header, in field order. */
    public static final String HEADER = "step,episodes,train_return,eval_return,eval_return_std,updates,"
            + "q1_loss,q2_loss,actor_loss,alpha_loss,alpha,entropy";

    /** This row as CSV: full precision ({@link Double#toString}, which reads back exactly), NaN as an empty field. */
    public String csv() {
        return step + "," + episodes + "," + EpochRow.num(trainReturn) + "," + EpochRow.num(evalReturn) + ","
                + EpochRow.num(evalReturnStd) + "," + updates + "," + EpochRow.num(q1Loss) + "," + EpochRow.num(q2Loss) + ","
                + EpochRow.num(actorLoss) + "," + EpochRow.num(alphaLoss) + "," + EpochRow.num(alpha) + ","
                + EpochRow.num(entropy);
    }

    /**
     * Reads a line {@link #csv()} wrote.
     *
     * @throws IllegalArgumentException if it has the wrong number of fields or a field does not parse
     */
    public static SacRow parse(String line) {
        String[] f = EpochRow.fields(line, HEADER);
        try {
            return new SacRow(Long.parseLong(f[0]), Long.parseLong(f[1]), EpochRow.dbl(f[2]), EpochRow.dbl(f[3]),
                    EpochRow.dbl(f[4]), Long.parseLong(f[5]), EpochRow.dbl(f[6]), EpochRow.dbl(f[7]), EpochRow.dbl(f[8]),
                    EpochRow.dbl(f[9]), EpochRow.dbl(f[10]), EpochRow.dbl(f[11]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a progress row does not parse: " + Arrays.toString(f));
        }
    }
}
