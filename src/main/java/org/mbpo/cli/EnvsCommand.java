package org.mbpo.cli;

import org.mbpo.env.EnvSpec;
import org.mbpo.env.Envs;
import org.mbpo.env.PythonFloats;
import org.mbpo.env.ReferenceTrajectories;
import org.mbpo.env.ReferenceTrajectories.RecordedEpisode;
import org.mbpo.env.ReferenceTrajectories.StepRecord;
import org.mbpo.env.mujoco.Mujoco;
import org.mbpo.env.mujoco.MujocoUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code ./mbpo envs [replay FILE]}: the environments, and replays of reference trajectories. */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = {"List the environments (id, observation and action sizes, time limit).",
                "'envs replay FILE' replays a reference trajectory file."},
        subcommands = {EnvsCommand.ReplayCommand.class})
final class EnvsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-28s %7s %7s %10s%n", "id", "obs_dim", "act_dim", "max_steps");
        boolean mujocoMissing = !Mujoco.isAvailable();
        for (EnvSpec e : Envs.specs()) {
            out.printf("%-28s %7d %7d %10d%s%n", e.id(), e.observationDim(), e.actionDim(), e.maxEpisodeSteps(),
                    mujocoMissing && Envs.needsMujoco(e.id()) ? "  (needs MuJoCo)" : "");
        }
        out.flush();
        if (mujocoMissing) {
            spec.commandLine().getErr().println("mbpo: note: the MuJoCo tasks cannot run here: " + Mujoco.unavailableReason());
            spec.commandLine().getErr().flush();
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Replay every episode of a reference file (format: ../shared/reference/README.md) from its RESET state "
                    + "with its recorded actions, and print the RESET and STEP lines the project computes, numbers as Python's repr "
                    + "writes them, so that 'diff' against the file shows every disagreement.",
                    "With --summary, print one line per episode with the largest differences instead."})
    static final class ReplayCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "REFERENCE.tsv", description = "a reference trajectory file")
        Path file;

        @Option(names = "--format", description = "how numbers are written: REPR (Python's repr, as the Gymnasium files) "
                + "or G17 (C's %.17g, as the MuJoCo files) (default: ${DEFAULT-VALUE})")
        ReferenceTrajectories.NumberFormat format = ReferenceTrajectories.NumberFormat.REPR;

        @Option(names = "--summary", description = "one line per episode: steps, bit-identical observations, largest differences (|a-b|/max(1,|a|) for rewards and states)")
        boolean summary;

        @Override
        public void run() {
            ReferenceTrajectories.File ref;
            try {
                ref = ReferenceTrajectories.read(file);
            } catch (NoSuchFileException e) {
                throw new UserError(file + ": no such file");
            } catch (IOException e) {
                throw new UserError(file + ": cannot read: " + e.getMessage());
            } catch (ReferenceTrajectories.FormatException e) {
                throw new UserError(e.getMessage());
            }
            for (RecordedEpisode episode : ref.episodes()) {
                if (Envs.needsMujoco(episode.envId()) && !Mujoco.isAvailable()) {
                    throw new UserError(Mujoco.unavailableReason());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!summary) {
                out.println("HEADER\tmbpo-replay\t" + String.join("\t", ref.header()));
            }
            for (RecordedEpisode episode : ref.episodes()) {
                RecordedEpisode got;
                try {
                    got = ReferenceTrajectories.replay(episode);
                } catch (IllegalArgumentException e) {
                    throw new UserError(file + ": " + e.getMessage());
                } catch (MujocoUnavailableException e) {
                    throw new UserError(e.getMessage());
                }
                if (summary) {
                    out.println(summaryLine(episode, got));
                } else {
                    out.println(ReferenceTrajectories.resetLine(got, format));
                    for (StepRecord r : got.steps()) {
                        out.println(ReferenceTrajectories.stepLine(r, format));
                    }
                }
            }
            out.flush();
        }

        /** Largest differences of an episode's replay from its reference. */
        static String summaryLine(RecordedEpisode ref, RecordedEpisode got) {
            int identicalObs = 0;
            int flagMismatches = 0;
            double obsAbs = 0;
            double stateRel = 0;
            double rewardRel = 0;
            for (int t = 0; t < ref.steps().size(); t++) {
                StepRecord r = ref.steps().get(t);
                StepRecord g = got.steps().get(t);
                boolean same = true;
                for (int i = 0; i < r.observation().length; i++) {
                    same &= Double.doubleToLongBits(r.observation()[i]) == Double.doubleToLongBits(g.observation()[i]);
                    obsAbs = Math.max(obsAbs, Math.abs(r.observation()[i] - g.observation()[i]));
                }
                identicalObs += same ? 1 : 0;
                for (int i = 0; i < r.state().length; i++) {
                    stateRel = Math.max(stateRel, relative(r.state()[i], g.state()[i]));
                }
                rewardRel = Math.max(rewardRel, relative(r.reward(), g.reward()));
                flagMismatches += (r.terminated() != g.terminated() || r.truncated() != g.truncated()) ? 1 : 0;
            }
            return ref.envId() + "\tseed=" + ref.seed() + "\tsteps=" + ref.steps().size()
                    + "\tobs_bit_identical_steps=" + identicalObs
                    + "\tmax_abs_obs_diff=" + PythonFloats.repr(obsAbs)
                    + "\tmax_reward_diff=" + PythonFloats.repr(rewardRel)
                    + "\tmax_state_diff=" + PythonFloats.repr(stateRel)
                    + "\tflag_mismatches=" + flagMismatches;
        }

        /** {@code |a - b| / max(1, |a|)}: relative for large values, absolute below 1 (velocities cross zero); 0 when equal. */
        private static double relative(double a, double b) {
            return a == b ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(a));
        }
    }
}
