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
}
