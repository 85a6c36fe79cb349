package org.mbpo.model;

import org.mbpo.nn.Nd4jArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every member's Gaussian prediction for a batch of (observation, action) rows, in the model's
 * output space {@code [reward, next observation]} (the Δobs means shifted by the observation), for
 * analysis: model error, and the aleatoric and epistemic parts of the variance.
 *
 * @param members   E
 * @param rows      rows predicted
 * @param dim       1 + obsDim
 * @param means     {@code [E, rows, dim]}
 * @param variances {@code [E, rows, dim]}, each member's predicted (aleatoric) variance
 * @param elites    the members used for rollouts
 */
public record EnsemblePrediction(int members, int rows, int dim, float[] means, float[] variances, int[] elites) {

    public EnsemblePrediction {
        if ((long) members * rows * dim != means.length || means.length != variances.length) {
            throw new IllegalArgumentException("arrays do not match " + members + " × " + rows + " × " + dim);
        }
    }

    public float mean(int member, int row, int d) {
        return means[(member * rows + row) * dim + d];
    }

    public float variance(int member, int row, int d) {
        return variances[(member * rows + row) * dim + d];
    }

    /** The elites' mean prediction, {@code [rows, dim]}. */
    public double[] eliteMean() {
        double[] m = new double[rows * dim];
        for (int e : elites) {
            for (int i = 0; i < m.length; i++) {
                m[i] += means[e * rows * dim + i];
            }
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= elites.length;
        }
        return m;
    }

    /** Aleatoric variance: the elites' predicted variances averaged, {@code [rows, dim]}. */
    public double[] aleatoricVariance() {
        double[] v = new double[rows * dim];
        for (int e : elites) {
            for (int i = 0; i < v.length; i++) {
                v[i] += variances[e * rows * dim + i];
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= elites.length;
        }
        return v;
    }

    /**
     * Epistemic variance: the variance of the elites' means around their average, {@code [rows, dim]}
     * (population variance; aleatoric + epistemic is the variance of the elites' equal-weight mixture,
     * the reference's non-factored {@code predict}).
     */
    public double[] epistemicVariance() {
        double[] mu = eliteMean();
        double[] v = new double[rows * dim];
        for (int e : elites) {
            for (int i = 0; i < v.length; i++) {
                double d = means[e * rows * dim + i] - mu[i];
                v[i] += d * d;
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= elites.length;
        }
        return v;
    }

    /** Every member's means, {@code [E, rows, dim]} (reward, then next observation): a new ND4J array (a copy). */
    public INDArray meansArray() {
        return Nd4j.create(means.clone(), new long[] {members, rows, dim}, 'c');
    }

    /** Every member's variances, {@code [E, rows, dim]}: a new ND4J array (a copy). */
    public INDArray variancesArray() {
        return Nd4j.create(variances.clone(), new long[] {members, rows, dim}, 'c');
    }

    /** The elites' mean and the variance of the elites' means (epistemic), {@code [rows, dim]} each, as new ND4J arrays. */
    public INDArray eliteMeanArray() {
        return Nd4jArrays.matrix(toFloats(eliteMean()), rows, dim);
    }

    /** See {@link #epistemicVariance()}; {@code [rows, dim]}, a new ND4J array. */
    public INDArray epistemicVarianceArray() {
        return Nd4jArrays.matrix(toFloats(epistemicVariance()), rows, dim);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
