package org.mbpo.model;

import org.mbpo.data.TransitionBatch;
import org.mbpo.nn.Adam;
import org.mbpo.nn.AdamConfig;
import org.mbpo.nn.NativeArray;
import org.mbpo.nn.Profile;
import org.mbpo.nn.Profile.Part;
import org.mbpo.nn.Workers;
import org.mbpo.nn.Workspace;
import org.mbpo.random.Rng;

import java.util.Arrays;

/**
 * Trains a probabilistic ensemble the way the reference implementation does ({@code BNN.train} in
 * jannerm/mbpo, called every 250 environment steps on the whole real buffer):
 * <ol>
 *   <li>hold out {@code min(⌊holdoutRatio·N⌋, maxHoldout)} random transitions;</li>
 *   <li>fit the input standardisation on the rest;</li>
 *   <li>give each member its own bootstrap: N draws with replacement from the training rows;</li>
 *   <li>each epoch, one Adam step per batch of {@code batchSize} rows of every member's bootstrap (all
 *       members in the same step), then reshuffle each bootstrap, then measure every member's holdout
 *       MSE and save the snapshot of each member that improved by more than 1% ({@link EarlyStopping});</li>
 *   <li>stop after more than {@code maxEpochsSinceUpdate} epochs without improvement, or at the epoch or
 *       time cap; restore the snapshots; the elites are the members with the lowest holdout MSE.</li>
 * </ol>
 * The network and Adam's moments carry over from one {@link #train} to the next (the model is not
 * reset between trainings); the standardisation is refitted every time.
 *
 * <p>Seeded: the same seed, config and data give the same model, for any thread count.
 * Not thread-safe: one training at a time.
 */
public final class EnsembleTrainer {
    private final EnsembleConfig config;
    private final int obsDim;
    private final int actDim;
    private final long seed;
    private final int threads;
    private final Rng rng;
    private final GaussianEnsemble net;
    private final GaussianEnsemble snapshot;
    private final Adam adam;
    private final NativeArray grad;
    private final float[][] boundGrads;
    private final double[][] memberSums;
    private final Workspace[] memberWorkspaces;
    private int trainings;

    /**
     * A trainer with a freshly initialised ensemble.
     *
     * @param config  the ensemble's settings
     * @param obsDim  observation size
     * @param actDim  action size
     * @param seed    the seed for initialisation, holdout splits, bootstraps and shuffles
     * @param threads threads for the members' passes and the optimiser (results do not depend on it)
     */
    public EnsembleTrainer(EnsembleConfig config, int obsDim, int actDim, long seed, int threads) {
        if (obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("obsDim " + obsDim + ", actDim " + actDim + ": must be at least 1");
        }
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.seed = seed;
        this.threads = Workers.shared(threads).threads();
        Rng master = new Rng(seed);
        Rng init = master.split();
        this.rng = master.split();
        this.net = GaussianEnsemble.initialise(config.ensembleSize(), obsDim + actDim, obsDim + 1, config.hiddenLayers(),
                config.hiddenUnits(), config.initMaxLogVar(), config.initMinLogVar(), init);
        this.snapshot = net.copy();
        this.adam = optimizer(net, config);
        this.grad = NativeArray.allocate(net.size);
        this.boundGrads = new float[config.ensembleSize()][2 * net.outputDim];
        this.memberSums = new double[config.ensembleSize()][3];
        this.memberWorkspaces = new Workspace[config.ensembleSize()];
    }

    /**
     * Adam in TensorFlow's form over all of the ensemble's parameters, as the reference implementation
     * trains it: weight decay {@code decay_l · W_l} added to layer l's weights' gradient (an L2 term of the
     * loss), none on biases and log-variance bounds.
     */
    static Adam optimizer(GaussianEnsemble net, EnsembleConfig config) {
        int layers = net.hiddenLayers + 1;
        int[] start = new int[2 * layers + 1];
        float[] decay = new float[2 * layers + 1];
        for (int l = 0; l < layers; l++) {
            start[2 * l] = net.weightStart[l];
            decay[2 * l] = (float) config.weightDecays().get(l);
            start[2 * l + 1] = net.biasStart[l];
        }
        start[2 * layers] = net.maxLogVarOffset;
        return new Adam(net.size, AdamConfig.tensorflow(config.learningRate(), config.adamBeta1(), config.adamBeta2(),
                config.adamEpsilon()), start, decay);
    }

    public EnsembleConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    /** Trainings so far. */
    public int trainings() {
        return trainings;
    }

    /**
     * Everything that decides the trainer's future trainings: the ensemble's parameters (in
     * {@link GaussianEnsemble}'s layout), Adam's moments and step count, the generator of holdout
     * splits, bootstraps and shuffles, and the number of trainings so far. A value: its arrays are copies.
     */
    public record State(float[] parameters, float[] adamM, float[] adamV, long adamSteps, Rng.State rng, int trainings) {
    }

    /** The trainer's state (for a checkpoint). */
    public State state() {
        Adam.State a = adam.state();
        return new State(net.params.toArray(0, net.size), a.m(), a.v(), a.steps(), rng.state(), trainings);
    }

    /**
     * Puts the trainer back into {@code state} (as {@link #state()} returned it, from a trainer with
     * the same config and sizes): its next trainings give the models the saved trainer's would have
     * given. Mutates the trainer.
     *
     * @throws IllegalArgumentException if the state is for an ensemble of another size
     */
    public void restoreState(State state) {
        int n = net.size;
        if (state.parameters().length != n || state.adamM().length != n || state.adamV().length != n) {
            throw new IllegalArgumentException("trainer state for " + state.parameters().length + " parameters, this ensemble has " + n);
        }
        if (state.adamSteps() < 0 || state.trainings() < 0) {
            throw new IllegalArgumentException("negative step or training count in a trainer state");
        }
        net.params.put(0, state.parameters(), 0, n);
        net.parametersChanged();
        adam.restoreState(new Adam.State(state.adamSteps(), state.adamM(), state.adamV()));
        rng.restoreState(state.rng());
        trainings = state.trainings();
    }

    /**
     * One training's split of the data, by row index into it (the data is read in place, never copied): the
     * training rows, the holdout rows and the input standardisation fitted on the training rows.
     */
    private record Split(TransitionBatch data, int[] trainRows, int[] holdRows, InputScaler scaler) {
        int trainSize() {
            return trainRows.length;
        }

        int holdoutSize() {
            return holdRows.length;
        }

        /** Data row {@code row}'s standardised input into {@code x[at ..]}. */
        void input(int row, float[] x, int at) {
            scaler.standardise(data.observations(), data.obsDim(), data.actions(), data.actDim(), row, x, at);
        }

        /** Data row {@code row}'s target [reward, Δobservation], transposed: component j into {@code y[j · rows + r]}. */
        void target(int row, float[] y, int rows, int r) {
            int obsDim = data.obsDim();
            y[r] = data.rewards()[row];
            for (int j = 0; j < obsDim; j++) {
                y[(1 + j) * rows + r] = data.nextObservations()[row * obsDim + j] - data.observations()[row * obsDim + j];
            }
        }
    }

    /**
     * Trains on {@code data} (continuing from the current parameters) and returns the resulting model,
     * with this training's metrics.
     *
     * @throws IllegalArgumentException if the dimensions differ from the trainer's, or the data is too
     *                                  small to hold out at least one transition
     */
    public EnsembleModel train(TransitionBatch data) {
        long t0 = System.nanoTime();
        int outer = Profile.enter(Part.MODEL_SNAPSHOT);
        Split split = split(data);
        int members = config.ensembleSize();
        int n = split.trainSize();
        int[][] bootstrap = new int[members][n];
        for (int e = 0; e < members; e++) {
            for (int i = 0; i < n; i++) {
                bootstrap[e][i] = rng.nextInt(n);
            }
        }
        Profile.exit(outer);
        EarlyStopping stopping = new EarlyStopping(members, config.improvementThreshold(), config.maxEpochsSinceUpdate());
        boolean[] saved = new boolean[members];
        java.util.List<double[]> epochMse = new java.util.ArrayList<>();
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        long steps = 0;
        int epoch = 0;
        StopReason reason;
        while (true) {
            for (int b = 0; b < batches; b++) {
                int from = b * config.batchSize();
                step(split, bootstrap, from, Math.min(config.batchSize(), n - from));
                steps++;
            }
            int part = Profile.enter(Part.MODEL_SNAPSHOT);
            for (int e = 0; e < members; e++) {
                shuffle(bootstrap[e]);
            }
            Profile.exit(part);
            double[][] holdout = evaluate(split);
            part = Profile.enter(Part.MODEL_SNAPSHOT);
            boolean[] improved = stopping.record(holdout[0]);
            for (int e = 0; e < members; e++) {
                if (improved[e]) {
                    snapshot.copyMemberFrom(net, e);
                    saved[e] = true;
                }
            }
            Profile.exit(part);
            epochMse.add(holdout[0]);
            epoch++;
            if (stopping.shouldStop()) {
                reason = StopReason.EARLY_STOPPING;
                break;
            }
            if (config.maxEpochs() > 0 && epoch >= config.maxEpochs()) {
                reason = StopReason.MAX_EPOCHS;
                break;
            }
            if (config.maxTrainingSeconds() > 0 && (System.nanoTime() - t0) / 1e9 > config.maxTrainingSeconds()) {
                reason = StopReason.TIME_LIMIT;
                break;
            }
        }
        outer = Profile.enter(Part.MODEL_SNAPSHOT);
        for (int e = 0; e < members; e++) {
            if (saved[e]) {
                net.copyMemberFrom(snapshot, e);
            }
        }
        Profile.exit(outer);
        double[][] holdout = evaluate(split);
        int[] elites = EarlyStopping.elites(holdout[0], config.elites());
        trainings++;
        TrainingMetrics metrics = new TrainingMetrics(epoch, steps, n, split.holdoutSize(), holdout[0], holdout[1],
                stopping.bestEpochs(), elites, epochMse.toArray(new double[0][]), (System.nanoTime() - t0) / 1e9, reason);
        Provenance provenance = new Provenance(config, seed, Provenance.libraryVersion(), trainings, adam.steps());
        outer = Profile.enter(Part.MODEL_SNAPSHOT);
        EnsembleModel model = new EnsembleModel(net.copy(), split.scaler(), elites, obsDim, actDim, provenance, metrics, threads);
        Profile.exit(outer);
        return model;
    }

    /** The model as it stands, before any training: identity standardisation, the first members as elites. */
    public EnsembleModel untrainedModel() {
        int[] elites = new int[config.elites()];
        Arrays.setAll(elites, i -> i);
        Provenance provenance = new Provenance(config, seed, Provenance.libraryVersion(), trainings, adam.steps());
        return new EnsembleModel(net.copy(), InputScaler.identity(obsDim + actDim), elites, obsDim, actDim, provenance,
                null, threads);
    }

    private Split split(TransitionBatch data) {
        if (data.obsDim() != obsDim || data.actDim() != actDim) {
            throw new IllegalArgumentException("data has obsDim " + data.obsDim() + ", actDim " + data.actDim()
                    + "; the model has " + obsDim + ", " + actDim);
        }
        String bad = data.firstNonFinite();
        if (bad != null) {
            throw new IllegalArgumentException("the data holds a non-finite " + bad);
        }
        int size = data.size();
        int holdout = (int) Math.min((long) (size * config.holdoutRatio()), config.maxHoldout());
        if (holdout < 1 || holdout >= size) {
            throw new IllegalArgumentException(size + " transitions are too few: a holdout of " + config.holdoutRatio()
                    + " must leave at least one transition on each side");
        }
        int[] perm = new int[size];
        Arrays.setAll(perm, i -> i);
        shuffle(perm);
        InputScaler scaler = InputScaler.fit(data.observations(), obsDim, data.actions(), actDim, perm, holdout, size - holdout);
        return new Split(data, Arrays.copyOfRange(perm, holdout, size), Arrays.copyOf(perm, holdout), scaler);
    }

    /** Fisher–Yates with the trainer's generator. */
    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * One Adam step on rows {@code bootstrap[e][from .. from+rows)} for every member e: each member's pass in two parts
     * ({@link #memberGradients}), then Adam.
     */
    private void step(Split split, int[][] bootstrap, int from, int rows) {
        int in = net.inputDim;
        int out = net.outputDim;
        memberGradients(rows, e -> {
            int part = Profile.enter(Part.MODEL_GATHER);
            Workspace ws = memberWorkspace(e);
            float[] x = ws.inScratch();
            float[] y = ws.outScratch();
            for (int r = 0; r < rows; r++) {
                int row = split.trainRows()[bootstrap[e][from + r]];
                split.input(row, x, r * in);
                split.target(row, y, rows, r);
            }
            ws.input(0).put(0, x, 0, rows * in);
            ws.targets().put(0, y, 0, rows * out);
            Profile.exit(part);
        });
        addBoundGradients();
        adamStep();
    }

    /**
     * Every member's loss and gradient on the batch that {@code gather} writes into its workspace
     * ({@link #memberWorkspace}), into {@link #grad}, {@link #boundGrads} and {@link #memberSums}: each member's pass in
     * two parts ({@link GaussianEnsemble#lossAndLayerGradients}, then {@link GaussianEnsemble#weightGradients}), so that
     * two threads share seven members' work nearly evenly, an odd member's parts on the two threads
     * ({@link Workers#runInTwoPhases}), with the numbers of one pass each.
     */
    private void memberGradients(int rows, java.util.function.IntConsumer gather) {
        Workers.shared(threads).runInTwoPhases(net.members, e -> {
            gather.accept(e);
            net.lossAndLayerGradients(e, memberWorkspace(e), rows, grad, boundGrads[e], memberSums[e]);
        }, e -> net.weightGradients(e, memberWorkspace(e), rows, grad));
    }

    /**
     * Member e's training workspace, made on first use: one per member on two threads (the two parts of the odd member
     * run on two threads, the second after other members' whole passes); on one thread, where each member's parts run back to
     * back, one for all, so that the pass works in one member's worth of memory.
     */
    private Workspace memberWorkspace(int e) {
        int slot = threads == 1 ? 0 : e;
        synchronized (memberWorkspaces) {
            if (memberWorkspaces[slot] == null) {
                memberWorkspaces[slot] = net.newTrainingWorkspace(config.batchSize());
            }
            return memberWorkspaces[slot];
        }
    }

    /** Adam's step on the whole ensemble from {@link #grad} (the data gradient; the decay is Adam's L2 term). */
    private void adamStep() {
        int outer = Profile.enter(Part.MODEL_ADAM);
        adam.stepInPlace(net.params, grad, Workers.shared(threads));
        net.parametersChanged();
        Profile.exit(outer);
    }

    /** The shared bounds' gradient: the members' parts, summed in member order, plus the penalty's ±w. */
    private void addBoundGradients() {
        int o = net.outputDim;
        float w = (float) config.logVarBoundWeight();
        for (int k = 0; k < 2 * o; k++) {
            float s = 0;
            for (float[] member : boundGrads) {
                s += member[k];
            }
            grad.set(net.maxLogVarOffset + k, s + (k < o ? w : -w));
        }
    }

    /** Every member's holdout MSE ({@code [0][e]}) and Gaussian NLL per dimension ({@code [1][e]}). */
    private double[][] evaluate(Split split) {
        int members = net.members;
        double[][] result = new double[2][members];
        int n = split.holdoutSize();
        int chunk = config.batchSize();
        int in = net.inputDim;
        int out = net.outputDim;
        Workers.shared(threads).run(members, e -> {
            int part = Profile.enter(Part.MODEL_HOLDOUT);
            Workspace ws = net.workspace(config.batchSize(), true);
            double se = 0;
            double nll = 0;
            float[] y = ws.outScratch();
            for (int from = 0; from < n; from += chunk) {
                int rows = Math.min(chunk, n - from);
                float[] x = ws.inScratch();
                for (int r = 0; r < rows; r++) {
                    int row = split.holdRows()[from + r];
                    split.input(row, x, r * in);
                    split.target(row, y, rows, r);
                }
                ws.input(0).put(0, x, 0, rows * in);
                ws.targets().put(0, y, 0, rows * out);
                net.predict(e, ws, rows);
                float[] acc = ws.sums();
                NativeArray prediction = ws.preActivation(net.hiddenLayers);
                for (int j = 0; j < out; j++) {
                    acc[0] = 0;
                    acc[1] = 0;
                    Kernels.errorSums(prediction, j * rows, (out + j) * rows, ws.targets(), j * rows, rows, acc);
                    se += acc[0];
                    nll += acc[1];
                }
            }
            result[0][e] = se / ((double) n * out);
            result[1][e] = 0.5 * (nll / ((double) n * out) + Math.log(2 * Math.PI));
            Profile.exit(part);
        });
        return result;
    }

    /** One training step on random data, for benchmarks: returns nothing, changes the parameters. */
    void benchmarkStep(float[] inputs, float[] targets, int rows) {
        int in = net.inputDim;
        int out = net.outputDim;
        memberGradients(rows, e -> {
            int part = Profile.enter(Part.MODEL_GATHER);
            Workspace ws = memberWorkspace(e);
            ws.input(0).put(0, inputs, e * rows * in, rows * in);
            ws.targets().put(0, targets, e * rows * out, rows * out);
            Profile.exit(part);
        });
        addBoundGradients();
        adamStep();
    }
}
