package org.mbpo.algorithm;

import org.mbpo.data.ReplayBuffer;
import org.mbpo.env.Env;
import org.mbpo.env.Step;
import org.mbpo.random.Rng;
import org.mbpo.train.ActionScale;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real environment that fills D_env, with its episode in progress (Algorithm 2, line 5: "take
 * action in environment according to π; add to D_env").
 *
 * <p>Every episode starts with {@code env.reset(seed)}, the seed drawn from this object's own
 * generator, and the episode's actions are kept. The episode in progress is therefore saved as
 * (seed, actions) and restored by replaying them ({@link #restore}): exact for any deterministic
 * environment, MuJoCo's solver warm start included, without reading the simulator's internals. The
 * replay is checked: the restored observation must equal the saved one bit for bit.
 *
 * <p>Actions are the agent's, in [−1, 1]^|A|; they are stored in D_env as they are and scaled to the
 * environment's box for the step.
 */
final class TrainingEnvironment {
    private final Env env;
    private final ActionScale scale;
    private final Rng episodeSeeds;
    private final List<double[]> episodeActions = new ArrayList<>();
    private final double[] envAction;
    private long episodeSeed;
    private double[] observation;
    private double episodeReturn;
    private long episodes;

    /**
     * What {@link #restore} needs.
     *
     * @param episodeSeeds  the generator of episode seeds
     * @param episodeSeed   the seed the episode in progress started from
     * @param actions       the environment actions of the episode so far, {@code [steps][actDim]}
     * @param observation   the current observation {@code [obsDim]}, to check the replay against
     * @param episodeReturn the episode's return so far
     * @param episodes      episodes finished
     */
    record State(Rng.State episodeSeeds, long episodeSeed, double[][] actions, double[] observation, double episodeReturn,
                 long episodes) {
    }

    /** Wraps {@code env} and starts its first episode with a seed from {@code episodeSeeds}. */
    TrainingEnvironment(Env env, Rng episodeSeeds) {
        this.env = env;
        this.scale = new ActionScale(env.actionSpace());
        this.episodeSeeds = episodeSeeds;
        this.envAction = new double[env.spec().actionDim()];
        startEpisode();
    }

    private void startEpisode() {
        episodeSeed = episodeSeeds.nextLong();
        observation = env.reset(episodeSeed);
        episodeActions.clear();
        episodeReturn = 0;
    }

    /** The current observation {@code [obsDim]} (do not modify). */
    double[] observation() {
        return observation;
    }

    /** Episodes finished. */
    long episodes() {
        return episodes;
    }

    /**
     * Takes agent action {@code a} ([−1, 1]^|A|), adds the transition to {@code real} (with
     * {@code terminated} and {@code truncated}) and starts a new episode when this one ends. Mutates the environment and the buffer.
     *
     * @return the return of the episode this step finished, or NaN if it goes on
     */
    double step(double[] a, ReplayBuffer real) {
        scale.toEnv(a, envAction);
        Step s = env.step(envAction);
        real.add(observation, a, s.reward(), s.observation(), s.terminated(), s.truncated());
        episodeActions.add(envAction.clone());
        episodeReturn += s.reward();
        if (s.done()) {
            double finished = episodeReturn;
            episodes++;
            startEpisode();
            return finished;
        }
        observation = s.observation();
        return Double.NaN;
    }

    State state() {
        return new State(episodeSeeds.state(), episodeSeed, episodeActions.toArray(new double[0][]), observation.clone(),
                episodeReturn, episodes);
    }

    /**
     * Puts the environment back into {@code state} by replaying the saved episode from its seed.
     *
     * @throws CheckpointException if the replay does not reproduce the saved observation exactly
     */
    void restore(State state) {
        episodeSeeds.restoreState(state.episodeSeeds());
        episodeSeed = state.episodeSeed();
        episodes = state.episodes();
        double[] obs = env.reset(episodeSeed);
        episodeActions.clear();
        for (double[] action : state.actions()) {
            Step s = env.step(action);
            if (s.done()) {
                throw new CheckpointException("replaying the interrupted episode ended it early, at step "
                        + (episodeActions.size() + 1) + ": this environment does not repeat itself (another version?)");
            }
            obs = s.observation();
            episodeActions.add(action.clone());
        }
        if (!Arrays.equals(obs, state.observation())) {
            throw new CheckpointException("replaying the interrupted episode (" + state.actions().length
                    + " steps) did not reproduce its observation: this environment does not repeat itself (another version?)");
        }
        observation = obs;
        episodeReturn = state.episodeReturn();
    }
}
