package org.mbpo.env.mujoco;

import com.sun.jna.Pointer;

import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The simulation state of a model ({@code mjData}). Arrays are exposed as {@link DoubleBuffer} views of the
 * native memory (no copies, no native calls to read or write them); they stay valid while this object lives.
 */
public final class MjData implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final MjModel model;
    final Pointer ptr;
    private final Cleaner.Cleanable cleanable;
    private final Map<Field, DoubleBuffer> views = new EnumMap<>(Field.class);

    public MjData(MjModel model) {
        this.model = model;
        Pointer d = Mujoco.mj_makeData(model.ptr);
        if (d == null) {
            throw new IllegalStateException("mj_makeData failed (out of memory?)");
        }
        this.ptr = d;
        this.cleanable = CLEANER.register(this, () -> Mujoco.mj_deleteData(d));
    }

    public MjModel model() {
        return model;
    }

    /** A view of a double array of {@code mjData}, {@code [rows * cols]}. */
    DoubleBuffer view(Field f) {
        return views.computeIfAbsent(f, k -> {
            if (!k.inData) {
                throw new IllegalArgumentException(k + " is not a field of mjData");
            }
            int n = model.rows(k) * k.cols(model.layout);
            if (n == 0) {
                return DoubleBuffer.allocate(0);
            }
            Pointer p = ptr.getPointer(k.offset(model.layout));
            return p.getByteBuffer(0, 8L * n).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        });
    }

    public DoubleBuffer qpos() {
        return view(Field.QPOS);
    }

    public DoubleBuffer qvel() {
        return view(Field.QVEL);
    }

    public DoubleBuffer ctrl() {
        return view(Field.CTRL);
    }

    public DoubleBuffer act() {
        return view(Field.ACT);
    }

    public DoubleBuffer qaccWarmstart() {
        return view(Field.QACC_WARMSTART);
    }

    /** Body frame positions, {@code [nbody, 3]}. */
    public DoubleBuffer xpos() {
        return view(Field.XPOS);
    }

    /** Body centre-of-mass positions, {@code [nbody, 3]}. */
    public DoubleBuffer xipos() {
        return view(Field.XIPOS);
    }

    /** Site positions, {@code [nsite, 3]}. */
    public DoubleBuffer siteXpos() {
        return view(Field.SITE_XPOS);
    }

    /** Com-based body inertia and mass, {@code [nbody, 10]}. */
    public DoubleBuffer cinert() {
        return view(Field.CINERT);
    }

    /** Com-based velocity, {@code [nbody, 6]}. */
    public DoubleBuffer cvel() {
        return view(Field.CVEL);
    }

    public DoubleBuffer qfrcActuator() {
        return view(Field.QFRC_ACTUATOR);
    }

    /** Com-based external (contact) force on each body, {@code [nbody, 6]}; computed by {@link #rnePostConstraint()}. */
    public DoubleBuffer cfrcExt() {
        return view(Field.CFRC_EXT);
    }

    public DoubleBuffer qfrcConstraint() {
        return view(Field.QFRC_CONSTRAINT);
    }

    public double time() {
        return ptr.getDouble(model.layout.data("time"));
    }

    /** {@code mj_step}: one timestep. */
    public void step() {
        Mujoco.mj_step(model.ptr, ptr);
    }

    /** {@code mj_forward}: recompute everything derived from the state, without advancing time. */
    public void forward() {
        Mujoco.mj_forward(model.ptr, ptr);
    }

    /** {@code mj_rnePostConstraint}: computes {@code cacc}, {@code cfrc_int}, {@code cfrc_ext}. */
    public void rnePostConstraint() {
        Mujoco.mj_rnePostConstraint(model.ptr, ptr);
    }

    /** {@code mj_resetData}: the model's default state (qpos0, zero velocity, zero warmstart, time 0). */
    public void reset() {
        Mujoco.mj_resetData(model.ptr, ptr);
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
