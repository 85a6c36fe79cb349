package org.mbpo.train;

/**
 * One row of {@code progress.csv}, written at every evaluation. Losses are means over the updates
 * since the previous row (NaN before learning starts).
 *
 * @param step            environment steps so far
 * @param wallSeconds     seconds since the run started
 * @param episodes        training episodes finished
 * @param trainReturn     mean return of the training episodes finished since the previous row (NaN if none)
 * @param evalReturn      mean return of the deterministic evaluation episodes
 * @param evalReturnStd   their standard deviation
 * @param updates         SAC updates so far
 * @param q1Loss          mean Q1 loss
 * @param q2Loss          mean Q2 loss
 * @param actorLoss       mean actor loss
 * @param alphaLoss       mean temperature loss
 * @param alpha           the temperature after the last update
 * @param entropy         mean entropy estimate −log π
 */
public record ProgressRow(long step, double wallSeconds, long episodes, double trainReturn, double evalReturn,
                          double evalReturnStd, long updates, double q1Loss, double q2Loss, double actorLoss,
                          double alphaLoss, double alpha, double entropy) {

    /** The CSV header, in field order. */
    public static final String HEADER = "step,wall_s,episodes,train_return,eval_return,eval_return_std,updates,"
            + "q1_loss,q2_loss,actor_loss,alpha_loss,alpha,entropy";

    /** This row as CSV (full precision; NaN as an empty field). */
    public String csv() {
        return step + "," + num(wallSeconds) + "," + episodes + "," + num(trainReturn) + "," + num(evalReturn) + ","
                + num(evalReturnStd) + "," + updates + "," + num(q1Loss) + "," + num(q2Loss) + "," + num(actorLoss) + ","
                + num(alphaLoss) + "," + num(alpha) + "," + num(entropy);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
