package org.mbpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./mbpo train} and {@code ./mbpo bench sac} through the command line the launcher runs. */
class TrainCommandTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    static void assertUserError(Run r, String expected) {
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(expected), "stderr should say '" + expected + "': " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void trainsSacOnPendulumAndWritesTheRunDirectory() throws IOException {
        Path out = dir.resolve("run");
        Run r = run("train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "300", "--seed", "2", "--eval-every", "150",
                "--out", out.toString(), "--set", "learning_starts=100", "--set", "hidden_width=16", "--set", "batch_size=32",
                "--set", "eval_episodes=2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("final evaluation return"), r.out());
        for (String f : List.of("config.json", "progress.csv", "learning-curve.png", "result.json")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertEquals(3, Files.readAllLines(out.resolve("progress.csv")).size(), "header and two evaluations");
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals(2, config.get("seed").asInt());
        assertEquals(16, config.get("sac").get("hidden_width").asInt());
        assertEquals(100, config.get("run").get("learning_starts").asInt());
        assertEquals(150, config.get("run").get("eval_every").asInt());
        JsonNode provenance = config.get("provenance");
        for (String key : List.of("project_version", "git_commit", "java_version", "blas_threads", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE")) {
            assertTrue(provenance.has(key), "provenance has " + key);
        }
        assertEquals("completed", new ObjectMapper().readTree(out.resolve("result.json").toFile()).get("status").asText());
    }

    @Test
    void badArgumentsGiveOneLineAndStatusTwo() throws IOException {
        assertUserError(run("train", "--algo", "ppo", "--env", "Pendulum-v1", "--steps", "10"), "--algo ppo: unknown");
        assertUserError(run("train", "--env", "Nope-v0", "--steps", "10"), "unknown environment 'Nope-v0'");
        assertUserError(run("train", "--algo", "sac", "--env", "Nope-v0", "--steps", "10"), "unknown environment 'Nope-v0'");
        assertUserError(run("train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "0"), "--steps must be at least 1");
        assertUserError(run("train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "10", "--set", "bogus=1"), "unknown setting 'bogus'");
        assertUserError(run("train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "10", "--set", "batch_size=0"),
                "batch_size = 0 must be at least 1");
        assertUserError(run("train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "10", "--set", "gamma"), "expected key=value");
        Path used = dir.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("x"), "x");
        assertUserError(run("train", "--algo", "sac", "--env", "Pendulum-v1", "--steps", "10", "--out", used.toString()),
                "already holds files");
        assertUserError(run("train", "--out", used.toString()), "already holds files");
        assertUserError(run("train", "--algo", "sac", "--env", "Pendulum-v1"), "--algo sac needs --steps N");
        assertUserError(run("train", "--env", "Pendulum-v1", "--steps", "10", "--threads", "3"), "--threads must be 1 or 2, got 3");
        assertUserError(run("bench", "sac", "--reps", "1"), "--reps must be at least 5");
    }

    @Test
    void mbpoSettingsComeFromAPresetAndAreCheckedBeforeAnythingIsWritten() {
        assertUserError(run("train", "--env", "Pendulum-v1", "--steps", "10"), "--steps 10 leaves no steps after the 400 initial random steps");
        assertUserError(run("train", "--env", "MountainCarContinuous-v0"), "no MBPO preset 'MountainCarContinuous-v0'");
        assertUserError(run("train", "--preset", "cartwheel"), "--preset: no MBPO preset 'cartwheel'");
        assertUserError(run("train", "--set", "batch_size=128"), "'batch_size' is a setting of both SAC and the model: write "
                + "sac.batch_size or model.batch_size");
        assertUserError(run("train", "--set", "real_ratio=2"), "real_ratio = 2.0 must be in [0, 1]");
        assertUserError(run("train", "--set", "model.elites=2"), "set elites (an MBPO setting, which the model uses), not model.elites");
        assertUserError(run("train", "--set", "sac.target_entropy=-1"), "set target_entropy (an MBPO setting, which SAC uses)");
        assertUserError(run("train", "--set", "nonsense=1"), "unknown setting 'nonsense'");
        assertUserError(run("train", "--eval-every", "100"), "--eval-every is SAC's");
        assertUserError(run("train", "--algo", "sac", "--steps", "100", "--preset", "hopper"), "--preset is MBPO's");
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("an invariant broke");
        }
    }

    /** Issue 16: a stack trace only for a bug, and then a line saying it is one. */
    @Test
    void aBugKeepsItsStackTraceAndSaysItIsOne() {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand("boom", new CommandLine(new Boom()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(1, cli.execute("boom"));
        List<String> lines = err.toString().strip().lines().toList();
        assertTrue(lines.get(0).contains("java.lang.IllegalStateException: an invariant broke"), err.toString());
        assertTrue(lines.size() > 2, "the trace: " + err);
        assertTrue(lines.get(lines.size() - 1).startsWith("mbpo: this is a bug (java.lang.IllegalStateException above)"), err.toString());
    }

    /** Issue 16, items 2, 3 and 5: a stack trace, nonsense accepted, or a message under the wrong option. */
    @Test
    void unwritablePlacesNonsenseAndWrongOptionNamesAreOneClearLine() {
        Path proc = Path.of("/proc/mbpo-test-run");
        assertUserError(run("train", "--out", proc.toString(), "--steps", "500"), "--out /proc/mbpo-test-run: cannot be created");
        assertUserError(run("train", "--algo", "sac", "--steps", "100", "--out", proc.toString()), "--out /proc/mbpo-test-run: cannot be created");
        assertUserError(run("train", "--steps", "99999999999"), "--steps 99999999999: more than 100,000,000 real steps");
        assertUserError(run("train", "--algo", "sac", "--steps", "99999999999"), "--steps 99999999999: more than 100,000,000 real steps");
        assertUserError(run("train", "--set", "epochs=2000000000"), "more than 100,000,000");
        assertUserError(run("train", "--set", "sac.gamma=1.0"), "gamma = 1.0 must be in [0, 1)");
        assertUserError(run("train", "--algo", "sac", "--steps", "100", "--set", "gamma=1.0"), "gamma = 1.0 must be in [0, 1)");
        Run steps = run("train", "--steps", "10");
        assertUserError(steps, "--steps 10 leaves no steps");
        assertTrue(steps.err().startsWith("mbpo: --steps 10"), "named under --steps, not --set: " + steps.err());
        assertUserError(run("train", "--set", "elites=9"), "elites = 9 must be between 1 and ensemble_size (7)");
    }

    /** Issue 16, item 2: a missing MuJoCo library was a message inside a stack trace, and left an empty run directory. */
    @Test
    void aMissingMujocoLibraryIsOneLineAndLeavesNoDirectory() throws Exception {
        for (List<String> args : List.of(List.of("train", "--env", "Hopper-v4", "--steps", "6000"),
                List.of("train", "--algo", "sac", "--env", "Hopper-v4", "--steps", "6000"))) {
            Path out = dir.resolve("hop");
            List<String> cmd = new java.util.ArrayList<>(SweepCommand.launcher());
            cmd.addAll(args);
            cmd.addAll(List.of("--out", out.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err").toFile()).redirectOutput(dir.resolve("out").toFile());
            pb.environment().put("MBPO_MUJOCO_LIB", "/nonexistent/libmujoco.so");
            int status = pb.start().waitFor();
            String err = Files.readString(dir.resolve("err")).replace("WARNING: Using incubator modules: jdk.incubator.vector\n", "");
            assertEquals(2, status, args + ": " + err);
            assertEquals(1, err.strip().lines().count(), "one line: " + err);
            assertTrue(err.contains("mbpo: --env Hopper-v4: MuJoCo C library not found (/nonexistent/libmujoco.so)"), err);
            assertTrue(!Files.exists(out), "no run directory left behind");
        }
        List<String> envs = new java.util.ArrayList<>(SweepCommand.launcher());
        envs.add("envs");
        ProcessBuilder pb = new ProcessBuilder(envs).redirectError(dir.resolve("err").toFile()).redirectOutput(dir.resolve("out").toFile());
        pb.environment().put("MBPO_MUJOCO_LIB", "/nonexistent/libmujoco.so");
        assertEquals(0, pb.start().waitFor());
        assertTrue(Files.readString(dir.resolve("out")).contains("Hopper-v4                         11       3       1000  (needs MuJoCo)"),
                Files.readString(dir.resolve("out")));
        assertTrue(Files.readString(dir.resolve("err")).contains("mbpo: note: the MuJoCo tasks cannot run here: MuJoCo C library not found"));
    }

    @Test
    void aPresetOnAnotherEnvironmentAndStepsGiveWholeEpochs() throws IOException {
        Path out = dir.resolve("cartpole");
        // The InvertedPendulum preset's settings on ContinuousCartPole, 700 real steps → 500 random + 1 epoch of 250 (rounded up).
        Run r = run("train", "--env", "ContinuousCartPole", "--preset", "invertedpendulum", "--steps", "700", "--out", out.toString(),
                "--set", "rollout_batch_size=200", "--set", "agent_updates_per_step=1", "--set", "sac.hidden_width=16",
                "--set", "model_hidden=16", "--set", "model.max_epochs=3", "--set", "eval_episodes=1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("500 random steps, then 1 epochs of 250 steps (750 real steps)"), r.out());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("mbpo", config.get("algo").asText());
        assertEquals("ContinuousCartPole", config.get("mbpo").get("env_id").asText());
        assertEquals(-0.05, config.get("mbpo").get("target_entropy").asDouble(), 0.0, "the preset's target entropy");
        assertEquals(-0.05, config.get("sac").get("target_entropy").asDouble(), 0.0, "passed on to SAC");
        assertEquals(16, config.get("model").get("hidden_units").asInt(), "model_hidden passed on to the model");
        for (String f : List.of("progress.csv", "timing.csv", "learning-curve.png", "result.json", "checkpoint.bin")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        assertEquals(2, Files.readAllLines(out.resolve("progress.csv")).size());
    }

    @Test
    void mveAndSteveTrainInMbposLoopAndResumeFromTheirDirectories() throws IOException {
        for (String algo : List.of("mve", "steve")) {
            Path out = dir.resolve(algo);
            Run r = run("train", "--algo", algo, "--env", "ContinuousCartPole", "--preset", "invertedpendulum", "--steps", "700",
                    "--out", out.toString(), "--set", "horizon=2", "--set", "agent_updates_per_step=1", "--set",
                    "sac.hidden_width=16", "--set", "model_hidden=16", "--set", "model.max_epochs=3", "--set", "eval_episodes=1");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().startsWith(algo.toUpperCase(java.util.Locale.ROOT) + " on ContinuousCartPole"), r.out());
            assertTrue(r.out().contains("critic targets " + algo.toUpperCase(java.util.Locale.ROOT) + " with H 2 on real batches"),
                    r.out());
            JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
            assertEquals(algo, config.get("algo").asText());
            assertEquals(algo, config.get("expansion").get("critic_target").asText());
            assertEquals(2, config.get("expansion").get("horizon").asInt());
            assertEquals(1.0, config.get("mbpo").get("real_ratio").asDouble(), 0.0, "value expansion trains on real batches");
            List<String> progress = Files.readAllLines(out.resolve("progress.csv"));
            assertTrue(progress.get(0).endsWith(algo.equals("mve") ? ",target_gap,imagined_rows"
                    : ",target_gap,horizon_weight_0,horizon_weight_1,horizon_weight_2"), progress.get(0));
            // A finished run resumes to nothing new: its config.json is read back as this algorithm's.
            Run again = run("train", "--resume", out.toString());
            assertEquals(0, again.status(), again.err());
            assertTrue(again.out().startsWith("resuming " + algo.toUpperCase(java.util.Locale.ROOT)), again.out());
            assertEquals(progress, Files.readAllLines(out.resolve("progress.csv")));
        }
    }

    @Test
    void valueExpansionSettingsAreCheckedBeforeAnythingIsWritten() {
        assertUserError(run("train", "--algo", "mve", "--set", "real_ratio=0.5"),
                "critic_target = mve trains SAC on real data only (no model rollouts): real_ratio must be 1");
        assertUserError(run("train", "--set", "horizon=3"), "horizon = 3 is value expansion's: set critic_target=mve or steve");
        assertUserError(run("train", "--algo", "steve", "--set", "horizon=-1"), "horizon = -1 must be in [0, 50]");
        assertUserError(run("train", "--algo", "steve", "--set", "critic_target=td3"), "critic_target: expected one of sac, mve, steve");
    }

    @Test
    void benchValueExpansionTimesSacMveAndSteveInOneRun() {
        // A smoke test of the command (five updates each), not a measurement: the lead runs the benchmark alone.
        Run r = run("bench", "value-expansion", "--reps", "5", "--warmup", "1", "--threads", "1", "--horizon", "1");
        assertEquals(0, r.status(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.matches("(sac|mve|steve) +1 .*")).toList();
        assertEquals(3, rows.size(), r.out());
        assertTrue(rows.get(0).endsWith(" 1.00"), "SAC against itself: " + rows.get(0));
    }
}
