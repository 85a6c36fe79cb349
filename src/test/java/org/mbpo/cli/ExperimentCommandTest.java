package org.mbpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.analysis.ExploitationPoint;
import org.mbpo.analysis.ShiftPoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbpo.cli.TrainCommandTest.assertUserError;
import static org.mbpo.cli.TrainCommandTest.run;

/** {@code ./mbpo experiment shift|exploitation} end to end, with tiny networks and few steps. */
class ExperimentCommandTest {
    @TempDir
    Path dir;

    /** Small SAC and model settings shared by both experiments. */
    private static final String[] SMALL = {
            "--set", "sac.hidden_width=16", "--set", "sac.batch_size=32",
            "--set", "model.elites=2", "--set", "model.ensemble_size=3", "--set", "model.hidden_units=16",
            "--set", "model.max_epochs=3"};

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void shiftWritesPointsFitsPlotsAndTheRolloutLength() throws IOException {
        Path out = dir.resolve("shift");
        Run r = runShift(out, "100,200,400");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("slope dε_m′/dε_π at ε_π = 0"), r.out());
        for (String f : List.of("config.json", "points.csv", "fits.csv", "rollout-length.csv", "error-vs-shift.png",
                "slope-vs-size.png", "result.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<ShiftPoint> points = ShiftPoint.readCsv(out.resolve("points.csv"));
        assertEquals((3 + 1) * 3, points.size(), "π_D and 3 policies, each under 3 models");
        for (ShiftPoint p : points) {
            if (p.policy() == 0) {
                assertEquals(0, p.kl(), 1e-12, "π_D has no shift from itself");
                assertEquals(0, p.tvMc(), 1e-12);
            } else {
                assertTrue(p.kl() > 0 && p.tvMc() > 0 && p.tvMc() <= 1, "a trained policy has moved: " + p);
                assertTrue(p.tvMc() <= p.tvPinsker() + 0.05, "Pinsker bounds the TV (up to Monte Carlo noise): " + p);
            }
            assertTrue(p.mse() > 0 && p.tv() >= 0 && p.tv() <= 1, "errors in range: " + p);
        }
        assertEquals(List.of(0L, 10L, 24L, 60L), points.stream().filter(p -> p.size() == 100).map(ShiftPoint::step).toList(),
                "checkpoints geometric from 10 to 60 steps");
        assertEquals(1 + 3 * 3 * 3, Files.readAllLines(out.resolve("fits.csv")).size(), "header and 27 fits");
        assertEquals(1 + 3, Files.readAllLines(out.resolve("rollout-length.csv")).size());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("100,200,400", config.get("shift").get("sizes").asText());
        assertEquals(16, config.get("model").get("hidden_units").asInt());
        assertTrue(config.get("provenance").has("git_commit"));
        assertEquals("completed", new ObjectMapper().readTree(out.resolve("result.json").toFile()).get("status").asText());
    }

    record Run(int status, String out, String err) {
    }

    private Run runShift(Path out, String sizes) {
        String[] args = concat(new String[] {"experiment", "shift", "--env", "Pendulum-v1", "--seed", "3", "--sizes", sizes,
                "--out", out.toString(), "--set", "pretrain_steps=300", "--set", "learning_starts=200", "--set", "shift_steps=60",
                "--set", "checkpoints=3", "--set", "first_checkpoint=10", "--set", "shift_states=50",
                "--set", "eval_transitions=100", "--set", "mc_samples=20", "--set", "return_episodes=1"}, SMALL);
        TrainCommandTest.Run r = run(args);
        return new Run(r.status(), r.out(), r.err());
    }

    @Test
    void exploitationWritesReturnsAndTheRolloutVariance() throws IOException {
        Path out = dir.resolve("exploitation");
        TrainCommandTest.Run r = run(concat(new String[] {"experiment", "exploitation", "--env", "Pendulum-v1", "--seed", "4",
                "--out", out.toString(), "--set", "steps=450", "--set", "learning_starts=200", "--set", "every=150",
                "--set", "return_episodes=1", "--set", "replays=20", "--set", "rollout_steps=30", "--set", "coordinate=2"}, SMALL));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("model against real return over 3 policies"), r.out());
        for (String f : List.of("config.json", "exploitation.csv", "model-vs-real-return.png", "rollout-variance.csv",
                "rollout-variance.png", "result.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<ExploitationPoint> points = ExploitationPoint.readCsv(out.resolve("exploitation.csv"));
        assertEquals(List.of(150L, 300L, 450L), points.stream().map(ExploitationPoint::step).toList());
        assertEquals(List.of(150, 300, 450), points.stream().map(ExploitationPoint::trainSize).toList(), "the model trains on all data so far");
        // Pendulum rewards lie in [−16.27, 0]: 200-step returns in [−3254, 0] for real episodes, and near that for the model.
        for (ExploitationPoint p : points) {
            assertTrue(p.realReturn() <= 0 && p.realReturn() >= -3300, "real return " + p.realReturn());
        }
        assertEquals(1 + 31 * 3, Files.readAllLines(out.resolve("rollout-variance.csv")).size(), "31 steps × 3 coordinates");
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertEquals(30, result.get("rollout_steps").asInt());
    }

    @Test
    void badArgumentsGiveOneLineAndStatusTwo() throws IOException {
        assertUserError(run("experiment", "shift", "--env", "Nope-v0"), "unknown environment 'Nope-v0'");
        assertUserError(run("experiment", "shift", "--env", "Pendulum-v1", "--sizes", "400,100"), "sizes must increase strictly");
        assertUserError(run("experiment", "shift", "--env", "Pendulum-v1", "--sizes", "a,b"), "expected whole numbers");
        assertUserError(run("experiment", "shift", "--env", "Pendulum-v1", "--set", "bogus=1"), "--set bogus: unknown setting");
        assertUserError(run("experiment", "shift", "--env", "Pendulum-v1", "--set", "sac.bogus=1"), "--set sac.bogus: unknown setting");
        assertUserError(run("experiment", "shift", "--env", "Pendulum-v1", "--set", "zz.gamma=1"), "unknown prefix 'zz'");
        assertUserError(run("experiment", "shift", "--env", "Pendulum-v1", "--set", "checkpoints=1"), "checkpoints = 1 must be at least 2");
        assertUserError(run("experiment", "exploitation", "--env", "Pendulum-v1", "--set", "coordinate=3"),
                "Pendulum-v1 has observation coordinates 0 to 2");
        assertUserError(run("experiment", "exploitation", "--env", "Pendulum-v1", "--set", "model.elites=9"), "elites = 9 must be");
        Path used = dir.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("x"), "x");
        assertUserError(run("experiment", "shift", "--env", "Pendulum-v1", "--out", used.toString()), "already holds files");
        assertUserError(run("experiment"), "choose an experiment");
    }
}
