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
        assertUserError(run("train", "--algo", "mbpo", "--env", "Pendulum-v1", "--steps", "10"), "--algo mbpo: not implemented yet");
        assertUserError(run("train", "--algo", "ppo", "--env", "Pendulum-v1", "--steps", "10"), "--algo ppo: unknown");
        assertUserError(run("train", "--env", "Nope-v0", "--steps", "10"), "unknown environment 'Nope-v0'");
        assertUserError(run("train", "--env", "Pendulum-v1", "--steps", "0"), "--steps must be at least 1");
        assertUserError(run("train", "--env", "Pendulum-v1", "--steps", "10", "--set", "bogus=1"), "unknown setting 'bogus'");
        assertUserError(run("train", "--env", "Pendulum-v1", "--steps", "10", "--set", "batch_size=0"), "batch_size = 0 must be at least 1");
        assertUserError(run("train", "--env", "Pendulum-v1", "--steps", "10", "--set", "gamma"), "expected key=value");
        Path used = dir.resolve("used");
        Files.createDirectories(used);
        Files.writeString(used.resolve("x"), "x");
        assertUserError(run("train", "--env", "Pendulum-v1", "--steps", "10", "--out", used.toString()), "already holds files");
        assertUserError(run("train", "--env", "Pendulum-v1"), "Missing required option: '--steps=N'");
        assertUserError(run("train", "--env", "Pendulum-v1", "--steps", "10", "--threads", "3"), "--threads must be 1 or 2, got 3");
        assertUserError(run("bench", "sac", "--reps", "1"), "--reps must be at least 5");
    }
}
