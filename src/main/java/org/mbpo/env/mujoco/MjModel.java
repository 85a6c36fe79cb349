package org.mbpo.env.mujoco;

import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A compiled MuJoCo model ({@code mjModel}). Sizes and parameters are read from the struct through the
 * checked {@link MujocoLayout}. Close it (or let it be collected) to free the native model.
 */
public final class MjModel implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    final Pointer ptr;
    final MujocoLayout layout;
    private final Cleaner.Cleanable cleanable;

    private MjModel(Pointer ptr, MujocoLayout layout) {
        this.ptr = ptr;
        this.layout = layout;
        this.cleanable = CLEANER.register(this, () -> Mujoco.mj_deleteModel(ptr));
    }

    /** Compiles one of the project's model files ({@code src/main/resources/org/mbpo/env/mujoco/NAME}). */
    public static MjModel fromResource(String name) {
        MujocoLayout layout = Mujoco.require();
        try (InputStream in = MjModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no model resource " + name);
            }
            return fromXml(new String(in.readAllBytes(), StandardCharsets.UTF_8), layout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles an MJCF file. */
    public static MjModel fromFile(Path file) {
        return fromFile(file, Mujoco.require());
    }

    static MjModel fromXml(String xml, MujocoLayout layout) {
        try {
            Path tmp = Files.createTempFile("mbpo-model", ".xml");
            try {
                Files.writeString(tmp, xml);
                return fromFile(tmp, layout);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MjModel fromFile(Path file, MujocoLayout layout) {
        byte[] error = new byte[1000];
        Pointer m = Mujoco.mj_loadXML(file.toAbsolutePath().toString(), null, error, error.length);
        if (m == null) {
            throw new IllegalArgumentException("MuJoCo could not compile " + file + ": " + Native0.cString(error));
        }
        return new MjModel(m, layout);
    }

    /** An {@code int} size field of {@code mjModel} by name ({@code nq}, {@code nbody}, ...). */
    public int size(String name) {
        return ptr.getInt(layout.model(name));
    }

    public int nq() {
        return size("nq");
    }

    public int nv() {
        return size("nv");
    }

    public int nu() {
        return size("nu");
    }

    public int nbody() {
        return size("nbody");
    }

    /** {@code opt.timestep}. */
    public double timestep() {
        return ptr.getDouble(layout.option("timestep"));
    }

    /** {@code opt.integrator} (0 Euler, 1 RK4, 2 implicit). */
    public int integrator() {
        return ptr.getInt(layout.option("integrator"));
    }

    /** {@code opt.gravity}, {@code [3]}. */
    public double[] gravity() {
        return ptr.getDoubleArray(layout.option("gravity"), 3);
    }

    /** {@code body_mass}, {@code [nbody]}. */
    public double[] bodyMass() {
        return doubles(Field.BODY_MASS);
    }

    /** {@code qpos0}, {@code [nq]}. */
    public double[] qpos0() {
        return doubles(Field.QPOS0);
    }

    /** {@code actuator_ctrlrange}, {@code [nu, 2]} row-major. */
    public double[] actuatorCtrlRange() {
        return doubles(Field.ACTUATOR_CTRLRANGE);
    }

    int rows(Field f) {
        return size(f.rows);
    }

    /** A double field of {@code mjModel}, {@code [rows, cols]} row-major (a copy). */
    double[] doubles(Field f) {
        if (f.inData || f.isInt) {
            throw new IllegalArgumentException(f + " is not a double field of mjModel");
        }
        int n = rows(f) * f.cols(layout);
        return n == 0 ? new double[0] : ptr.getPointer(f.offset(layout)).getDoubleArray(0, n);
    }

    /** An int field of {@code mjModel} (a copy). */
    int[] ints(Field f) {
        if (f.inData || !f.isInt) {
            throw new IllegalArgumentException(f + " is not an int field of mjModel");
        }
        int n = rows(f) * f.cols(layout);
        return n == 0 ? new int[0] : ptr.getPointer(f.offset(layout)).getIntArray(0, n);
    }

    /** Every field this binding knows, by C name, as doubles (ints widened): for comparing models. */
    public java.util.Map<String, double[]> parameters() {
        java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
        for (Field f : Field.values()) {
            if (f.inData) {
                continue;
            }
            out.put(f.cName, f.isInt ? java.util.Arrays.stream(ints(f)).asDoubleStream().toArray() : doubles(f));
        }
        out.put("opt.timestep", new double[] {timestep()});
        out.put("opt.integrator", new double[] {integrator()});
        out.put("opt.gravity", gravity());
        out.put("opt.tolerance", new double[] {ptr.getDouble(layout.option("tolerance"))});
        out.put("opt.solver", new double[] {ptr.getInt(layout.option("solver"))});
        out.put("opt.iterations", new double[] {ptr.getInt(layout.option("iterations"))});
        return out;
    }

    /** The id of a named body, or -1. */
    public int bodyId(String name) {
        return Mujoco.mj_name2id(ptr, 1, name); // mjOBJ_BODY
    }

    /** The id of a named site, or -1. */
    public int siteId(String name) {
        return Mujoco.mj_name2id(ptr, 6, name); // mjOBJ_SITE
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
