package org.mbpo.agent;

import org.mbpo.data.BinaryIo;
import org.mbpo.data.TransitionBatch;
import org.mbpo.nn.Activation;
import org.mbpo.nn.Adam;
import org.mbpo.nn.AdamConfig;
import org.mbpo.nn.Mlp;
import org.mbpo.nn.Nd4jArrays;
import org.mbpo.nn.Profile;
import org.mbpo.nn.Profile.Part;
import org.mbpo.nn.Workspace;
import org.mbpo.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;

/**
 * Soft Actor-Critic (Haarnoja et al. 2018a, Algorithm 1, with the learned temperature of 2018b, Sec. 5):
 * a tanh-squashed Gaussian actor π_φ ({@link SquashedGaussian}), twin critics Q_θ1, Q_θ2 with
 * Polyak-averaged targets Q_θ̄1, Q_θ̄2, and a temperature α fitted to a target entropy H̄. {@link #update}
 * is one gradient step of each, in the order of CleanRL's and SB3's implementations, each loss a method
 * that shows its equation: {@link #criticLoss} (against {@link #softTarget}), then {@link #actorLoss} against
 * the updated critics, then {@link #temperatureLoss}, then the targets. {@link #update(TransitionBatch, CriticTargets)}
 * is the same update with the critics' targets (and rows) made another way: model-based value expansion.
 *
 * <p>Actions live in [−1, 1]^|A| (the squashed space, as SB3 stores them); scale them to the
 * environment's bounds outside ({@link ActionScale}). Log-probabilities and the entropy target are in this
 * space.
 *
 * <p>All buffers are preallocated for the configured batch; an update allocates only its result and the
 * small tasks it hands the twin critics. The two critics' work and each of the actor's layers' two backward products
 * can run on two threads ({@link #setTwoThreads}), with identical results. Not thread-safe otherwise.
 *
 * <p>Implementation details that differ from the paper, as in CleanRL and SB3: the critic loss is the sum of
 * the two critics' mean squared errors (no ½); α is learned through log α; the log-std is clamped, not
 * squashed; the actor runs once on s and s' together (its parameters do not change before its own step, so
 * this equals two passes).
 */
public final class Sac implements Policy, AutoCloseable {
    /** Observations per forward pass in {@link #actBatch} and {@link #distribution}. */
    static final int CHUNK = 1024;

    private final int obsDim;
    private final int actDim;
    private final SacConfig config;
    private final int batch;
    private final float targetEntropy;

    /** The actor π_φ: {@code s → [μ, raw log σ]}, {@code obsDim → 2 actDim}. */
    final Mlp actor;
    private final Adam actorAdam;
    /** The twin critics Q_θ1 and Q_θ2 with their targets. */
    final Critic[] critics;
    /** log α, a one-element vector for Adam. */
    private final float[] logAlpha = new float[1];
    /** The gradient of the last update's temperature loss with respect to log α. */
    final float[] logAlphaGrad = new float[1];
    private final Adam alphaAdam;
    /** The noise ε of updates (split from the constructor's generator). */
    private final Rng noise;

    /** The actor on the batch's observations (columns 0 … B−1) and next observations (B … 2B−1). */
    final Workspace actorWs;
    /** π's samples on those columns: ã ~ π(·|s) in 0 … B−1, a′ ~ π(·|s′) in B … 2B−1. */
    final SquashedGaussian policy;
    /** y, the critics' regression target, {@code [B]}. */
    final float[] y;
    /** For {@link #act}: one observation. */
    private final Workspace actWs;
    private final SquashedGaussian actPolicy;
    /** For {@link #actBatch} and {@link #distribution}: made on first use, then reused. */
    private Workspace chunkWs;
    private SquashedGaussian chunkPolicy;
    /** Runs the two critics' work at once, or null to run it in turn on the calling thread. */
    private TwinRunner twin;
    /** What {@link #update(TransitionBatch, CriticTargets)} shows its targets: a′ row-major, log π(a′|s′), Q̄_k(s′, a′). */
    private final float[] nextActions;
    private final float[] nextLogProbs;

    /** One of the twin critics: Q_θk, its Polyak-averaged target Q_θ̄k, their workspaces and Q_θk's optimizer. */
    static final class Critic {
        /** Q_θk: {@code (s, a) → Q}, {@code obsDim + actDim → 1}. */
        final Mlp net;
        /** Q_θ̄k. */
        final Mlp target;
        /** Q_θk on the batch, {@code [obsDim + actDim, B]}: at (s, a) for its own loss, at (s, ã) for the actor's. */
        final Workspace ws;
        /** Q_θ̄k at (s′, a′). */
        final Workspace targetWs;
        final Adam adam;
        /** Q_θk on more rows than a batch ({@link Sac#criticLoss(Critic, CriticTargets.Rows)} with value expansion's rows); made on first use. */
        private Workspace wideWs;
        /** Q_θ̄k on {@value Sac#CHUNK} rows at a time ({@link Sac#targetValues}); made on first use. */
        private Workspace targetChunkWs;

        Critic(Mlp net, AdamConfig adam, int batch) {
            this.net = net;
            this.target = Mlp.copyOf(net);
            this.ws = net.workspace(batch);
            this.targetWs = target.workspace(batch);
            this.adam = new Adam(net, adam);
        }

        /** The workspace for a loss on {@code rows} rows of arrays holding at most {@code capacity}: the batch's if they fit. */
        Workspace workspace(int rows, int capacity) {
            if (rows <= ws.capacity()) {
                return ws;
            }
            if (wideWs == null || wideWs.capacity() < rows) {
                wideWs = net.workspace(Math.max(rows, capacity));
            }
            return wideWs;
        }

        Workspace targetChunkWorkspace() {
            if (targetChunkWs == null) {
                targetChunkWs = target.workspace(CHUNK);
            }
            return targetChunkWs;
        }
    }

    /**
     * A new agent with freshly initialised networks (PyTorch's {@code nn.Linear} initialisation, targets
     * equal to their critics, α = {@code initialAlpha}).
     *
     * @param rng split here, in this order, into the generators of the actor's, critic 1's and critic 2's
     *            initial weights and of the updates' noise; nothing else is drawn from it
     */
    public Sac(int obsDim, int actDim, SacConfig config, Rng rng) {
        if (obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("obsDim and actDim must be positive, got " + obsDim + ", " + actDim);
        }
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.config = config;
        this.batch = config.batchSize();
        this.targetEntropy = (float) config.targetEntropy(actDim);
        AdamConfig adam = AdamConfig.withLearningRate(config.learningRate());
        this.actor = new Mlp(dims(obsDim, 2 * actDim, config), Activation.RELU, rng.split());
        this.actorAdam = new Adam(actor, adam);
        int[] criticDims = dims(obsDim + actDim, 1, config);
        Mlp q1 = new Mlp(criticDims, Activation.RELU, rng.split());
        Mlp q2 = new Mlp(criticDims, Activation.RELU, rng.split());
        this.critics = new Critic[] {new Critic(q1, adam, batch), new Critic(q2, adam, batch)};
        this.noise = rng.split();
        this.alphaAdam = new Adam(1, adam);
        this.logAlpha[0] = (float) Math.log(config.initialAlpha());

        this.actorWs = actor.workspace(2 * batch);
        this.policy = new SquashedGaussian(actDim, 2 * batch, config.logStdMin(), config.logStdMax());
        this.y = new float[batch];
        this.actWs = actor.workspace(1);
        this.actPolicy = new SquashedGaussian(actDim, 1, config.logStdMin(), config.logStdMax());
        this.nextActions = new float[batch * actDim];
        this.nextLogProbs = new float[batch];
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

    // ---- The update ----------------------------------------------------------------------------------

    /**
     * One SAC update on {@code b} (of the configured size): a gradient step of both critics, the actor and
     * (if learned) α, then the Polyak update of the targets. Mutates the agent.
     *
     * @return the losses before the steps, α and the policy's entropy estimate
     */
    public SacLosses update(TransitionBatch b) {
        return update(b, null);
    }

    /**
     * One SAC update on {@code b} whose critics fit the rows and targets {@code targets} makes (value expansion) instead
     * of SAC's soft target on the batch; everything else is {@link #update(TransitionBatch)}'s, which this is when
     * {@code targets} is null. Mutates the agent.
     *
     * @return the losses before the steps (the critics' over the rows they fitted), α and the policy's entropy estimate
     */
    public SacLosses update(TransitionBatch b, CriticTargets targets) {
        float alpha = (float) alpha();
        samplePolicy(b);
        softTarget(b, alpha);
        CriticTargets.Rows rows = targets == null ? new CriticTargets.Rows(b.observations(), b.actions(), y, batch)
                : targets.targets(this, b, bootstrap(alpha));
        double[] q = new double[2];
        inPair(k -> {
            q[k] = criticLoss(critics[k], rows);
            int outer = Profile.enter(Part.SAC_ADAM);
            critics[k].net.updateInPlace(critics[k].adam);
            Profile.exit(outer);
        });
        double actorLoss = actorLoss(b, alpha);
        int outer = Profile.enter(Part.SAC_ADAM);
        actor.updateInPlace(actorAdam);
        double meanLogProb = meanLogProb();
        double alphaLoss = 0;
        if (config.autoAlpha()) {
            alphaLoss = temperatureLoss(meanLogProb);
            alphaAdam.stepInPlace(logAlpha, logAlphaGrad);
        }
        Profile.exit(outer);
        // Targets: θ̄_k ← (1 − τ) θ̄_k + τ θ_k.
        float tau = (float) config.tau();
        inPair(k -> {
            int part = Profile.enter(Part.SAC_POLYAK);
            critics[k].target.polyakInPlace(critics[k].net, tau);
            Profile.exit(part);
        });
        return new SacLosses(q[0], q[1], actorLoss, alphaLoss, alpha, -meanLogProb);
    }

    /**
     * Samples π on s (columns 0 … B−1: ã, for the actor's loss) and on s′ (B … 2B−1: a′, for the critics'
     * target) in one pass of the actor, with the update's noise: {@code a = tanh(μ_φ(s) + σ_φ(s) ε)},
     * ε ~ N(0, I), and log π(a|s) ({@link SquashedGaussian}).
     */
    void samplePolicy(TransitionBatch b) {
        requireBatch(b);
        int outer = Profile.enter(Part.SAC_ACTOR_FORWARD);
        int ld = 2 * batch;
        float[] x = actorWs.input();
        transposeInto(b.observations(), obsDim, x, ld, 0);
        transposeInto(b.nextObservations(), obsDim, x, ld, batch);
        actor.forward(actorWs, ld);
        Profile.enter(Part.SAC_POLICY);
        policy.sample(actorWs.output(), 0, ld, noise);
        Profile.exit(outer);
    }

    /**
     * The critics' regression target (Haarnoja et al. 2018a, eq. 5, with the clipped double-Q target of
     * Fujimoto et al. 2018), after {@link #samplePolicy}:
     * <pre>
     *   y = r + γ (1 − terminated) (min_k Q_θ̄k(s′, a′) − α log π(a′|s′)),   a′ ~ π(·|s′)
     * </pre>
     * A truncated transition bootstraps as any other. Leaves y in {@link #y}.
     */
    void softTarget(TransitionBatch b, float alpha) {
        int outer = Profile.enter(Part.SAC_TARGET);
        inPair(k -> {
            int part = Profile.enter(Part.SAC_TARGET);
            Critic c = critics[k];
            criticInput(c.targetWs, b.nextObservations(), batch);
            c.target.forward(c.targetWs, batch);
            Profile.exit(part);
        });
        float[] t1 = critics[0].targetWs.output();
        float[] t2 = critics[1].targetWs.output();
        float[] r = b.rewards();
        boolean[] terminated = b.terminated();
        float gamma = (float) config.gamma();
        for (int c = 0; c < batch; c++) {
            float soft = Math.min(t1[c], t2[c]) - alpha * (float) policy.logProb[batch + c];
            y[c] = r[c] + (terminated[c] ? 0f : gamma * soft);
        }
        Profile.exit(outer);
    }

    /**
     * SAC's target as {@link CriticTargets} sees it (a′ copied row-major, log π(a′|s′) as floats), after {@link #softTarget}.
     */
    private CriticTargets.Bootstrap bootstrap(float alpha) {
        for (int c = 0; c < batch; c++) {
            for (int j = 0; j < actDim; j++) {
                nextActions[c * actDim + j] = policy.action[j * 2 * batch + batch + c];
            }
            nextLogProbs[c] = (float) policy.logProb[batch + c];
        }
        return new CriticTargets.Bootstrap(alpha, (float) config.gamma(), nextActions, nextLogProbs,
                critics[0].targetWs.output(), critics[1].targetWs.output(), y);
    }

    /** {@link #criticLoss(Critic, CriticTargets.Rows)} on the batch, against the target of {@link #softTarget}. */
    double criticLoss(Critic c, TransitionBatch b) {
        return criticLoss(c, new CriticTargets.Rows(b.observations(), b.actions(), y, batch));
    }

    /**
     * One critic's loss (Haarnoja et al. 2018a, eq. 5) on the rows it fits: the batch with the target of
     * {@link #softTarget}, or the rows a {@link CriticTargets} made:
     * <pre>
     *   J_Q(θk) = mean_i (Q_θk(s_i, a_i) − y_i)²,   k = 1, 2 (the critic loss is their sum)
     * </pre>
     * Leaves the critic's gradient in its network; touches nothing of the other critic, so both run at once.
     *
     * @return J_Q(θk)
     */
    double criticLoss(Critic c, CriticTargets.Rows rows) {
        int outer = Profile.enter(Part.SAC_CRITIC);
        int n = rows.count();
        Workspace ws = c.workspace(n, rows.capacity());
        int ld = ws.capacity();
        float[] x = ws.input();
        transposeInto(rows.observations(), obsDim, n, x, ld, 0);
        transposeInto(rows.actions(), actDim, n, x, ld, obsDim * ld);
        c.net.forward(ws, n);
        float[] q = ws.output();
        float[] g = ws.outputGrad();
        float[] target = rows.targets();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float err = q[i] - target[i];
            sum += (double) err * err;
            g[i] = 2f * err / n;
        }
        c.net.backward(ws, n, true, 0, 0);
        Profile.exit(outer);
        return sum / n;
    }

    /**
     * The actor's loss (Haarnoja et al. 2018a, eq. 7, reparametrised: ã = tanh(μ_φ(s) + σ_φ(s) ε)), against
     * the critics as they are now (after their step), after {@link #samplePolicy}:
     * <pre>
     *   J_π(φ) = mean_B [α log π_φ(ã|s) − min_k Q_θk(s, ã)]
     * </pre>
     * The gradient flows through ã into both critics' inputs (a tie of the two splits it, as
     * {@code torch.min} does) and through the squashing and the log-density ({@link SquashedGaussian#gradient}).
     * Leaves the actor's gradient in its network.
     *
     * @return J_π(φ)
     */
    double actorLoss(TransitionBatch b, float alpha) {
        int outer = Profile.enter(Part.SAC_ACTOR_LOSS);
        inPair(k -> {
            int part = Profile.enter(Part.SAC_ACTOR_LOSS);
            Critic c = critics[k];
            criticInput(c.ws, b.observations(), 0);
            c.net.forward(c.ws, batch);
            Profile.exit(part);
        });
        float[] v1 = critics[0].ws.output();
        float[] v2 = critics[1].ws.output();
        float[] g1 = critics[0].ws.outputGrad();
        float[] g2 = critics[1].ws.outputGrad();
        float w = 1f / batch;
        double loss = 0;
        for (int c = 0; c < batch; c++) {
            loss += alpha * policy.logProb[c] - Math.min(v1[c], v2[c]);
            // d/dQ of −min(Q1, Q2); a tie splits the gradient as torch.min does.
            g1[c] = v1[c] < v2[c] ? -w : v1[c] > v2[c] ? 0f : -0.5f * w;
            g2[c] = v2[c] < v1[c] ? -w : v2[c] > v1[c] ? 0f : -0.5f * w;
        }
        inPair(k -> {
            int part = Profile.enter(Part.SAC_ACTOR_LOSS);
            critics[k].net.backward(critics[k].ws, batch, false, obsDim, actDim);
            Profile.exit(part);
        });
        float[] d1 = critics[0].ws.inputGrad();
        float[] d2 = critics[1].ws.inputGrad();
        for (int i = obsDim * batch; i < (obsDim + actDim) * batch; i++) {
            d1[i] += d2[i];
        }
        // dJ/dã now sits in rows obsDim … obsDim+actDim−1 of d1, row stride B.
        policy.gradient(d1, obsDim * batch, batch, alpha * (double) w, 0, batch, actorWs.outputGrad());
        actor.backward(actorWs, batch, 0, 0, this::inPair);
        Profile.exit(outer);
        return loss / batch;
    }

    /**
     * The temperature's loss (Haarnoja et al. 2018b, eq. 18, through log α as CleanRL and SB3 learn it), at
     * the actions ã the actor's loss used, given {@code meanLogProb} = mean_B log π(ã|s):
     * <pre>
     *   J(α) = mean_B [−log α (log π(ã|s) + H̄)],   ∂J/∂log α = −mean_B (log π(ã|s) + H̄)
     * </pre>
     * Leaves the gradient in {@link #logAlphaGrad}.
     *
     * @return J(α)
     */
    double temperatureLoss(double meanLogProb) {
        logAlphaGrad[0] = (float) -(meanLogProb + targetEntropy);
        return -logAlpha[0] * (meanLogProb + targetEntropy);
    }

    /** mean_B log π(ã|s) of the last {@link #samplePolicy}. */
    private double meanLogProb() {
        double s = 0;
        for (int c = 0; c < batch; c++) {
            s += policy.logProb[c];
        }
        return s / batch;
    }

    /** Writes (obs, π's sampled actions from column {@code actionColumn} on) into a critic's input. */
    private void criticInput(Workspace ws, float[] obs, int actionColumn) {
        float[] x = ws.input();
        transposeInto(obs, obsDim, x, batch, 0);
        for (int j = 0; j < actDim; j++) {
            System.arraycopy(policy.action, j * 2 * batch + actionColumn, x, (obsDim + j) * batch, batch);
        }
    }

    private void requireBatch(TransitionBatch b) {
        if (b.size() != batch || b.obsDim() != obsDim || b.actDim() != actDim) {
            throw new IllegalArgumentException("batch of " + b.size() + " × (" + b.obsDim() + ", " + b.actDim()
                    + "), agent expects " + batch + " × (" + obsDim + ", " + actDim + ")");
        }
    }

    /** Writes the first {@code batch} rows of the row-major {@code [*, dim]} {@code src} transposed into {@code dst} at {@code offset}: {@code dst[offset + k·ld + i] = src[i·dim + k]}. */
    private void transposeInto(float[] src, int dim, float[] dst, int ld, int offset) {
        transposeInto(src, dim, batch, dst, ld, offset);
    }

    /** The same for the first {@code rows} rows. */
    private static void transposeInto(float[] src, int dim, int rows, float[] dst, int ld, int offset) {
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < dim; k++) {
                dst[offset + k * ld + i] = src[i * dim + k];
            }
        }
    }

    // ---- Two threads ---------------------------------------------------------------------------------

    /**
     * Whether the pairs of {@link #inPair} (the critics' work, the actor's backward products) run on two threads at
     * once (this thread and one worker), or in turn on the calling thread (the default). Results are identical either
     * way; OpenBLAS stays single-threaded
     * ({@link org.mbpo.nn.Blas}). Mutates the agent; call {@link #close()} to stop the worker.
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

    /**
     * Runs {@code task} for 0 and 1 (critic 0 and critic 1, or a layer's two backward products), at once if two threads
     * are on.
     */
    private void inPair(IntConsumer task) {
        if (twin == null) {
            task.accept(0);
            task.accept(1);
        } else {
            twin.run(task);
        }
    }

    // ---- Acting --------------------------------------------------------------------------------------

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
        actBatch(obs, n, deterministic, rng, actions, null);
    }

    /**
     * π's sampled actions for {@code n} observations with their log-probabilities (value expansion's imagined steps):
     * {@link #actBatch(float[], int, boolean, RandomGenerator, float[])}, sampled, and {@code logProbs[i] = log π(a_i|s_i)}
     * ({@code [n]}, as the float SAC's target uses).
     */
    public void actBatch(float[] obs, int n, RandomGenerator rng, float[] actions, float[] logProbs) {
        if (logProbs.length < n) {
            throw new IllegalArgumentException("logProbs too short for " + n + " observations");
        }
        actBatch(obs, n, false, rng, actions, logProbs);
    }

    private void actBatch(float[] obs, int n, boolean deterministic, RandomGenerator rng, float[] actions, float[] logProbs) {
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
                if (logProbs != null) {
                    logProbs[start + i] = (float) chunkPolicy.logProb[i];
                }
            }
        }
    }

    /**
     * The target critics at {@code n} (s, a) rows, {@code q1[i] = Q̄_1(s_i, a_i)} and {@code q2[i] = Q̄_2(s_i, a_i)}
     * (value expansion's bootstraps): {@code obs} row-major {@code [n, obsDim]}, {@code act} {@code [n, actDim]} in
     * [−1, 1], in chunks of {@value #CHUNK} rows (both critics at once on two threads, {@link #setTwoThreads}).
     */
    public void targetValues(float[] obs, float[] act, int n, float[] q1, float[] q2) {
        if (obs.length < n * obsDim || act.length < n * actDim || q1.length < n || q2.length < n) {
            throw new IllegalArgumentException("arrays too short for " + n + " rows");
        }
        float[][] out = {q1, q2};
        inPair(k -> {
            Critic c = critics[k];
            Workspace ws = c.targetChunkWorkspace();
            for (int start = 0; start < n; start += CHUNK) {
                int m = Math.min(CHUNK, n - start);
                float[] x = ws.input();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < obsDim; j++) {
                        x[j * CHUNK + i] = obs[(start + i) * obsDim + j];
                    }
                    for (int j = 0; j < actDim; j++) {
                        x[(obsDim + j) * CHUNK + i] = act[(start + i) * actDim + j];
                    }
                }
                c.target.forward(ws, m);
                System.arraycopy(ws.output(), 0, out[k], start, m);
            }
        });
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
     * ({@code org.mbpo.analysis.GaussianShift}). Uses the workspace of {@link #actBatch}.
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

    // ---- The same, on ND4J arrays (notebooks and the public API) --------------------------------------

    /**
     * The policy's actions for a batch of observations {@code [n, obsDim]}: {@code [n, actDim]} in [−1, 1],
     * deterministic (tanh μ) or sampled with {@code rng} ({@link #actBatch}). The observations are copied in and
     * the actions out, once each ({@link Nd4jArrays}).
     */
    public INDArray act(INDArray observations, boolean deterministic, RandomGenerator rng) {
        float[] obs = Nd4jArrays.toFloats(observations, obsDim, "observations");
        int n = obs.length / obsDim;
        float[] actions = new float[n * actDim];
        actBatch(obs, n, deterministic, rng, actions);
        return Nd4jArrays.matrix(actions, n, actDim);
    }

    /**
     * The policy's Gaussian before the squashing ({@link #distribution(float[], int, float[], float[])}) for a
     * batch of observations {@code [n, obsDim]}; copies in and out once.
     *
     * @param mean   μ(s), {@code [n, actDim]}
     * @param logStd log σ(s), clamped as sampling clamps it, {@code [n, actDim]}
     */
    public record Gaussian(INDArray mean, INDArray logStd) {
    }

    /** See {@link Gaussian}. */
    public Gaussian distribution(INDArray observations) {
        float[] obs = Nd4jArrays.toFloats(observations, obsDim, "observations");
        int n = obs.length / obsDim;
        float[] mean = new float[n * actDim];
        float[] logStd = new float[n * actDim];
        distribution(obs, n, mean, logStd);
        return new Gaussian(Nd4jArrays.matrix(mean, n, actDim), Nd4jArrays.matrix(logStd, n, actDim));
    }

    /** The actor π_φ (its parameters as ND4J views: {@link Mlp#parametersArray()}, {@link Mlp#weightsArray}). */
    public Mlp actor() {
        return actor;
    }

    /** Critic {@code k} (0 or 1), Q_θ(k+1). */
    public Mlp critic(int k) {
        return critics[k].net;
    }

    // ---- State ---------------------------------------------------------------------------------------

    /**
     * Everything that decides the agent's future updates and actions: the five networks' parameters
     * (each in {@link Mlp#parameters()}'s layout), the four optimizers' states, log α and the update
     * noise generator's state. A value: its arrays are copies, nothing shares them.
     */
    public record State(float[] actor, float[] q1, float[] q2, float[] q1Target, float[] q2Target, Adam.State actorAdam,
                        Adam.State q1Adam, Adam.State q2Adam, Adam.State alphaAdam, float logAlpha, Rng.State noise) {
    }

    /**
     * Writes {@link #state()} (checkpoints): the five networks' parameters, then each optimizer's step count
     * and moments (actor, critic 1, critic 2, temperature), log α and the noise generator, big-endian.
     */
    public void writeState(DataOutput out) throws IOException {
        State s = state();
        for (float[] p : new float[][] {s.actor(), s.q1(), s.q2(), s.q1Target(), s.q2Target()}) {
            BinaryIo.writeFloatArray(out, p);
        }
        for (Adam.State a : new Adam.State[] {s.actorAdam(), s.q1Adam(), s.q2Adam(), s.alphaAdam()}) {
            out.writeLong(a.steps());
            BinaryIo.writeFloatArray(out, a.m());
            BinaryIo.writeFloatArray(out, a.v());
        }
        out.writeFloat(s.logAlpha());
        s.noise().writeTo(out);
    }

    /**
     * Reads what {@link #writeState} wrote for an agent of this one's sizes (nothing is applied: see
     * {@link #restoreState}).
     *
     * @throws IOException if an array read is not of this agent's size
     */
    public State readState(DataInput in) throws IOException {
        State mine = state();
        float[][] expected = {mine.actor(), mine.q1(), mine.q2(), mine.q1Target(), mine.q2Target()};
        float[][] nets = new float[5][];
        for (int i = 0; i < 5; i++) {
            nets[i] = BinaryIo.readFloatArray(in, expected[i].length);
        }
        Adam.State[] expectedAdams = {mine.actorAdam(), mine.q1Adam(), mine.q2Adam(), mine.alphaAdam()};
        Adam.State[] adams = new Adam.State[4];
        for (int i = 0; i < 4; i++) {
            long t = in.readLong();
            adams[i] = new Adam.State(t, BinaryIo.readFloatArray(in, expectedAdams[i].m().length),
                    BinaryIo.readFloatArray(in, expectedAdams[i].v().length));
        }
        float logAlphaRead = in.readFloat();
        Rng.State noiseRead = Rng.State.readFrom(in);
        return new State(nets[0], nets[1], nets[2], nets[3], nets[4], adams[0], adams[1], adams[2], adams[3], logAlphaRead,
                noiseRead);
    }

    /** The agent's state (for a checkpoint). */
    public State state() {
        Critic c1 = critics[0];
        Critic c2 = critics[1];
        return new State(actor.parameters().clone(), c1.net.parameters().clone(), c2.net.parameters().clone(),
                c1.target.parameters().clone(), c2.target.parameters().clone(), actorAdam.state(), c1.adam.state(),
                c2.adam.state(), alphaAdam.state(), logAlpha[0], noise.state());
    }

    /**
     * Puts the agent back into {@code state} (as {@link #state()} returned it, from an agent of the same
     * sizes and config): afterwards its updates and actions are those the saved agent would have made.
     * Mutates the agent.
     *
     * @throws IllegalArgumentException if the state is for networks of other sizes
     */
    public void restoreState(State state) {
        Critic c1 = critics[0];
        Critic c2 = critics[1];
        actor.setParameters(state.actor());
        c1.net.setParameters(state.q1());
        c2.net.setParameters(state.q2());
        c1.target.setParameters(state.q1Target());
        c2.target.setParameters(state.q2Target());
        actorAdam.restoreState(state.actorAdam());
        c1.adam.restoreState(state.q1Adam());
        c2.adam.restoreState(state.q2Adam());
        alphaAdam.restoreState(state.alphaAdam());
        logAlpha[0] = state.logAlpha();
        noise.restoreState(state.noise());
    }

    /** The name of the first network (or "alpha") with a NaN or infinite parameter, or null if all are finite. */
    public String firstNonFiniteNetwork() {
        if (!actor.parametersFinite()) {
            return "actor";
        }
        for (int k = 0; k < 2; k++) {
            if (!critics[k].net.parametersFinite()) {
                return "q" + (k + 1);
            }
        }
        for (int k = 0; k < 2; k++) {
            if (!critics[k].target.parametersFinite()) {
                return "q" + (k + 1) + "_target";
            }
        }
        return Float.isFinite(logAlpha[0]) ? null : "alpha";
    }
}
