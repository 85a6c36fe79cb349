package org.mbpo.env;

/**
 * A reinforcement-learning environment with Gymnasium's conventions (gymnasium 1.x {@code Env}):
 * {@link #reset(long)} returns the first observation, {@link #step(double[])} returns a {@link Step}
 * with the observation, the reward and the two ways an episode ends: {@code terminated} (a terminal
 * state of the MDP; bootstrapping stops) and {@code truncated} (the time limit; bootstrapping goes on).
 *
 * <p>The time limit ({@link EnvSpec#maxEpisodeSteps()}) is part of every environment: the step that
 * reaches it returns {@code truncated = true}. {@link #state()} and {@link #setState(double[])} expose
 * the simulator state (qpos then qvel for MuJoCo, the state vector for classic control) so a
 * trajectory can be replayed from a given state.
 *
 * <p>An environment is not thread-safe; use one per thread.
 */
public interface Env extends AutoCloseable {

    /** The id, sizes and time limit. */
    EnvSpec spec();

    /** The observation space, {@code [obsDim]}. */
    Box observationSpace();

    /** The action space, {@code [actDim]}. Actions outside it are clipped as Gymnasium's env does, or rejected (see each env). */
    Box actionSpace();

    /** Seeds the environment's generator and starts an episode (Gymnasium's {@code reset(seed=seed)}). */
    double[] reset(long seed);

    /** Starts a new episode, continuing the generator seeded by the last {@link #reset(long)}. */
    double[] reset();

    /** Applies an action {@code [actDim]}. */
    Step step(double[] action);

    /** The simulator state, a copy: qpos then qvel for MuJoCo tasks, the state vector for classic control. */
    double[] state();

    /** Sets the simulator state (as {@link #state()} returns it) and returns the observation of that state. */
    double[] setState(double[] state);

    /** Releases native resources, if any. */
    @Override
    default void close() {
    }
}
