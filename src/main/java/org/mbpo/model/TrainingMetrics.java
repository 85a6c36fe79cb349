package org.mbpo.model;

/**
 * What one model training did (the reference logs the same holdout numbers).
 *
 * @param epochs          epochs run
 * @param gradientSteps   Adam steps taken (one per batch, all members at once)
 * @param trainSize       transitions trained on
 * @param holdoutSize     transitions held out
 * @param holdoutMse      per member, the holdout MSE over [reward, Δobs] after restoring the snapshots
 * @param holdoutNll      per member, the holdout Gaussian negative log-likelihood per dimension, {@code ½((y−μ)²/σ² + log σ² + log 2π)} averaged
 * @param snapshotEpochs  per member, the epoch (from 0) whose parameters were restored, −1 if none was saved
 * @param elites          the members with the lowest holdout MSE, best first
 * @param epochHoldoutMse per epoch, every member's holdout MSE before restoring ({@code [epochs][E]}, the learning curves)
 * @param seconds         wall-clock time of the training
 * @param stopReason      why it ended
 */
public record TrainingMetrics(int epochs, long gradientSteps, int trainSize, int holdoutSize, double[] holdoutMse,
                              double[] holdoutNll, int[] snapshotEpochs, int[] elites, double[][] epochHoldoutMse,
                              double seconds, StopReason stopReason) {

    public TrainingMetrics {
        holdoutMse = holdoutMse.clone();
        holdoutNll = holdoutNll.clone();
        snapshotEpochs = snapshotEpochs.clone();
        elites = elites.clone();
        epochHoldoutMse = deepCopy(epochHoldoutMse);
    }

    @Override
    public double[] holdoutMse() {
        return holdoutMse.clone();
    }

    @Override
    public double[] holdoutNll() {
        return holdoutNll.clone();
    }

    @Override
    public int[] snapshotEpochs() {
        return snapshotEpochs.clone();
    }

    @Override
    public int[] elites() {
        return elites.clone();
    }

    @Override
    public double[][] epochHoldoutMse() {
        return deepCopy(epochHoldoutMse);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** The elites' mean holdout MSE (the reference's {@code val_loss}). */
    public double eliteHoldoutMse() {
        double s = 0;
        for (int e : elites) {
            s += holdoutMse[e];
        }
        return s / elites.length;
    }
}
