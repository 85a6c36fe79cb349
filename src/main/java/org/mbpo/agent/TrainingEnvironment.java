package org.mbpo.agent;

import org.mbpo.data.BinaryIo;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.env.Env;
import org.mbpo.env.Step;
import org.mbpo.random.Rng;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real environment that fills D_env, with its episode in progress (Haarnoja et al. 2018a, Algorithm 1,
 * and Janner et al. 2019, Algorithm 2, line 5: "take action in environment according to π; add to D_env").
 *
 * <p>Episodes start in one of two ways, fixed at construction: {@link #seededEpisodes} (MBPO's): every
 * episode with {@code env.reset(seed)}, the seed drawn from a generator of episode seeds;
 * {@link #continuedEpisodes} (SAC's, as Gymnasium code usually runs): {@code env.reset(seed)} once, then
 * {@code env.reset()}, which continues the environment's generator. Either way the episode in progress is
 * saved as its start and its actions ({@link #state}) and restored by replaying them ({@link #restore}):
 * exact for any deterministic environment, MuJoCo's solver warm start included, without reading the
 * simulator's internals. A continued episode's start is reached by repeating the resets before it (a
 * reset's draws depend only on the generator). The replay is checked: the restored observation must equal
 * the saved one bit for bit.
 *
 * <p>Actions are the agent's, in [−1, 1]^|A|; they are stored in D_env as they are and scaled to the
 * environment's box for the step. Mutable; not thread-safe.
 */
public final class TrainingEnvironment {
    private final Env env;
    private final ActionScale scale;
    /** The generator of episode seeds, or null for continued episodes. */
    private final Rng episodeSeeds;
    private final List<double[]> episodeActions = new ArrayList<>();
    private final double[] envAction;
    /** The seed of the episode in progress (seeded episodes), or the one seed of all of them (continued). */
    private long episodeSeed;
    private double[] observation;
    private double episodeReturn;
    private long episodes;

    /**
     * What {@link #restore} needs.
     *
     * @param episodeSeeds  the generator of episode seeds (null for continued episodes)
     * @param episodeSeed   the seed the episode in progress started from (continued: the first episode's)
     * @param actions       the environment actions of the episode so far, {@code [steps][actDim]}
     * @param observation   the current observation {@code [obsDim]}, to check the replay against
     * @param episodeReturn the episode's return so far
     * @param episodes      episodes finished
     */
    public record State(Rng.State episodeSeeds, long episodeSeed, double[][] actions, double[] observation,
                        double episodeReturn, long episodes) {
    }

    private TrainingEnvironment(Env env, Rng episodeSeeds, long seed) {
        this.env = env;
        this.scale = new ActionScale(env.actionSpace());
        this.episodeSeeds = episodeSeeds;
        this.envAction = new double[env.spec().actionDim()];
        this.episodeSeed = seed;
        startEpisode();
    }

    /** {@code env} with every episode started from {@code env.reset(episodeSeeds.nextLong())} (MBPO's); starts the first. */
    public static TrainingEnvironment seededEpisodes(Env env, Rng episodeSeeds) {
        return new TrainingEnvironment(env, episodeSeeds, 0);
    }

    /** {@code env} started with {@code env.reset(seed)} and every later episode with {@code env.reset()} (SAC's); starts the first. */
    public static TrainingEnvironment continuedEpisodes(Env env, long seed) {
        return new TrainingEnvironment(env, null, seed);
    }

    private void startEpisode() {
        if (episodeSeeds != null) {
            episodeSeed = episodeSeeds.nextLong();
            observation = env.reset(episodeSeed);
        } else {
            observation = episodes == 0 ? env.reset(episodeSeed) : env.reset();
        }
        episodeActions.clear();
        episodeReturn = 0;
    }

    /** The environment (its spec, its action space). */
    public Env env() {
        return env;
    }

    /** The current observation {@code [obsDim]} (do not modify). */
    public double[] observation() {
        return observation;
    }

    /** Episodes finished. */
    public long episodes() {
        return episodes;
    }

    /**
     * Takes agent action {@code a} ([−1, 1]^|A|), adds the transition to {@code real} (with
     * {@code terminated} and {@code truncated}) and starts a new episode when this one ends. Mutates the
     * environment and the buffer.
     *
     * @return the return of the episode this step finished, or NaN if it goes on
     */
    public double step(double[] a, ReplayBuffer real) {
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

    /** The episode in progress and what started it (for a checkpoint). */
    public State state() {
        return new State(episodeSeeds == null ? null : episodeSeeds.state(), episodeSeed,
                episodeActions.toArray(new double[0][]), observation.clone(), episodeReturn, episodes);
    }

    /**
     * Writes {@link #state()} (checkpoints): the generator of episode seeds (seeded episodes only), the seed,
     * episodes finished, the return so far, the observation and the actions of the episode, big-endian.
     */
    public void writeState(DataOutput out) throws IOException {
        State s = state();
        if (s.episodeSeeds() != null) {
            s.episodeSeeds().writeTo(out);
        }
        out.writeLong(s.episodeSeed());
        out.writeLong(s.episodes());
        out.writeDouble(s.episodeReturn());
        BinaryIo.writeDoubleArray(out, s.observation());
        out.writeInt(s.actions().length);
        for (double[] a : s.actions()) {
            BinaryIo.writeDoubleArray(out, a);
        }
    }

    /**
     * Reads what {@link #writeState} wrote for an environment like this one (nothing is applied: see {@link #restore}).
     *
     * @throws IOException if the sizes read do not fit this environment
     */
    public State readState(DataInput in) throws IOException {
        Rng.State seeds = episodeSeeds != null ? Rng.State.readFrom(in) : null;
        long seed = in.readLong();
        long finished = in.readLong();
        double ret = in.readDouble();
        double[] obs = BinaryIo.readDoubleArray(in, env.spec().observationDim());
        int steps = in.readInt();
        if (steps < 0 || steps > env.spec().maxEpisodeSteps()) {
            throw new IOException("an episode in progress of " + steps + " steps");
        }
        double[][] actions = new double[steps][];
        for (int i = 0; i < steps; i++) {
            actions[i] = BinaryIo.readDoubleArray(in, env.spec().actionDim());
        }
        return new State(seeds, seed, actions, obs, ret, finished);
    }

    /**
     * Puts the environment back into {@code state} by replaying the saved episode from its start. Mutates it.
     *
     * @throws IllegalStateException if the replay does not reproduce the saved observation exactly, or the
     *                               state is of the other way of starting episodes
     */
    public void restore(State state) {
        if ((state.episodeSeeds() == null) != (episodeSeeds == null)) {
            throw new IllegalStateException("the saved episodes started " + (state.episodeSeeds() == null ? "continued" : "seeded")
                    + ", this environment's start " + (episodeSeeds == null ? "continued" : "seeded"));
        }
        episodeSeed = state.episodeSeed();
        episodes = state.episodes();
        double[] obs;
        if (episodeSeeds != null) {
            episodeSeeds.restoreState(state.episodeSeeds());
            obs = env.reset(episodeSeed);
        } else {
            obs = replayResets(env, episodeSeed, episodes);
        }
        episodeActions.clear();
        for (double[] action : state.actions()) {
            Step s = env.step(action);
            if (s.done()) {
                throw new IllegalStateException("replaying the interrupted episode ended it early, at step "
                        + (episodeActions.size() + 1) + ": this environment does not repeat itself (another version?)");
            }
            obs = s.observation();
            episodeActions.add(action.clone());
        }
        if (!Arrays.equals(obs, state.observation())) {
            throw new IllegalStateException("replaying the interrupted episode (" + state.actions().length
                    + " steps) did not reproduce its observation: this environment does not repeat itself (another version?)");
        }
        observation = obs;
        episodeReturn = state.episodeReturn();
    }

    /**
     * Brings a continued-episodes environment used only for whole episodes (SAC's evaluation environment) to
     * where it stood after {@code resets} more resets than its seeded one: {@code env.reset(seed)}, then
     * {@code resets} times {@code env.reset()}. Mutates {@code env}.
     *
     * @return the last reset's observation
     */
    public static double[] replayResets(Env env, long seed, long resets) {
        double[] obs = env.reset(seed);
        for (long e = 0; e < resets; e++) {
            obs = env.reset();
        }
        return obs;
    }
}
