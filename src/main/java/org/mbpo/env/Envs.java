package org.mbpo.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of environments by Gymnasium id, as {@code gymnasium.make} has it: {@link #make(String)}
 * builds a fresh environment (with its time limit), {@link #modelFunctions(String)} its batched reward
 * and termination functions.
 */
public final class Envs {

    private record Entry(EnvSpec spec, Supplier<Env> factory, Supplier<ModelFunctions> modelFunctions) {
    }

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        register(Pendulum.SPEC, Pendulum::new, Pendulum::modelFunctions);
        register(MountainCarContinuous.SPEC, MountainCarContinuous::new, MountainCarContinuous::modelFunctions);
        register(ContinuousCartPole.SPEC, ContinuousCartPole::new, ContinuousCartPole::modelFunctions);
    }

    private Envs() {
    }

    private static void register(EnvSpec spec, Supplier<Env> factory, Supplier<ModelFunctions> fns) {
        REGISTRY.put(spec.id(), new Entry(spec, factory, fns));
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
