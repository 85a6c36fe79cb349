package org.mbpo.env;

import java.util.SplittableRandom;

/**
 * What every environment here shares: the seeded generator, the time limit (Gymnasium's
 * {@code TimeLimit} wrapper, which every {@code gymnasium.make} adds) and the argument checks
 * (Gymnasium's {@code OrderEnforcing}: no step before a reset).
 *
 * <p>Randomness: {@link #reset(long)} seeds a {@link SplittableRandom} with the given seed and
 * {@link #reset()} continues it, as Gymnasium's {@code reset(seed=...)} seeds {@code np_random}.
 * Gymnasium draws reset noise from NumPy's PCG64 generator, whose stream we do not reproduce: the
 * reset distributions are Gymnasium's, the samples are not. To replay a Gymnasium trajectory,
 * start from its recorded state with {@link #setState(double[])}.
 */
public abstract class AbstractEnv implements Env {
    private final EnvSpec spec;
    private final Box observationSpace;
    private final Box actionSpace;
    private SplittableRandom rng;
    private int elapsedSteps;
    private boolean started;

    protected AbstractEnv(EnvSpec spec, Box observationSpace, Box actionSpace) {
        if (observationSpace.dim() != spec.observationDim() || actionSpace.dim() != spec.actionDim()) {
            throw new IllegalArgumentException("spaces do not match the spec " + spec);
        }
        this.spec = spec;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
    }

    @Override
    public final EnvSpec spec() {
        return spec;
    }

    @Override
    public final Box observationSpace() {
        return observationSpace;
    }

    @Override
    public final Box actionSpace() {
        return actionSpace;
    }

    @Override
    public final double[] reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public final double[] reset() {
        if (rng == null) {
            throw new IllegalStateException(spec.id() + ": call reset(seed) once before reset(); randomness comes only from explicit seeds");
        }
        elapsedSteps = 0;
        started = true;
        return resetState(rng);
    }

    @Override
    public final Step step(double[] action) {
        if (!started) {
            throw new IllegalStateException(spec.id() + ": call reset(seed) or setState(state) before step");
        }
        if (action.length != spec.actionDim()) {
            throw new IllegalArgumentException(spec.id() + ": action has " + action.length + " entries, expected " + spec.actionDim());
        }
        Step s = advance(action);
        elapsedSteps++;
        return new Step(s.observation(), s.reward(), s.terminated(), s.truncated() || elapsedSteps >= spec.maxEpisodeSteps());
    }

    /**
     * Sets the state and returns its observation. The time-limit counter is not changed: after
     * {@code reset(seed)} it is 0, so {@code reset(seed); setState(s)} starts an episode at {@code s}.
     */
    @Override
    public final double[] setState(double[] state) {
        int n = stateDim();
        if (state.length != n) {
            throw new IllegalArgumentException(spec.id() + ": state has " + state.length + " entries, expected " + n);
        }
        started = true;
        return applyState(state.clone());
    }

    /** Steps taken since the last reset. */
    public final int elapsedSteps() {
        return elapsedSteps;
    }

    /** The length of {@link #state()}. */
    protected abstract int stateDim();

    /** Draws an initial state from Gymnasium's reset distribution, sets it, returns its observation. */
    protected abstract double[] resetState(SplittableRandom rng);

    /** One step of the dynamics, without the time limit (Gymnasium's unwrapped {@code step}). */
    protected abstract Step advance(double[] action);

    /** Sets the state (a private copy) and returns its observation. */
    protected abstract double[] applyState(double[] state);
}
