package org.mbpo.env;

import org.mbpo.env.mujoco.Ant;
import org.mbpo.env.mujoco.HalfCheetah;
import org.mbpo.env.mujoco.Hopper;
import org.mbpo.env.mujoco.Humanoid;
import org.mbpo.env.mujoco.InvertedDoublePendulum;
import org.mbpo.env.mujoco.InvertedPendulum;
import org.mbpo.env.mujoco.Walker2d;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of environments by Gymnasium id, as {@code gymnasium.make} has it: {@link #make(String)}
 * builds a fresh environment (with its time limit), {@link #modelFunctions(String)} its batched reward
 * and termination functions. The classic-control environments are pure Java; the {@code -v4} ones need the
 * MuJoCo C library ({@link org.mbpo.env.mujoco.Mujoco}), and {@code make} throws
 * {@link org.mbpo.env.mujoco.MujocoUnavailableException} (one line saying what to install) without it.
 * {@link #specs()} and {@link #modelFunctions(String)} work without the library.
 */
public final class Envs {

    private record Entry(EnvSpec spec, Supplier<Env> factory, Supplier<ModelFunctions> modelFunctions) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        register(Pendulum.SPEC, Pendulum::new, Pendulum::modelFunctions);
        register(MountainCarContinuous.SPEC, MountainCarContinuous::new, MountainCarContinuous::modelFunctions);
        register(ContinuousCartPole.SPEC, ContinuousCartPole::new, ContinuousCartPole::modelFunctions);
        register(InvertedPendulum.SPEC, InvertedPendulum::new, InvertedPendulum::modelFunctions);
        register(InvertedDoublePendulum.SPEC, InvertedDoublePendulum::new, InvertedDoublePendulum::modelFunctions);
        register(Hopper.SPEC, Hopper::new, Hopper::modelFunctions);
        register(Walker2d.SPEC, Walker2d::new, Walker2d::modelFunctions);
        register(HalfCheetah.SPEC, HalfCheetah::new, HalfCheetah::modelFunctions);
        register(Ant.TRUNCATED_SPEC, Ant::truncatedObs, Ant::modelFunctions);
        register(Humanoid.TRUNCATED_SPEC, Humanoid::truncatedObs, Humanoid::truncatedObsModelFunctions);
        register(Ant.SPEC, Ant::v4, Ant::modelFunctions);
        register(Humanoid.SPEC, Humanoid::v4, Humanoid::modelFunctions);
    }

    private Envs() {
    }

    private static void register(EnvSpec spec, Supplier<Env> factory, Supplier<ModelFunctions> fns) {
        REGISTRY.put(spec.id(), new Entry(spec, factory, fns));
    }

    /** Whether the environment needs the MuJoCo C library. */
    public static boolean needsMujoco(String id) {
        return !(id.equals(Pendulum.ID) || id.equals(MountainCarContinuous.ID) || id.equals(ContinuousCartPole.ID)) && REGISTRY.containsKey(id);
    }

    /** A new environment with the given id. */
    public static Env make(String id) {
        return entry(id).factory().get();
    }

    /** The batched reward and termination functions of the environment with the given id. */
    public static ModelFunctions modelFunctions(String id) {
        return entry(id).modelFunctions().get();
    }

    /** The spec of the environment with the given id, without building it. */
    public static EnvSpec spec(String id) {
        return entry(id).spec();
    }

    /** Every registered environment, in registration order. */
    public static List<EnvSpec> specs() {
        List<EnvSpec> out = new ArrayList<>();
        for (Entry e : REGISTRY.values()) {
            out.add(e.spec());
        }
        return List.copyOf(out);
    }

    private static Entry entry(String id) {
        Entry e = REGISTRY.get(id);
        if (e == null) {
            throw new IllegalArgumentException("unknown environment '" + id + "'; known: " + String.join(", ", REGISTRY.keySet()));
        }
        return e;
    }
}
