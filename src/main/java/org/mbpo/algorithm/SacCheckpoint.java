package org.mbpo.algorithm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mbpo.agent.Sac;
import org.mbpo.agent.TrainingEnvironment;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.random.Rng;
import org.mbpo.run.CheckpointException;
import org.mbpo.run.CheckpointFile;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A SAC run's checkpoint, written after every evaluation: the whole {@link SacRun}, so that
 * {@code ./mbpo train --resume} continues exactly where the run stood (the same numbers as an uninterrupted
 * run). Framed, written and checked as every run's checkpoint is ({@link CheckpointFile}: atomic,
 * checksummed, refused with one line).
 *
 * <h2>Contents (format {@value #FORMAT})</h2>
 * {@code "SAC--CKP"}; the header: the run's identity (format, version, env, seed, dimensions, the settings
 * that decide the numbers: the agent's and the run's but its threads), steps done, SAC updates, seconds trained,
 * session, and the progress rows as CSV lines; then the state: the exploration and replay generators; the
 * training environment ({@link TrainingEnvironment#writeState}); the agent ({@link Sac#writeState}); D_env.
 * The evaluation environment needs no state: its generator stands after one reset per evaluation episode so far.
 */
public final class SacCheckpoint {
    static final int FORMAT = 1;
    private static final CheckpointFile FILE_FORMAT = new CheckpointFile("SAC--CKP", FORMAT, 1);

    private SacCheckpoint() {
    }

    /**
     * Writes {@code run} to {@code file} atomically.
     *
     * @throws IOException if the file cannot be written (the old checkpoint, if any, is left as it was)
     */
    public static void write(SacRun run, Path file) throws IOException {
        ObjectNode header = identity(run);
        header.put("steps_done", run.steps);
        CheckpointFile.putProgress(header, run);
        FILE_FORMAT.write(file, header, out -> writeState(run, out));
    }

    private static ObjectNode identity(SacRun run) {
        return FILE_FORMAT.identity(run.envId, run.seed, run.obsDim, run.actDim, run.numericSettings());
    }

    private static void writeState(SacRun run, DataOutputStream out) throws IOException {
        run.learner.exploration().state().writeTo(out);
        run.replay.state().writeTo(out);
        run.learner.environment().writeState(out);
        run.agent.writeState(out);
        run.real.writeTo(out);
    }

    /**
     * Puts {@code run}, a new run made with the checkpoint's settings, seed and environment, into the state
     * {@code file} holds. Nothing on disk is changed.
     *
     * @throws CheckpointException (one line, naming the file) if the file is missing, unreadable, corrupt or
     *                             truncated, of another format or version, or for another run
     */
    public static void restore(Path file, SacRun run) {
        FILE_FORMAT.read(file, (format, h, in) -> restore(file, run, h, in));
    }

    private static void restore(Path file, SacRun run, JsonNode h, DataInputStream in) throws IOException {
        CheckpointFile.requireSameRun(file, h, identity(run), List.of("version", "env", "seed", "obs_dim", "act_dim"));
        List<SacRow> rows = CheckpointFile.progress(h).stream().map(SacRow::parse).toList();
        Rng.State exploration = Rng.State.readFrom(in);
        Rng.State replay = Rng.State.readFrom(in);
        TrainingEnvironment.State environment = run.learner.environment().readState(in);
        Sac.State agent = run.agent.readState(in);
        ReplayBuffer real = ReplayBuffer.readFrom(in, run.obsDim, run.actDim, true);
        CheckpointFile.requireEnd(in);

        run.agent.restoreState(agent);
        run.learner.environment().restore(environment);
        TrainingEnvironment.replayResets(run.evalEnv, run.evalSeed, (long) rows.size() * run.config.evalEpisodes());
        run.learner.exploration().restoreState(exploration);
        run.replay.restoreState(replay);
        run.real = real;
        run.steps = h.get("steps_done").asLong();
        run.updates = h.get("updates").asLong();
        CheckpointFile.resumeTotals(h, run.totals);
        run.rows.clear();
        run.rows.addAll(rows);
    }
}
