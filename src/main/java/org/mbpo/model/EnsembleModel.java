package org.mbpo.model;

import org.mbpo.nn.NativeArray;
import org.mbpo.nn.Nd4jArrays;
import org.mbpo.nn.Workers;
import org.mbpo.nn.Workspace;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A trained probabilistic ensemble as MBPO uses it (the reference's {@code BNN} with
 * {@code FakeEnv}; mbrl-lib's {@code OneDTransitionRewardModel}): inputs are (observation, action),
 * standardised with statistics of the training data; each member predicts a Gaussian over
 * {@code [reward, Δobservation]}; the elites are the members used for rollouts.
 *
 * <p>Immutable: its parameters are a private copy that nothing changes, so a model can be shared
 * between threads and saved with {@link #save}; it carries its {@link Provenance} and the
 * {@link TrainingMetrics} of the training that produced it. Produced by {@link EnsembleTrainer}
 * or {@link #load}.
 *
 * <p>{@link #sample} is MBPO's rollout step: one elite drawn uniformly for each row, only that member
 * computed for that row (rows are grouped by member, as mbrl-lib's random-model propagation does),
 * and a draw from its Gaussian: {@code next = obs + μ_Δ + σ_Δ·ε}, {@code reward = μ_r + σ_r·ε'}.
 */
public final class EnsembleModel implements DynamicsModel {
    /** Rows per forward pass in prediction (measured: 512 rows keep the activations in cache and the gemms efficient). */
    static final int CHUNK_ROWS = 512;

    private final GaussianEnsemble net;
    private final InputScaler scaler;
    private final int[] elites;
    private final int obsDim;
    private final int actDim;
    private final Provenance provenance;
    private final TrainingMetrics training;
    private final int threads;

    EnsembleModel(GaussianEnsemble net, InputScaler scaler, int[] elites, int obsDim, int actDim, Provenance provenance,
                  TrainingMetrics training, int threads) {
        EnsembleConfig c = provenance.config();
        if (net.members != c.ensembleSize() || net.hiddenLayers != c.hiddenLayers() || net.hiddenUnits != c.hiddenUnits()
                || net.inputDim != obsDim + actDim || net.outputDim != obsDim + 1 || scaler.dim() != obsDim + actDim) {
            throw new IllegalArgumentException("ensemble shape does not match config and dimensions");
        }
        if (elites.length != c.elites()) {
            throw new IllegalArgumentException(elites.length + " elites, config says " + c.elites());
        }
        boolean[] seen = new boolean[net.members];
        for (int e : elites) {
            if (e < 0 || e >= net.members || seen[e]) {
                throw new IllegalArgumentException("bad elite list " + java.util.Arrays.toString(elites));
            }
            seen[e] = true;
        }
        this.net = net;
        this.scaler = scaler;
        this.elites = elites.clone();
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.provenance = provenance;
        this.training = training;
        this.threads = threads;
    }

    @Override
    public int observationDim() {
        return obsDim;
    }

    @Override
    public int actionDim() {
        return actDim;
    }

    /** The members used by {@link #sample}, best holdout MSE first. */
    public int[] elites() {
        return elites.clone();
    }

    public int members() {
        return net.members;
    }

    public EnsembleConfig config() {
        return provenance.config();
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The training that produced this model (null for a model that was never trained). */
    public TrainingMetrics training() {
        return training;
    }

    /** Threads used by {@link #sample} and {@link #predict}. */
    public int threads() {
        return threads;
    }

    /** This model computing with {@code threads} threads (same parameters, shared). */
    public EnsembleModel withThreads(int threads) {
        Workers.shared(threads);
        return new EnsembleModel(net, scaler, elites, obsDim, actDim, provenance, training, threads);
    }

    /** The input standardisation's means {@code [obsDim + actDim]}. */
    public float[] inputMean() {
        return scaler.mean();
    }

    /** The input standardisation's standard deviations {@code [obsDim + actDim]}. */
    public float[] inputStd() {
        return scaler.std();
    }

    GaussianEnsemble network() {
        return net;
    }

    InputScaler scaler() {
        return scaler;
    }

    private void checkBatch(float[] observations, float[] actions, int rows) {
        if (rows < 0 || observations.length < (long) rows * obsDim || actions.length < (long) rows * actDim) {
            throw new IllegalArgumentException(rows + " rows need " + (long) rows * obsDim + " observation values (got "
                    + observations.length + ") and " + (long) rows * actDim + " action values (got " + actions.length + ")");
        }
    }

    private void checkSample(float[] observations, float[] actions, int rows, float[] nextObservations, float[] rewards) {
        checkBatch(observations, actions, rows);
        if (nextObservations.length < (long) rows * obsDim || rewards.length < rows) {
            throw new IllegalArgumentException("output arrays too small for " + rows + " rows");
        }
    }

    /** {@link #sample(float[], float[], int, RandomGenerator, float[], float[])} into new arrays. */
    public Sample sample(float[] observations, float[] actions, int rows, RandomGenerator rng) {
        float[] next = new float[rows * obsDim];
        float[] rewards = new float[rows];
        sample(observations, actions, rows, rng, next, rewards);
        return new Sample(next, rewards);
    }

    /**
     * A sampled next observation and reward.
     *
     * @param nextObservations {@code [rows, obsDim]}
     * @param rewards          {@code [rows]}
     */
    public record Sample(float[] nextObservations, float[] rewards) {
    }

    /**
     * MBPO's rollout step for {@code rows} rows (see the class comment). The results depend only on
     * the inputs and {@code rng}, not on the thread count.
     */
    @Override
    public void sample(float[] observations, float[] actions, int rows, RandomGenerator rng, float[] nextObservations,
                       float[] rewards) {
        checkSample(observations, actions, rows, nextObservations, rewards);
        int[] choice = new int[rows];
        for (int r = 0; r < rows; r++) {
            choice[r] = elites[rng.nextInt(elites.length)];
        }
        sample(choice, observations, actions, rows, rng, nextObservations, rewards);
    }

    /** The elites: {@link #sample}'s members. */
    @Override
    public int rolloutMembers() {
        return elites.length;
    }

    /**
     * {@link #sample} with every row drawn from elite {@code member} ({@code elites()[member]}): the same Gaussian
     * draw, only the member is given instead of drawn.
     */
    @Override
    public void sampleMember(int member, float[] observations, float[] actions, int rows, RandomGenerator rng,
                             float[] nextObservations, float[] rewards) {
        if (member < 0 || member >= elites.length) {
            throw new IllegalArgumentException("elite " + member + " of " + elites.length);
        }
        checkSample(observations, actions, rows, nextObservations, rewards);
        int[] choice = new int[rows];
        java.util.Arrays.fill(choice, elites[member]);
        sample(choice, observations, actions, rows, rng, nextObservations, rewards);
    }

    /** The Gaussian draw of {@link #sample} with member {@code choice[r]} for row r. */
    private void sample(int[] choice, float[] observations, float[] actions, int rows, RandomGenerator rng,
                        float[] nextObservations, float[] rewards) {
        int members = net.members;
        int[] count = new int[members];
        for (int r = 0; r < rows; r++) {
            count[choice[r]]++;
        }
        int[] start = new int[members + 1];
        for (int e = 0; e < members; e++) {
            start[e + 1] = start[e] + count[e];
        }
        int[] order = new int[rows];
        int[] fill = start.clone();
        for (int r = 0; r < rows; r++) {
            order[fill[choice[r]]++] = r;
        }
        List<int[]> chunks = chunks(start);
        long[] seeds = new long[chunks.size()];
        for (int c = 0; c < seeds.length; c++) {
            seeds[c] = rng.nextLong();
        }
        int o = net.outputDim;
        Workers.shared(threads).run(chunks.size(), c -> {
            int[] chunk = chunks.get(c);
            int member = chunk[0];
            int from = chunk[1];
            int n = chunk[2];
            Workspace ws = net.workspace(CHUNK_ROWS, false);
            NativeArray head = forward(member, ws, observations, actions, order, from, n);
            Kernels.expHalfInPlace(head, o * n, o * n);
            float[] out = ws.outScratch();
            head.get(0, out, 0, 2 * o * n);
            SplittableRandom noise = new SplittableRandom(seeds[c]);
            for (int i = 0; i < n; i++) {
                int row = order[from + i];
                rewards[row] = out[i] + out[o * n + i] * (float) noise.nextGaussian();
                int base = row * obsDim;
                for (int j = 0; j < obsDim; j++) {
                    nextObservations[base + j] = observations[base + j] + out[(1 + j) * n + i]
                            + out[(o + 1 + j) * n + i] * (float) noise.nextGaussian();
                }
            }
        });
    }

    /** Splits each member's rows [start[e], start[e+1]) into chunks {member, from, count} of at most CHUNK_ROWS. */
    private static List<int[]> chunks(int[] start) {
        List<int[]> chunks = new ArrayList<>();
        for (int e = 0; e + 1 < start.length; e++) {
            for (int from = start[e]; from < start[e + 1]; from += CHUNK_ROWS) {
                chunks.add(new int[] {e, from, Math.min(CHUNK_ROWS, start[e + 1] - from)});
            }
        }
        return chunks;
    }

    /**
     * Member {@code member}'s forward pass on rows {@code order[from .. from+n)} (or {@code from .. from+n} when
     * {@code order} is null): returns the workspace's head output, means then log-variances, {@code [2·out, n]}.
     */
    private NativeArray forward(int member, Workspace ws, float[] observations, float[] actions, int[] order, int from, int n) {
        int in = net.inputDim;
        float[] x = ws.inScratch();
        for (int i = 0; i < n; i++) {
            scaler.standardise(observations, obsDim, actions, actDim, order == null ? from + i : order[from + i], x, i * in);
        }
        ws.input(0).put(0, x, 0, n * in);
        net.predict(member, ws, n);
        return ws.preActivation(net.hiddenLayers);
    }

    /**
     * Every member's mean and variance for every row, in {@code [reward, next observation]} space (for
     * analysis; {@link #sample} computes only one member per row).
     */
    public EnsemblePrediction predict(float[] observations, float[] actions, int rows) {
        checkBatch(observations, actions, rows);
        int members = net.members;
        int o = net.outputDim;
        float[] means = new float[members * rows * o];
        float[] variances = new float[members * rows * o];
        int chunksPerMember = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        Workers.shared(threads).run(members * chunksPerMember, task -> {
            int member = task / chunksPerMember;
            int from = (task % chunksPerMember) * CHUNK_ROWS;
            int n = Math.min(CHUNK_ROWS, rows - from);
            Workspace ws = net.workspace(CHUNK_ROWS, false);
            NativeArray head = forward(member, ws, observations, actions, null, from, n);
            float[] out = ws.outScratch();
            head.get(0, out, 0, 2 * o * n);
            for (int i = 0; i < n; i++) {
                int row = from + i;
                int base = (member * rows + row) * o;
                for (int j = 0; j < o; j++) {
                    float shift = j == 0 ? 0f : observations[row * obsDim + j - 1];
                    means[base + j] = out[j * n + i] + shift;
                    variances[base + j] = ScalarKernels.exp(out[(o + j) * n + i]);
                }
            }
        });
        return new EnsemblePrediction(members, rows, o, means, variances, elites);
    }

    /**
     * MBPO's rollout step ({@link #sample(float[], float[], int, RandomGenerator, float[], float[])}) on ND4J
     * arrays: observations {@code [n, obsDim]} and actions {@code [n, actDim]} in, copied once each; the sampled
     * next observations {@code [n, obsDim]} and rewards {@code [n]} out, new arrays.
     *
     * @param nextObservations {@code [n, obsDim]}
     * @param rewards          {@code [n]}
     */
    public record ArraySample(INDArray nextObservations, INDArray rewards) {
    }

    /** See {@link ArraySample}. */
    public ArraySample sample(INDArray observations, INDArray actions, RandomGenerator rng) {
        float[] obs = Nd4jArrays.toFloats(observations, obsDim, "observations");
        float[] act = Nd4jArrays.toFloats(actions, actDim, "actions");
        int rows = obs.length / obsDim;
        if (act.length != rows * actDim) {
            throw new IllegalArgumentException(rows + " observations but " + act.length / actDim + " actions");
        }
        Sample s = sample(obs, act, rows, rng);
        return new ArraySample(Nd4jArrays.matrix(s.nextObservations(), rows, obsDim), Nd4jArrays.vector(s.rewards(), rows));
    }

    /**
     * Every member's prediction ({@link #predict(float[], float[], int)}) for observations {@code [n, obsDim]} and
     * actions {@code [n, actDim]} given as ND4J arrays (copied in once); the prediction's arrays are ND4J arrays
     * too ({@link EnsemblePrediction#meansArray()}).
     */
    public EnsemblePrediction predict(INDArray observations, INDArray actions) {
        float[] obs = Nd4jArrays.toFloats(observations, obsDim, "observations");
        float[] act = Nd4jArrays.toFloats(actions, actDim, "actions");
        int rows = obs.length / obsDim;
        if (act.length != rows * actDim) {
            throw new IllegalArgumentException(rows + " observations but " + act.length / actDim + " actions");
        }
        return predict(obs, act, rows);
    }

    /**
     * The ensemble's parameters, in {@link GaussianEnsemble}'s layout, as a new ND4J array {@code [size]}: a copy,
     * since a model never changes (a view would let it).
     */
    public INDArray parametersArray() {
        return net.params.array().dup();
    }

    /**
     * Writes the model to {@code file} atomically (a temporary file in the same directory, then a
     * rename): a reader sees the old file or the new one, never half of one.
     */
    public void save(Path file) throws IOException {
        ModelFile.write(this, file);
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @throws IOException with a one-line message naming the file and what is wrong (not a model file,
     *                     another format version, corrupt or truncated, inconsistent sizes)
     */
    public static EnsembleModel load(Path file) throws IOException {
        return ModelFile.read(file, 1);
    }
}
