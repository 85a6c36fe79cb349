package org.mbpo.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * DeepLearning4J's SameDiff (nd4j-api's automatic differentiation) as the independent check of the
 * hand-written gradients: a test builds the same loss as a SameDiff graph over named parameter
 * tensors, lets SameDiff differentiate it, and compares the loss and every parameter's gradient with
 * ours through {@link #assertGradientsClose}.
 *
 * <p>Tensors here are plain row-major {@code double[]} with a shape, so that the SameDiff side never
 * sees our classes' layouts; each test class has one adapter that turns our networks into tensors.
 */
public final class SameDiffCheck {
    private SameDiffCheck() {
    }

    /** A test run twice, with SameDiff in double and in float: the test method takes the {@link DataType}. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "SameDiff in {0}")
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    public @interface InDoubleAndFloat {
    }

    /** A named row-major tensor: a parameter's values, or its gradient. */
    public record Tensor(String name, long[] shape, double[] values) {
        public Tensor {
            if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
            }
        }
    }

    /** The tensor of {@code values} (widened to double), row-major {@code shape}. */
    public static Tensor tensor(String name, float[] values, int from, long... shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = values[from + i];
        }
        return new Tensor(name, shape, d);
    }

    /** {@code v} widened to double. */
    public static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** An array of {@code type} holding {@code values}, row-major {@code shape}. */
    public static INDArray array(DataType type, double[] values, long... shape) {
        return Nd4j.create(values, shape, 'c').castTo(type);
    }

    /** A trainable SameDiff variable (one whose gradient SameDiff computes) holding {@code t}. */
    public static SDVariable variable(SameDiff sd, Tensor t, DataType type) {
        return sd.var(t.name(), array(type, t.values(), t.shape()));
    }

    /** A SameDiff constant (no gradient) of {@code type}. */
    public static SDVariable constant(SameDiff sd, String name, DataType type, double[] values, long... shape) {
        return sd.constant(name, array(type, values, shape));
    }

    /** A dense layer {@code x W + b}: {@code x [rows, in]}, {@code w [in, out]}, {@code b [out]}; returns {@code [rows, out]}. */
    public static SDVariable dense(SDVariable x, SDVariable w, SDVariable b) {
        return x.mmul(w).add(b);
    }

    /** The swish (SiLU) activation built from its definition, z σ(z). */
    public static SDVariable swish(SameDiff sd, SDVariable z) {
        return z.mul(sd.nn().sigmoid(z));
    }

    /** What SameDiff computed: the scalar loss, the values of any requested outputs, and every requested gradient. */
    public record Result(double loss, Map<String, double[]> outputs, Map<String, double[]> gradients) {
    }

    /**
     * Runs {@code sd} and differentiates its scalar variable {@code loss} with respect to {@code parameters}.
     *
     * @param outputs further variables whose values the test wants (e.g. intermediate activations)
     */
    public static Result run(SameDiff sd, String loss, List<String> parameters, String... outputs) {
        sd.setLossVariables(loss);
        Map<String, INDArray> grads;
        // SameDiff 1.0.0-M2.1 prints a line per op to System.out when it builds the gradient graph.
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            grads = sd.calculateGradients(Map.of(), parameters);
        } finally {
            System.setOut(out);
        }
        String[] wanted = new String[outputs.length + 1];
        wanted[0] = loss;
        System.arraycopy(outputs, 0, wanted, 1, outputs.length);
        Map<String, INDArray> values = sd.output(Map.of(), wanted);
        Map<String, double[]> outs = new LinkedHashMap<>();
        for (String o : outputs) {
            outs.put(o, values.get(o).castTo(DataType.DOUBLE).dup('c').data().asDouble());
        }
        Map<String, double[]> g = new LinkedHashMap<>();
        for (String p : parameters) {
            INDArray a = grads.get(p);
            if (a == null) {
                fail("SameDiff computed no gradient for " + p + " (the loss does not depend on it)");
            }
            g.put(p, a.castTo(DataType.DOUBLE).dup('c').data().asDouble());
        }
        return new Result(values.get(loss).castTo(DataType.DOUBLE).getDouble(0), outs, g);
    }

    /** The names of {@code tensors}, in order. */
    public static List<String> names(List<Tensor> tensors) {
        return tensors.stream().map(Tensor::name).toList();
    }

    /**
     * Asserts that our loss equals SameDiff's to within {@code rtol} relative to its magnitude (at
     * least 1), with {@code what} in the message.
     */
    public static void assertLossClose(String what, double ours, double sameDiff, double rtol) {
        assertEquals(sameDiff, ours, rtol * Math.max(1, Math.abs(sameDiff)), what + ": ours " + ours + ", SameDiff " + sameDiff);
    }

    /**
     * Asserts, for every tensor of {@code ours}, that each entry is within {@code rtol · (|g_i| + max_k |g_k|)}
     * of SameDiff's {@code g}: relative to the entry and to that parameter's largest gradient entry, so
     * that entries near zero are held to the parameter's scale. A failure names the parameter, the
     * entry and both values; {@code label} says which comparison ran (e.g. "SameDiff double").
     *
     * @return the worst ratio of error to allowance over all tensors (at most 1 when this returns)
     */
    public static double assertGradientsClose(String label, List<Tensor> ours, Map<String, double[]> sameDiff, double rtol) {
        double worstOverall = 0;
        for (Tensor t : ours) {
            double[] ref = sameDiff.get(t.name());
            if (ref == null || ref.length != t.values().length) {
                fail(label + ": SameDiff has no gradient of " + t.values().length + " entries for " + t.name());
            }
            double scale = 0;
            for (double v : ref) {
                scale = Math.max(scale, Math.abs(v));
            }
            double worst = -1;
            int at = -1;
            for (int i = 0; i < ref.length; i++) {
                double allowed = rtol * (Math.abs(ref[i]) + scale) + Double.MIN_NORMAL;
                double ratio = Math.abs(t.values()[i] - ref[i]) / allowed;
                if (Double.isNaN(ratio) || ratio > worst) {
                    worst = ratio;
                    at = i;
                    if (Double.isNaN(ratio)) {
                        break;
                    }
                }
            }
            if (!(worst <= 1)) {
                fail(label + ": gradient of " + t.name() + " entry " + index(t.shape(), at) + ": ours " + t.values()[at]
                        + ", SameDiff " + ref[at] + " (allowed ±" + rtol + " · (|SameDiff| + " + scale
                        + ", the largest entry of this gradient))");
            }
            worstOverall = Math.max(worstOverall, worst);
        }
        return worstOverall;
    }

    /** The multi-index of flat row-major position {@code flat} in {@code shape}, e.g. {@code [1, 4, 0]}. */
    private static String index(long[] shape, int flat) {
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = rest % shape[d];
            rest /= shape[d];
        }
        return Arrays.toString(idx);
    }
}
