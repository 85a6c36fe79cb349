package org.mbpo.nn;

/**
 * A double-precision MLP written as plain loops, independent of {@link Mlp}'s gemm layout except for
 * reading the same flat parameter vector: for tests to compare against and to differentiate by
 * finite differences.
 */
public final class ReferenceMlp {
    private ReferenceMlp() {
    }

    /** The parameters of {@code net} in double precision. */
    public static double[] parameters(Mlp net) {
        float[] pf = net.parameters();
        double[] p = new double[pf.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = pf[i];
        }
        return p;
    }

    /** Outputs {@code [out][batch]} for inputs {@code x[in][batch]}. */
    public static double[][] forward(int[] dims, Activation act, double[] p, double[][] x) {
        return forward(dims, act, p, x, new double[] {Double.POSITIVE_INFINITY});
    }

    /** As {@link #forward(int[], Activation, double[], double[][])}, and the smallest |pre-activation| of a hidden unit into {@code minAbsPre[0]}. */
    public static double[][] forward(int[] dims, Activation act, double[] p, double[][] x, double[] minAbsPre) {
        int batch = x[0].length;
        double[][] a = x;
        int offset = 0;
        for (int l = 0; l + 1 < dims.length; l++) {
            int in = dims[l];
            int out = dims[l + 1];
            double[][] z = new double[out][batch];
            for (int o = 0; o < out; o++) {
                for (int b = 0; b < batch; b++) {
                    double s = p[offset + in * out + o];
                    for (int i = 0; i < in; i++) {
                        s += p[offset + i * out + o] * a[i][b];
                    }
                    z[o][b] = s;
                }
            }
            offset += (in + 1) * out;
            if (l + 2 < dims.length) {
                for (double[] row : z) {
                    for (int b = 0; b < batch; b++) {
                        minAbsPre[0] = Math.min(minAbsPre[0], Math.abs(row[b]));
                        row[b] = apply(act, row[b]);
                    }
                }
            }
            a = z;
        }
        return a;
    }

    static double apply(Activation act, double z) {
        return switch (act) {
            case IDENTITY -> z;
            case RELU -> Math.max(z, 0);
            case TANH -> Math.tanh(z);
            case SWISH -> z / (1 + Math.exp(-z));
        };
    }
}
