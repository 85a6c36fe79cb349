package org.mbpo.algorithm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mbpo.agent.Sac;
import org.mbpo.data.BinaryIo;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.nn.Adam;
import org.mbpo.random.Rng;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * An MBPO run's checkpoint: the whole {@link MbpoRun} after an epoch, so that {@code ./mbpo train
 * --resume} continues exactly where the run stood (the same numbers as an uninterrupted run).
 *
 * <h2>Format (version {@value #FORMAT}; version 1, before the replay buffers kept truncation flags, is read too)</h2>
 * {@code "MBPO-CKP"}, the format (int), a JSON header (int length, then UTF-8: format, version, env,
 * seed, dimensions, the settings as {@link MbpoSettings#describe()} writes them, epochs done, SAC
 * updates, seconds trained, session, and the progress rows as CSV lines), then the binary state
 * (big-endian): the evaluation, exploration, batch and rollout generators; the training environment
 * (episode-seed generator, the episode's seed, episodes, return so far, observation, actions); the
 * agent ({@link Sac.State}); the model trainer ({@link EnsembleTrainer.State}); D_env; D_model if any;
 * and last a CRC-32 (long) of everything before it.
 *
 * <p>Written atomically: into a temporary file in the same directory, forced to disk, then renamed
 * over the old checkpoint, so a reader finds the old checkpoint or the new one, never a part (also
 * after {@code kill -9} or a power cut). Read in two passes: the checksum over the whole file first,
 * then the contents; a checkpoint is only applied if both pass and it belongs to the same run (settings,
 * seed, environment, format and version).
 */
public final class MbpoCheckpoint {
    /** The checkpoint's file name in a run directory. */
    public static final String FILE = "checkpoint.bin";
    static final int FORMAT = 2;
    private static final byte[] MAGIC = "MBPO-CKP".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private MbpoCheckpoint() {
    }

    /** The code version written into checkpoints (the jar's version, or "development build"). */
    static String version() {
        String v = MbpoCheckpoint.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /**
     * Writes {@code run} to {@code file} atomically.
     *
     * @throws IOException if the file cannot be written (the old checkpoint, if any, is left as it was)
     */
    public static void write(MbpoRun run, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = asideOf(target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
                CRC32 crc = new CRC32();
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
                writeContents(run, out);
                out.flush();
                ByteBuffer tail = ByteBuffer.allocate(8).putLong(crc.getValue());
                tail.flip();
                while (tail.hasRemaining()) {
                    channel.write(tail);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(dir + " does not support atomic renames; a checkpoint cannot be written safely there");
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Where to write {@code target} before renaming it into place: a hidden file beside it, named after
     * this process (so two processes never share one; the directory lock keeps a second trainer out).
     */
    static Path asideOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux does). */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible on every platform; the rename itself is still atomic.
        }
    }

    private static void writeContents(MbpoRun run, DataOutputStream out) throws IOException {
        out.write(MAGIC);
        out.writeInt(FORMAT);
        ObjectNode header = header(run);
        header.put("epochs_done", run.epochsDone);
        header.put("updates", run.updates);
        header.put("trained_seconds", run.trainedSeconds);
        header.put("session", run.session);
        ArrayNode progress = header.putArray("progress");
        for (EpochRow r : run.rows) {
            progress.add(r.csv());
        }
        byte[] json = JSON.writeValueAsBytes(header);
        out.writeInt(json.length);
        out.write(json);

        for (Rng r : new Rng[] {run.evalSeeds, run.exploration, run.batches, run.rollouts}) {
            writeRng(out, r.state());
        }
        TrainingEnvironment.State env = run.environment.state();
        writeRng(out, env.episodeSeeds());
        out.writeLong(env.episodeSeed());
        out.writeLong(env.episodes());
        out.writeDouble(env.episodeReturn());
        writeDoubles(out, env.observation());
        out.writeInt(env.actions().length);
        for (double[] a : env.actions()) {
            writeDoubles(out, a);
        }
        Sac.State agent = run.agent.state();
        for (float[] p : new float[][] {agent.actor(), agent.q1(), agent.q2(), agent.q1Target(), agent.q2Target()}) {
            BinaryIo.writeFloatArray(out, p);
        }
        for (Adam.State a : new Adam.State[] {agent.actorAdam(), agent.q1Adam(), agent.q2Adam(), agent.alphaAdam()}) {
            out.writeLong(a.steps());
            BinaryIo.writeFloatArray(out, a.m());
            BinaryIo.writeFloatArray(out, a.v());
        }
        out.writeFloat(agent.logAlpha());
        writeRng(out, agent.noise());
        EnsembleTrainer.State model = run.modelTrainer.state();
        BinaryIo.writeFloatArray(out, model.parameters());
        BinaryIo.writeFloatArray(out, model.adamM());
        BinaryIo.writeFloatArray(out, model.adamV());
        out.writeLong(model.adamSteps());
        writeRng(out, model.rng());
        out.writeInt(model.trainings());
        run.real.writeTo(out);
        out.writeBoolean(run.model != null);
        if (run.model != null) {
            run.model.writeTo(out);
        }
    }

    /** What identifies the run a checkpoint belongs to. */
    private static ObjectNode header(MbpoRun run) {
        ObjectNode h = JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("version", version());
        h.put("env", run.envId);
        h.put("seed", run.seed);
        h.put("obs_dim", run.obsDim);
        h.put("act_dim", run.actDim);
        h.set("settings", settingsTree(run.settings));
        return h;
    }

    private static JsonNode settingsTree(MbpoSettings s) {
        try {
            return JSON.readTree(JSON.writeValueAsBytes(s.describe()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Puts {@code run}, a new run made with the checkpoint's settings, seed and environment, into the
     * state {@code file} holds. Nothing on disk is changed.
     *
     * @throws CheckpointException (one line, naming the file) if the file is missing, unreadable,
     *                             corrupt or truncated, of another format or version, or for another run
     */
    public static void restore(Path file, MbpoRun run) {
        verifyChecksum(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.readFully(new byte[MAGIC.length]);
            int format = in.readInt();
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            JsonNode h = JSON.readTree(json);
            checkSameRun(file, h, run);
            List<EpochRow> rows = new ArrayList<>();
            for (JsonNode line : h.get("progress")) {
                rows.add(EpochRow.parse(line.asText()));
            }
            Rng.State[] generators = new Rng.State[4];
            for (int i = 0; i < generators.length; i++) {
                generators[i] = readRng(in);
            }
            Rng.State episodeSeeds = readRng(in);
            long episodeSeed = in.readLong();
            long episodes = in.readLong();
            double episodeReturn = in.readDouble();
            double[] observation = readDoubles(in, run.obsDim);
            int steps = in.readInt();
            if (steps < 0 || steps > run.env.spec().maxEpisodeSteps()) {
                throw new IOException("an episode in progress of " + steps + " steps");
            }
            double[][] actions = new double[steps][];
            for (int i = 0; i < steps; i++) {
                actions[i] = readDoubles(in, run.actDim);
            }
            Sac.State expectedAgent = run.agent.state();
            float[][] nets = new float[5][];
            float[][] expectedNets = {expectedAgent.actor(), expectedAgent.q1(), expectedAgent.q2(), expectedAgent.q1Target(),
                    expectedAgent.q2Target()};
            for (int i = 0; i < 5; i++) {
                nets[i] = BinaryIo.readFloatArray(in, expectedNets[i].length);
            }
            Adam.State[] adams = new Adam.State[4];
            Adam.State[] expectedAdams = {expectedAgent.actorAdam(), expectedAgent.q1Adam(), expectedAgent.q2Adam(),
                    expectedAgent.alphaAdam()};
            for (int i = 0; i < 4; i++) {
                long t = in.readLong();
                adams[i] = new Adam.State(t, BinaryIo.readFloatArray(in, expectedAdams[i].m().length),
                        BinaryIo.readFloatArray(in, expectedAdams[i].v().length));
            }
            float logAlpha = in.readFloat();
            Rng.State noise = readRng(in);
            Sac.State agent = new Sac.State(nets[0], nets[1], nets[2], nets[3], nets[4], adams[0], adams[1], adams[2],
                    adams[3], logAlpha, noise);
            int modelSize = run.modelTrainer.state().parameters().length;
            EnsembleTrainer.State model = new EnsembleTrainer.State(BinaryIo.readFloatArray(in, modelSize),
                    BinaryIo.readFloatArray(in, modelSize), BinaryIo.readFloatArray(in, modelSize), in.readLong(), readRng(in),
                    in.readInt());
            // Format 1 stored no truncation flags: its transitions read as not truncated (no learning rule reads the flag).
            boolean truncation = format >= 2;
            ReplayBuffer real = ReplayBuffer.readFrom(in, run.obsDim, run.actDim, truncation);
            ReplayBuffer modelBuffer = in.readBoolean() ? ReplayBuffer.readFrom(in, run.obsDim, run.actDim, truncation) : null;
            if (in.available() != 8) {
                throw new IOException("the contents end " + (in.available() - 8) + " bytes before the checksum");
            }

            run.agent.restoreState(agent);
            run.modelTrainer.restoreState(model);
            run.environment.restore(new TrainingEnvironment.State(episodeSeeds, episodeSeed, actions, observation,
                    episodeReturn, episodes));
            run.evalSeeds.restoreState(generators[0]);
            run.exploration.restoreState(generators[1]);
            run.batches.restoreState(generators[2]);
            run.rollouts.restoreState(generators[3]);
            run.real = real;
            run.model = modelBuffer;
            run.epochsDone = h.get("epochs_done").asInt();
            run.updates = h.get("updates").asLong();
            run.trainedSeconds = h.get("trained_seconds").asDouble();
            run.session = h.get("session").asInt() + 1;
            run.rows.clear();
            run.rows.addAll(rows);
        } catch (CheckpointException e) {
            throw e;
        } catch (EOFException e) {
            throw new CheckpointException(file + ": truncated checkpoint");
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file + ": unreadable checkpoint: " + oneLine(e));
        }
    }

    /** Fails unless the checkpoint starts right and its CRC-32 matches; reads the file once. */
    private static void verifyChecksum(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no checkpoint (the run has not finished an epoch)");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read the checkpoint: " + oneLine(e));
        }
        if (size < MAGIC.length + 4 + 4 + 8) {
            throw new CheckpointException(file + ": truncated checkpoint (" + size + " bytes)");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] magic = raw.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new CheckpointException(file + ": not an mbpo checkpoint (it does not start with MBPO-CKP)");
            }
            CRC32 crc = new CRC32();
            crc.update(magic);
            CheckedInputStream checked = new CheckedInputStream(raw, crc);
            byte[] chunk = new byte[1 << 16];
            long left = size - MAGIC.length - 8;
            byte[] formatBytes = checked.readNBytes(4);
            left -= 4;
            int format = ByteBuffer.wrap(formatBytes).getInt();
            if (format < 1 || format > FORMAT) {
                throw new CheckpointException(file + ": checkpoint format " + format + ", this version reads formats 1 to " + FORMAT);
            }
            while (left > 0) {
                int n = checked.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new CheckpointException(file + ": truncated checkpoint");
                }
                left -= n;
            }
            long stored = ByteBuffer.wrap(raw.readNBytes(8)).getLong();
            if (stored != crc.getValue()) {
                throw new CheckpointException(file + ": checksum mismatch: the checkpoint is corrupt or truncated");
            }
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read the checkpoint: " + oneLine(e));
        }
    }

    private static void checkSameRun(Path file, JsonNode h, MbpoRun run) {
        JsonNode expected;
        try {
            expected = JSON.readTree(JSON.writeValueAsBytes(header(run)));  // as the file's header reads back
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String key : List.of("version", "env", "seed", "obs_dim", "act_dim")) {
            if (!expected.get(key).equals(h.get(key))) {
                throw new CheckpointException(file + ": the checkpoint is for another run: its " + key + " is "
                        + h.get(key) + ", this run's is " + expected.get(key));
            }
        }
        JsonNode mine = expected.get("settings");
        JsonNode theirs = h.get("settings");
        if (theirs == null || !mine.equals(theirs)) {
            throw new CheckpointException(file + ": the checkpoint is for another run: its settings differ"
                    + firstDifference(mine, theirs));
        }
    }

    /** ", e.g. mbpo.real_ratio: 0.1 here, 0.05 in the checkpoint" for the first differing field. */
    private static String firstDifference(JsonNode mine, JsonNode theirs) {
        if (theirs == null) {
            return "";
        }
        for (java.util.Iterator<String> sections = mine.fieldNames(); sections.hasNext(); ) {
            String section = sections.next();
            JsonNode a = mine.get(section);
            JsonNode b = theirs.get(section);
            for (java.util.Iterator<String> keys = a.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (b == null || !a.get(key).equals(b.get(key))) {
                    return " (first: " + section + "." + key + " is " + a.get(key) + " here, "
                            + (b == null ? "missing" : b.get(key)) + " in the checkpoint)";
                }
            }
        }
        return "";
    }

    private static void writeRng(DataOutputStream out, Rng.State s) throws IOException {
        out.writeLong(s.seed());
        out.writeLong(s.gamma());
    }

    private static Rng.State readRng(DataInputStream in) throws IOException {
        return new Rng.State(in.readLong(), in.readLong());
    }

    private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputStream in, int expected) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IOException(n + " values where " + expected + " were expected");
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    private static String oneLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
