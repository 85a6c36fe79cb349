package org.mbpo.algorithm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mbpo.agent.Sac;
import org.mbpo.agent.TrainingEnvironment;
import org.mbpo.data.BinaryIo;
import org.mbpo.data.ReplayBuffer;
import org.mbpo.model.EnsembleTrainer;
import org.mbpo.random.Rng;
import org.mbpo.run.CheckpointException;
import org.mbpo.run.CheckpointFile;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An MBPO run's checkpoint: the whole {@link MbpoRun} after an epoch, so that {@code ./mbpo train --resume}
 * continues exactly where the run stood (the same numbers as an uninterrupted run). Framed, written and
 * checked as every run's checkpoint is ({@link CheckpointFile}: atomic, checksummed, refused with one line).
 *
 * <h2>Contents (format {@value #FORMAT}; format 1, before the replay buffers kept truncation flags, is read too)</h2>
 * {@code "MBPO-CKP"}; the header: the run's identity (format, version, env, seed, dimensions, the settings as
 * {@link MbpoSettings#describe()} writes them), epochs done, SAC updates, seconds trained, session, and the
 * progress rows as CSV lines; then the state: the evaluation, exploration, batch and rollout generators; the
 * training environment ({@link TrainingEnvironment#writeState}); the agent ({@link Sac#writeState}); the model
 * trainer ({@link EnsembleTrainer.State}); D_env; D_model if any.
 */
public final class MbpoCheckpoint {
    static final int FORMAT = 2;
    private static final CheckpointFile FILE_FORMAT = new CheckpointFile("MBPO-CKP", FORMAT, 1);

    private MbpoCheckpoint() {
    }

    /**
     * Writes {@code run} to {@code file} atomically.
     *
     * @throws IOException if the file cannot be written (the old checkpoint, if any, is left as it was)
     */
    public static void write(MbpoRun run, Path file) throws IOException {
        ObjectNode header = identity(run);
        header.put("epochs_done", run.epochsDone);
        CheckpointFile.putProgress(header, run);
        FILE_FORMAT.write(file, header, out -> writeState(run, out));
    }

    private static ObjectNode identity(MbpoRun run) {
        return FILE_FORMAT.identity(run.envId, run.seed, run.obsDim, run.actDim, run.settings.describe());
    }

    private static void writeState(MbpoRun run, DataOutputStream out) throws IOException {
        for (Rng r : new Rng[] {run.evalSeeds, run.learner.exploration(), run.batches, run.rollouts}) {
            r.state().writeTo(out);
        }
        run.learner.environment().writeState(out);
        run.agent.writeState(out);
        EnsembleTrainer.State model = run.modelTrainer.state();
        BinaryIo.writeFloatArray(out, model.parameters());
        BinaryIo.writeFloatArray(out, model.adamM());
        BinaryIo.writeFloatArray(out, model.adamV());
        out.writeLong(model.adamSteps());
        model.rng().writeTo(out);
        out.writeInt(model.trainings());
        run.real.writeTo(out);
        out.writeBoolean(run.model != null);
        if (run.model != null) {
            run.model.writeTo(out);
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
        FILE_FORMAT.read(file, (format, h, in) -> restore(file, run, format, h, in));
    }

    private static void restore(Path file, MbpoRun run, int format, JsonNode h, DataInputStream in) throws IOException {
        CheckpointFile.requireSameRun(file, h, identity(run), List.of("version", "env", "seed", "obs_dim", "act_dim"));
        String header = run.progressHeader();
        List<EpochRow> rows = CheckpointFile.progress(h).stream().map(line -> EpochRow.parse(line, header)).toList();
        Rng.State[] generators = new Rng.State[4];
        for (int i = 0; i < generators.length; i++) {
            generators[i] = Rng.State.readFrom(in);
        }
        TrainingEnvironment.State environment = run.learner.environment().readState(in);
        Sac.State agent = run.agent.readState(in);
        int modelSize = run.modelTrainer.state().parameters().length;
        EnsembleTrainer.State model = new EnsembleTrainer.State(BinaryIo.readFloatArray(in, modelSize),
                BinaryIo.readFloatArray(in, modelSize), BinaryIo.readFloatArray(in, modelSize), in.readLong(),
                Rng.State.readFrom(in), in.readInt());
        // Format 1 stored no truncation flags: its transitions read as not truncated (no learning rule reads the flag).
        boolean truncation = format >= 2;
        ReplayBuffer real = ReplayBuffer.readFrom(in, run.obsDim, run.actDim, truncation);
        ReplayBuffer modelBuffer = in.readBoolean() ? ReplayBuffer.readFrom(in, run.obsDim, run.actDim, truncation) : null;
        CheckpointFile.requireEnd(in);

        run.agent.restoreState(agent);
        run.modelTrainer.restoreState(model);
        run.learner.environment().restore(environment);
        run.evalSeeds.restoreState(generators[0]);
        run.learner.exploration().restoreState(generators[1]);
        run.batches.restoreState(generators[2]);
        run.rollouts.restoreState(generators[3]);
        run.real = real;
        run.model = modelBuffer;
        run.epochsDone = h.get("epochs_done").asInt();
        run.updates = h.get("updates").asLong();
        CheckpointFile.resumeTotals(h, run.totals);
        run.rows.clear();
        run.rows.addAll(rows);
    }
}
