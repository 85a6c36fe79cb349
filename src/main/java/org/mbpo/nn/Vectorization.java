package org.mbpo.nn;

/**
 * Whether the elementwise kernels on native memory (the dynamics model's, and {@link Adam}'s TensorFlow
 * form) use the Vector API: only when the JVM was started with {@code --add-modules jdk.incubator.vector}
 * (the {@code ./mbpo} launcher and the tests do; it is incubating in Java 17), and not when the system
 * property {@code mbpo.model.scalar=true} asks for the scalar kernels. Without it the same arithmetic runs
 * one element at a time, about ten times slower.
 */
public final class Vectorization {
    private Vectorization() {
    }

    /** True if the vector kernels are in use. */
    public static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("mbpo.model.scalar");

    /**
     * Floats per vector of the kernels: the preferred species' lanes (8 with AVX2, 16 with AVX-512, fewer under
     * {@code -XX:MaxVectorSize}), or 1 for the scalar kernels. The kernels' sums run lane by lane, so runs under other
     * widths differ in their last bits, and then in everything that follows; a run's provenance records it.
     */
    public static int lanes() {
        return ENABLED ? Lanes.FLOATS : 1;
    }

    /** Loaded only when the vector module is present. */
    private static final class Lanes {
        static final int FLOATS = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    }
}
