package org.mbpo.model;

/**
 * Standardisation of the network inputs, {@code (x − mean) / std}, fitted on the training inputs
 * (the reference's {@code TensorStandardScaler}: population standard deviation, and 1 where it is
 * below 1e-12 so that constant inputs pass unchanged).
 *
 * @param mean per input, {@code [in]}
 * @param std  per input, {@code [in]}, positive
 */
record InputScaler(float[] mean, float[] std) {

    InputScaler {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("scaler mean has " + mean.length + " entries, std " + std.length);
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || !Float.isFinite(std[i]) || !Float.isFinite(mean[i])) {
                throw new IllegalArgumentException("scaler entry " + i + ": mean " + mean[i] + ", std " + std[i]
                        + " (need finite values and a positive std)");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The identity scaler on {@code dim} inputs. */
    static InputScaler identity(int dim) {
        float[] one = new float[dim];
        java.util.Arrays.fill(one, 1f);
        return new InputScaler(new float[dim], one);
    }

    /**
     * Fits the scaler on the inputs (observation then action) of rows {@code rows[from .. from+n)} of
     * {@code obs [*, obsDim]} and {@code act [*, actDim]}, in double precision, reading them in place.
     */
    static InputScaler fit(float[] obs, int obsDim, float[] act, int actDim, int[] rows, int from, int n) {
        int dim = obsDim + actDim;
        double[] sum = new double[dim];
        for (int r = from; r < from + n; r++) {
            for (int j = 0; j < dim; j++) {
                sum[j] += input(obs, obsDim, act, actDim, rows[r], j);
            }
        }
        float[] mean = new float[dim];
        double[] mu = new double[dim];
        for (int j = 0; j < dim; j++) {
            mu[j] = sum[j] / n;
            mean[j] = (float) mu[j];
        }
        double[] sq = new double[dim];
        for (int r = from; r < from + n; r++) {
            for (int j = 0; j < dim; j++) {
                double d = input(obs, obsDim, act, actDim, rows[r], j) - mu[j];
                sq[j] += d * d;
            }
        }
        float[] std = new float[dim];
        for (int j = 0; j < dim; j++) {
            double s = Math.sqrt(sq[j] / n);
            std[j] = s < 1e-12 ? 1f : (float) s;
        }
        return new InputScaler(mean, std);
    }

    /** Input j (an observation's, then an action's) of row {@code row}. */
    private static float input(float[] obs, int obsDim, float[] act, int actDim, int row, int j) {
        return j < obsDim ? obs[row * obsDim + j] : act[row * actDim + j - obsDim];
    }

    int dim() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Writes row {@code row} of ({@code obs}, {@code act}) standardised into {@code out[outOff..]}. */
    void standardise(float[] obs, int obsDim, float[] act, int actDim, int row, float[] out, int outOff) {
        int ob = row * obsDim;
        for (int j = 0; j < obsDim; j++) {
            out[outOff + j] = (obs[ob + j] - mean[j]) / std[j];
        }
        int ab = row * actDim;
        for (int j = 0; j < actDim; j++) {
            out[outOff + obsDim + j] = (act[ab + j] - mean[obsDim + j]) / std[obsDim + j];
        }
    }
}
