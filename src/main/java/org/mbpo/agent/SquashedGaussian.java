package org.mbpo.agent;

import java.util.random.RandomGenerator;

/**
 * The SAC policy's distribution (Haarnoja et al. 2018a, App. C): the network's head gives, per
 * action dimension j, a mean μ_j and a log standard deviation clamped to [logStdMin, logStdMax];
 * u = μ + σ ε with ε ~ N(0, I), a = tanh(u), and the exact log-density of the squashed sample
 * <pre>
 *   log π(a|s) = Σ_j [ −ε_j²/2 − log σ_j − log(2π)/2 − log(1 − tanh²(u_j)) ],
 * </pre>
 * with log(1 − tanh²(u)) = 2 (log 2 − u − softplus(−2u)) for numerical stability (as SB3 and the
 * PyTorch peer compute it).
 *
 * <p>Arrays are feature-major with row stride {@code ld}: the head is {@code [2 actDim, ld]} (means in
 * rows 0 … actDim−1, raw log-stds after), samples and actions {@code [actDim, ld]}.
 */
final class SquashedGaussian {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double LOG_2 = Math.log(2);

    private final int actDim;
    private final int ld;
    private final double logStdMin;
    private final double logStdMax;
    /** The standard-normal draws ε, {@code [actDim, ld]}. */
    final float[] eps;
    /** σ = exp(clamped log-std), {@code [actDim, ld]}. */
    final float[] std;
    /** The squashed actions a = tanh(u), {@code [actDim, ld]}. */
    final float[] action;
    /** Whether the raw log-std lay inside the clamp (its gradient passes), {@code [actDim, ld]}. */
    final boolean[] inRange;
    /** log π(a|s) per column, {@code [ld]}. */
    final double[] logProb;

    SquashedGaussian(int actDim, int ld, double logStdMin, double logStdMax) {
        this.actDim = actDim;
        this.ld = ld;
        this.logStdMin = logStdMin;
        this.logStdMax = logStdMax;
        this.eps = new float[actDim * ld];
        this.std = new float[actDim * ld];
        this.action = new float[actDim * ld];
        this.inRange = new boolean[actDim * ld];
        this.logProb = new double[ld];
    }

    /** Draws ε with {@code rng} and samples columns [from, to) of {@code head}; mutates this object's arrays. */
    void sample(float[] head, int from, int to, RandomGenerator rng) {
        for (int j = 0; j < actDim; j++) {
            for (int c = from; c < to; c++) {
                eps[j * ld + c] = (float) rng.nextGaussian();
            }
        }
        evaluate(head, from, to);
    }

    /** Computes σ, a and log π for columns [from, to) of {@code head} with the ε already in {@link #eps}. */
    void evaluate(float[] head, int from, int to) {
        for (int c = from; c < to; c++) {
            logProb[c] = 0;
        }
        for (int j = 0; j < actDim; j++) {
            for (int c = from; c < to; c++) {
                int i = j * ld + c;
                float mu = head[i];
                float raw = head[(actDim + j) * ld + c];
                inRange[i] = raw >= logStdMin && raw <= logStdMax;
                float logStd = (float) Math.min(Math.max(raw, logStdMin), logStdMax);
                float s = (float) Math.exp(logStd);
                float u = mu + s * eps[i];
                std[i] = s;
                action[i] = (float) Math.tanh(u);
                double e = eps[i];
                logProb[c] += -0.5 * e * e - logStd - HALF_LOG_2PI - 2 * (LOG_2 - u - softplus(-2.0 * u));
            }
        }
    }

    /**
     * The gradient of a per-column loss {@code w_c · (α log π(a_c|s_c)) + L(a_c)} with respect to the
     * head, for columns [from, to), given {@code dLda} (the gradient of L with respect to a, entry
     * (j, c) at {@code dLda[dOffset + j·ldA + c]}) and the weight {@code alphaWeight} = α · w. Through the reparametrisation,
     * d log π / dμ_j = 2 a_j and d log π / d log σ_j = 2 a_j σ_j ε_j − 1; d a_j / du_j = 1 − a_j².
     * Writes {@code headGrad} ({@code [2 actDim, ld]}); the clamp passes no gradient outside its range
     * (PyTorch's {@code clamp} passes it at the bounds).
     */
    void gradient(float[] dLda, int dOffset, int ldA, double alphaWeight, int from, int to, float[] headGrad) {
        for (int j = 0; j < actDim; j++) {
            for (int c = from; c < to; c++) {
                int i = j * ld + c;
                double a = action[i];
                double du = dLda[dOffset + j * ldA + c] * (1 - a * a) + alphaWeight * 2 * a;
                headGrad[i] = (float) du;
                double dLogStd = du * std[i] * eps[i] - alphaWeight;
                headGrad[(actDim + j) * ld + c] = inRange[i] ? (float) dLogStd : 0f;
            }
        }
    }

    /** softplus(x) = log(1 + e^x), without overflow. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
