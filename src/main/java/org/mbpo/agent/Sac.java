package org.mbpo.agent;

import org.mbpo.data.TransitionBatch;
import org.mbpo.nn.Activation;
import org.mbpo.nn.Adam;
import org.mbpo.nn.AdamConfig;
import org.mbpo.nn.Mlp;
import org.mbpo.nn.Workspace;

import org.mbpo.random.Rng;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * Soft Actor-Critic (Haarnoja et al. 2018a, Algorithm 1, with the learned temperature of 2018b,
 * Sec. 5): a tanh-squashed Gaussian actor ({@link SquashedGaussian}), twin Q critics with Polyak-averaged
 * targets, and a temperature α fitted to a target entropy. {@link #update} is one gradient step of
 * each, in the order of CleanRL's and SB3's implementations: critics, then the actor against the
 * updated critics, then α, then the targets.
 *
 * <p>Actions live in [−1, 1]^|A| (the squashed space, as SB3 stores them); scale them to the
 * environment's bounds outside. Log-probabilities and the entropy target are in this space.
 *
 * <p>All buffers are preallocated for the configured batch; an update allocates nothing but its
 * result. The two critics' work can run on two threads ({@link #setTwoThreads}), with identical
 * results. Not thread-safe otherwise.
 *
 * <p>Implementation details that differ from the paper, as in CleanRL and SB3: the critic loss is
 * the sum of the two critics' mean squared errors (no ½); α is learned through log α; the
 * log-std is clamped, not squashed; the actor runs once on s and s' together (its parameters do not
 * change before its own step, so this equals two passes).
 */
public final class Sac implements Policy, AutoCloseable {
    private final int obsDim;
    private final int actDim;
    private final SacConfig config;
    private final int batch;
    private final float targetEntropy;

    final Mlp actor;
    final Mlp q1;
    final Mlp q2;
    final Mlp q1Target;
    final Mlp q2Target;
    private final Adam actorAdam;
    private final Adam q1Adam;
    private final Adam q2Adam;
    private final Adam alphaAdam;
    /** log α, a one-element vector for Adam. */
    private final float[] logAlpha = new float[1];
    /** The gradient of the last update's temperature loss with respect to log α (package-private for the gradient tests). */
    final float[] logAlphaGrad = new float[1];
    /** The noise of updates (split from the constructor's generator). */
    private final RandomGenerator noise;

    /** The actor on the batch's observations (columns 0 … B−1) and next observations (B … 2B−1). */
    final Workspace actorWs;
    final Workspace q1Ws;
    final Workspace q2Ws;
    private final Workspace q1TargetWs;
    private final Workspace q2TargetWs;
    final SquashedGaussian policy;
    /** The critics' regression target y, {@code [B]}. */
    final float[] target;
    private final Workspace actWs;
    private final SquashedGaussian actPolicy;
    /** Per critic k = 0, 1: the network, its target, workspaces, optimizer and last loss. */
    private final Mlp[] q;
    private final Mlp[] qTarget;
    private final Workspace[] qWs;
    private final Workspace[] qTargetWs;
    private final Adam[] qAdam;
    private final double[] qLoss = new double[2];
    /** The batch of the update in progress (read by the per-critic tasks). */
    private TransitionBatch current;
    /** Runs the two critics' work at once, or null to run it in turn on the calling thread. */
    private TwinRunner twin;
    /** The per-critic steps of an update, as tasks for {@link #bothCritics}. */
    private final IntConsumer targetTask;
    private final IntConsumer criticTask;
    private final IntConsumer actorForwardTask;
    private final IntConsumer actorBackwardTask;
    private final IntConsumer polyakTask;

    /** For {@link #actBatch}: made on first use, then reused. */
    private Workspace chunkWs;
    private SquashedGaussian chunkPolicy;
    /** Observations per forward pass in {@link #actBatch}. */
    static final int CHUNK = 1024;

    /**
     * A new agent with freshly initialised networks.
     *
     * @param rng split here into the generators of each network's initial weights and of the
     *            updates' noise; nothing else is drawn from it
     */
    public Sac(int obsDim, int actDim, SacConfig config, SplittableRandom rng) {
        this(obsDim, actDim, config, rng.split(), rng.split(), rng.split(), rng.split());
    }

    /**
     * A new agent with freshly initialised networks whose state, the noise generator's included, can be
     * saved ({@link #state()}) and restored ({@link #restoreState}). The same seed gives the same agent
     * as the {@link SplittableRandom} constructor.
     *
     * @param rng split here, as in the other constructor; nothing else is drawn from it
     */
    public Sac(int obsDim, int actDim, SacConfig config, Rng rng) {
        this(obsDim, actDim, config, rng.split(), rng.split(), rng.split(), rng.split());
    }

    /** The generators, in the order they are split: actor, critic 1 and critic 2 initial weights, the updates' noise. */
    private Sac(int obsDim, int actDim, SacConfig config, RandomGenerator actorInit, RandomGenerator q1Init,
                RandomGenerator q2Init, RandomGenerator noise) {
        if (obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("obsDim and actDim must be positive, got " + obsDim + ", " + actDim);
        }
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.config = config;
        this.batch = config.batchSize();
        this.targetEntropy = (float) config.targetEntropy(actDim);
        int[] actorDims = dims(obsDim, 2 * actDim, config);
        int[] criticDims = dims(obsDim + actDim, 1, config);
        this.actor = new Mlp(actorDims, Activation.RELU, actorInit);
        this.q1 = new Mlp(criticDims, Activation.RELU, q1Init);
        this.q2 = new Mlp(criticDims, Activation.RELU, q2Init);
        this.q1Target = Mlp.copyOf(q1);
        this.q2Target = Mlp.copyOf(q2);
        this.noise = noise;
        AdamConfig adam = AdamConfig.withLearningRate(config.learningRate());
        this.actorAdam = new Adam(actor, adam);
        this.q1Adam = new Adam(q1, adam);
        this.q2Adam = new Adam(q2, adam);
        this.alphaAdam = new Adam(1, adam);
        this.logAlpha[0] = (float) Math.log(config.initialAlpha());

        this.actorWs = actor.workspace(2 * batch);
        this.q1Ws = q1.workspace(batch);
        this.q2Ws = q2.workspace(batch);
        this.q1TargetWs = q1Target.workspace(batch);
        this.q2TargetWs = q2Target.workspace(batch);
        this.policy = new SquashedGaussian(actDim, 2 * batch, config.logStdMin(), config.logStdMax());
        this.target = new float[batch];
        this.actWs = actor.workspace(1);
        this.actPolicy = new SquashedGaussian(actDim, 1, config.logStdMin(), config.logStdMax());
        this.q = new Mlp[] {q1, q2};
        this.qTarget = new Mlp[] {q1Target, q2Target};
        this.qWs = new Workspace[] {q1Ws, q2Ws};
        this.qTargetWs = new Workspace[] {q1TargetWs, q2TargetWs};
        this.qAdam = new Adam[] {q1Adam, q2Adam};
        this.targetTask = k -> {
            criticInput(qTargetWs[k], current.nextObservations(), batch);
            qTarget[k].forward(qTargetWs[k], batch);
        };
        this.criticTask = k -> {
            qLoss[k] = criticGradients(q[k], qWs[k], current);
            q[k].updateInPlace(qAdam[k]);
        };
        this.actorForwardTask = k -> {
            criticInput(qWs[k], current.observations(), 0);
            q[k].forward(qWs[k], batch);
        };
        this.actorBackwardTask = k -> q[k].backward(qWs[k], batch, false, obsDim, actDim);
        this.polyakTask = k -> qTarget[k].polyakInPlace(q[k], (float) config.tau());
    }

    /**
     * Whether the two critics' work runs on two threads at once (this thread and one worker), or in
     * turn on the calling thread (the default). Results are identical either way; with two threads,
     * keep BLAS single-threaded ({@link org.mbpo.nn.Blas#setThreads}). Mutates the agent; call
     * {@link #close()} to stop the worker.
     */
    public void setTwoThreads(boolean on) {
        if (on && twin == null) {
            twin = new TwinRunner();
        } else if (!on && twin != null) {
            twin.close();
            twin = null;
        }
    }

    /** Stops the worker thread of {@link #setTwoThreads}, if any. */
    @Override
    public void close() {
        setTwoThreads(false);
    }

    /** Runs {@code task} for critic 0 and critic 1, at once if two threads are on. */
    private void bothCritics(IntConsumer task) {
        if (twin == null) {
            task.accept(0);
            task.accept(1);
        } else {
            twin.run(task);
        }
    }

    private static int[] dims(int in, int out, SacConfig c) {
        int[] d = new int[c.hiddenLayers() + 2];
        d[0] = in;
        for (int l = 1; l <= c.hiddenLayers(); l++) {
            d[l] = c.hiddenWidth();
        }
        d[d.length - 1] = out;
        return d;
    }

    public int obsDim() {
        return obsDim;
    }

    public int actDim() {
        return actDim;
    }

    public SacConfig config() {
        return config;
    }

    /** The current temperature α. */
    public double alpha() {
        return Math.exp(logAlpha[0]);
    }

    /**
     * One SAC update on {@code batch} (of the configured size): a gradient step of both critics, the
     * actor and (if learned) α, then the Polyak update of the targets. Mutates the agent.
     *
     * @return the losses before the steps, α and the policy's entropy estimate
     */
    public SacLosses update(TransitionBatch batch) {
        float alpha = (float) alpha();
        current = batch;
        // The policy on s and s' in one pass: the actor does not change before its own step.
        samplePolicy(batch);
        // Critic target y = r + γ (1 − terminated) (min_i Q̄_i(s', a') − α log π(a'|s')), a' ~ π(·|s').
        computeTarget(batch, alpha);
        // Critic step: minimise Σ_i mean (Q_i(s, a) − y)².
        bothCritics(criticTask);
        // Actor step: minimise mean α log π(ã|s) − min_i Q_i(s, ã), ã ~ π(·|s), against the updated critics.
        double actorLoss = actorGradients(batch, alpha);
        actor.updateInPlace(actorAdam);
        // Temperature step: minimise −log α · mean(log π(ã|s) + H̄).
        double meanLogProb = meanLogProb();
        double alphaLoss = 0;
        if (config.autoAlpha()) {
            alphaLoss = -logAlpha[0] * (meanLogProb + targetEntropy);
            logAlphaGrad[0] = (float) -(meanLogProb + targetEntropy);
            alphaAdam.stepInPlace(logAlpha, logAlphaGrad);
        }
        // Targets: θ̄ ← (1 − τ) θ̄ + τ θ.
        bothCritics(polyakTask);
        return new SacLosses(qLoss[0], qLoss[1], actorLoss, alphaLoss, alpha, -meanLogProb);
    }

    /** Runs the actor on s (columns 0 … B−1) and s' (B … 2B−1) and samples both. */
    void samplePolicy(TransitionBatch b) {
        requireBatch(b);
        int ld = 2 * batch;
        float[] x = actorWs.input();
        transposeInto(b.observations(), obsDim, x, ld, 0);
        transposeInto(b.nextObservations(), obsDim, x, ld, batch);
        actor.forward(actorWs, ld);
        policy.sample(actorWs.output(), 0, ld, noise);
    }

    /** The critics' target from the target networks at (s', a'); needs {@link #samplePolicy}. */
    void computeTarget(TransitionBatch b, float alpha) {
        current = b;
        bothCritics(targetTask);
        float[] t1 = q1TargetWs.output();
        float[] t2 = q2TargetWs.output();
        float[] r = b.rewards();
        boolean[] done = b.terminated();
        float gamma = (float) config.gamma();
        for (int c = 0; c < batch; c++) {
            float soft = Math.min(t1[c], t2[c]) - alpha * (float) policy.logProb[batch + c];
            target[c] = r[c] + (done[c] ? 0f : gamma * soft);
        }
    }

    /** Writes (obs, policy actions from column {@code actionColumn} on) into a critic's input. */
    private void criticInput(Workspace ws, float[] obs, int actionColumn) {
        float[] x = ws.input();
        transposeInto(obs, obsDim, x, batch, 0);
        for (int j = 0; j < actDim; j++) {
            System.arraycopy(policy.action, j * 2 * batch + actionColumn, x, (obsDim + j) * batch, batch);
        }
    }

    /** One critic's loss mean (Q(s, a) − y)² and its parameter gradients, against {@link #target}. */
    double criticGradients(Mlp net, Workspace ws, TransitionBatch b) {
        float[] x = ws.input();
        transposeInto(b.observations(), obsDim, x, batch, 0);
        transposeInto(b.actions(), actDim, x, batch, obsDim * batch);
        net.forward(ws, batch);
        float[] v = ws.output();
        float[] g = ws.outputGrad();
        double sum = 0;
        for (int c = 0; c < batch; c++) {
            float err = v[c] - target[c];
            sum += (double) err * err;
            g[c] = 2f * err / batch;
        }
        net.backward(ws, batch, true, 0, 0);
        return sum / batch;
    }

    /** The actor's loss and parameter gradients at the actions sampled for s; needs {@link #samplePolicy}. */
    double actorGradients(TransitionBatch b, float alpha) {
        current = b;
        bothCritics(actorForwardTask);
        float[] v1 = q1Ws.output();
        float[] v2 = q2Ws.output();
        float[] g1 = q1Ws.outputGrad();
        float[] g2 = q2Ws.outputGrad();
        float w = 1f / batch;
        double loss = 0;
        for (int c = 0; c < batch; c++) {
            loss += alpha * policy.logProb[c] - Math.min(v1[c], v2[c]);
            // d/dQ of −min(Q1, Q2); a tie splits the gradient as torch.min does.
            g1[c] = v1[c] < v2[c] ? -w : v1[c] > v2[c] ? 0f : -0.5f * w;
            g2[c] = v2[c] < v1[c] ? -w : v2[c] > v1[c] ? 0f : -0.5f * w;
        }
        bothCritics(actorBackwardTask);
        float[] d1 = q1Ws.inputGrad();
        float[] d2 = q2Ws.inputGrad();
        for (int i = obsDim * batch; i < (obsDim + actDim) * batch; i++) {
            d1[i] += d2[i];
        }
        // dL/da now sits in rows obsDim … obsDim+actDim−1 of d1, row stride B.
        policy.gradient(d1, obsDim * batch, batch, alpha * (double) w, 0, batch, actorWs.outputGrad());
        actor.backward(actorWs, batch, true, 0, 0);
        return loss / batch;
    }

    private double meanLogProb() {
        double s = 0;
        for (int c = 0; c < batch; c++) {
            s += policy.logProb[c];
        }
        return s / batch;
    }

    private void requireBatch(TransitionBatch b) {
        if (b.size() != batch || b.obsDim() != obsDim || b.actDim() != actDim) {
            throw new IllegalArgumentException("batch of " + b.size() + " × (" + b.obsDim() + ", " + b.actDim()
                    + "), agent expects " + batch + " × (" + obsDim + ", " + actDim + ")");
        }
    }

    /** Writes the row-major {@code [n, dim]} {@code src} transposed into {@code dst} at {@code offset}: {@code dst[offset + k·ld + i] = src[i·dim + k]}. */
    private static void transposeInto(float[] src, int dim, float[] dst, int ld, int offset) {
        int n = src.length / dim;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dim; k++) {
                dst[offset + k * ld + i] = src[i * dim + k];
            }
        }
    }

    /**
     * The policy's action for one observation, into {@code action} ({@code [actDim]}, in [−1, 1]):
     * tanh(μ(s)) when {@code deterministic} (for evaluation), else a sample drawn with {@code rng}.
     */
    @Override
    public void act(double[] obs, boolean deterministic, RandomGenerator rng, double[] action) {
        if (obs.length != obsDim || action.length != actDim) {
            throw new IllegalArgumentException("expected an observation of " + obsDim + " and an action of " + actDim + " entries");
        }
        float[] x = actWs.input();
        for (int k = 0; k < obsDim; k++) {
            x[k] = (float) obs[k];
        }
        actor.forward(actWs, 1);
        float[] head = actWs.output();
        if (deterministic) {
            for (int j = 0; j < actDim; j++) {
                action[j] = (float) Math.tanh(head[j]);
            }
            return;
        }
        actPolicy.sample(head, 0, 1, rng);
        for (int j = 0; j < actDim; j++) {
            action[j] = actPolicy.action[j];
        }
    }

    /**
     * The policy's actions for {@code n} observations at once (MBPO's model rollouts), in chunks of
     * {@value #CHUNK}: {@code obs} is row-major {@code [n, obsDim]}, {@code actions} row-major
     * {@code [n, actDim]} in [−1, 1]; deterministic (tanh μ) or sampled with {@code rng}.
     */
    public void actBatch(float[] obs, int n, boolean deterministic, RandomGenerator rng, float[] actions) {
        if (obs.length < n * obsDim || actions.length < n * actDim) {
            throw new IllegalArgumentException("arrays too short for " + n + " observations");
        }
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            float[] head = forwardChunk(obs, start, m);
            if (!deterministic) {
                chunkPolicy.sample(head, 0, m, rng);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < actDim; j++) {
                    actions[(start + i) * actDim + j] = deterministic
                            ? (float) Math.tanh(head[j * CHUNK + i]) : chunkPolicy.action[j * CHUNK + i];
                }
            }
        }
    }

    /**
     * The actor's output (feature-major, {@value #CHUNK} columns) for observations {@code start ..
     * start + m - 1} of the row-major {@code obs}; the workspace of {@link #actBatch} and {@link #distribution}.
     */
    private float[] forwardChunk(float[] obs, int start, int m) {
        if (chunkWs == null) {
            chunkWs = actor.workspace(CHUNK);
            chunkPolicy = new SquashedGaussian(actDim, CHUNK, config.logStdMin(), config.logStdMax());
        }
        float[] x = chunkWs.input();
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < obsDim; k++) {
                x[k * CHUNK + i] = obs[(start + i) * obsDim + k];
            }
        }
        actor.forward(chunkWs, m);
        return chunkWs.output();
    }

    /**
     * The policy's Gaussian before the tanh squashing, for {@code n} observations: u ~ N(μ(s), diag σ(s)²)
     * and a = tanh(u). {@code obs} is row-major {@code [n, obsDim]}; writes {@code mean} (μ) and
     * {@code logStd} (log σ, clamped to [logStdMin, logStdMax] as sampling clamps it), both row-major
     * {@code [n, actDim]}. tanh(μ) is the deterministic action. tanh is a bijection, so KL and TV
     * between two such policies at a state equal those between these Gaussians
     * ({@link org.mbpo.analysis.GaussianShift}). Uses the workspace of {@link #actBatch}.
     */
    public void distribution(float[] obs, int n, float[] mean, float[] logStd) {
        if (n < 0 || obs.length < n * obsDim || mean.length < n * actDim || logStd.length < n * actDim) {
            throw new IllegalArgumentException("arrays too short for " + n + " observations");
        }
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            float[] head = forwardChunk(obs, start, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < actDim; j++) {
                    mean[(start + i) * actDim + j] = head[j * CHUNK + i];
                    double raw = head[(actDim + j) * CHUNK + i];
                    logStd[(start + i) * actDim + j] = (float) Math.min(Math.max(raw, config.logStdMin()), config.logStdMax());
                }
            }
        }
    }

    /**
     * Everything that decides the agent's future updates and actions: the five networks' parameters
     * (each in {@link Mlp#parameters()}'s layout), the four optimizers' states, log α and the update
     * noise generator's state. A value: its arrays are copies, nothing shares them.
     */
    public record State(float[] actor, float[] q1, float[] q2, float[] q1Target, float[] q2Target, Adam.State actorAdam,
                        Adam.State q1Adam, Adam.State q2Adam, Adam.State alphaAdam, float logAlpha, Rng.State noise) {
    }

    /**
     * The agent's state (for a checkpoint).
     *
     * @throws IllegalStateException if the agent was made with a {@link SplittableRandom}, whose state
     *                               cannot be read: use the {@link Rng} constructor
     */
    public State state() {
        if (!(noise instanceof Rng rng)) {
            throw new IllegalStateException("this agent's noise generator is a SplittableRandom, whose state cannot be saved; "
                    + "construct the agent with an org.mbpo.random.Rng");
        }
        return new State(actor.parameters().clone(), q1.parameters().clone(), q2.parameters().clone(),
                q1Target.parameters().clone(), q2Target.parameters().clone(), actorAdam.state(), q1Adam.state(),
                q2Adam.state(), alphaAdam.state(), logAlpha[0], rng.state());
    }

    /**
     * Puts the agent back into {@code state} (as {@link #state()} returned it, from an agent of the same
     * sizes and config): afterwards its updates and actions are those the saved agent would have made.
     * Mutates the agent.
     *
     * @throws IllegalArgumentException if the state is for networks of other sizes
     * @throws IllegalStateException    if this agent was made with a {@link SplittableRandom}
     */
    public void restoreState(State state) {
        if (!(noise instanceof Rng rng)) {
            throw new IllegalStateException("this agent's noise generator is a SplittableRandom; construct it with an org.mbpo.random.Rng");
        }
        actor.setParameters(state.actor());
        q1.setParameters(state.q1());
        q2.setParameters(state.q2());
        q1Target.setParameters(state.q1Target());
        q2Target.setParameters(state.q2Target());
        actorAdam.restoreState(state.actorAdam());
        q1Adam.restoreState(state.q1Adam());
        q2Adam.restoreState(state.q2Adam());
        alphaAdam.restoreState(state.alphaAdam());
        logAlpha[0] = state.logAlpha();
        rng.restoreState(state.noise());
    }

    /** The name of the first network (or "alpha") with a NaN or infinite parameter, or null if all are finite. */
    public String firstNonFiniteNetwork() {
        if (!actor.parametersFinite()) {
            return "actor";
        }
        if (!q1.parametersFinite()) {
            return "q1";
        }
        if (!q2.parametersFinite()) {
            return "q2";
        }
        if (!q1Target.parametersFinite()) {
            return "q1_target";
        }
        if (!q2Target.parametersFinite()) {
            return "q2_target";
        }
        return Float.isFinite(logAlpha[0]) ? null : "alpha";
    }
}
