package org.mbpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbpo.theory.InstanceEvaluation;
import org.mbpo.theory.InstanceJson;
import org.mbpo.theory.RandomInstances;
import org.mbpo.theory.TheoryInstance;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounds subcommands end to end through the same command line the launcher runs. */
class BoundsCommandTest {
    private static final List<String> REQUIRED_KEYS = List.of("eta", "eta_model", "eta_data", "eta_branch",
            "eta_branch_post_first", "eps_pi", "eps_m", "eps_m_prime", "r_max", "theorem1_c", "theorem2_c",
            "theorem3_c", "theorem1_holds", "theorem2_holds", "theorem3_holds");

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

    @Test
    void checkPrintsTheSchemaWithFullPrecisionValues() throws IOException {
        TheoryInstance in = RandomInstances.defaults().instance(1, 4);
        Path file = dir.resolve("instance.json");
        Files.writeString(file, InstanceJson.write(in));
        Run r = run("bounds", "check", file.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        for (String key : REQUIRED_KEYS) {
            assertTrue(json.has(key), "missing key " + key);
        }
        InstanceEvaluation expected = InstanceEvaluation.of(in);
        assertEquals(expected.eta(), json.get("eta").doubleValue(), 0.0, "eta must round-trip exactly");
        assertEquals(expected.epsMPrime(), json.get("eps_m_prime").doubleValue(), 0.0);
        assertEquals(expected.check(org.mbpo.theory.Bound.THEOREM2).holds(), json.get("theorem2_holds").booleanValue());
    }

    @Test
    void badInstanceExitsTwoWithOneLineNamingTheField() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, org.mbpo.theory.InstanceJsonTest.VALID.replace("[[0.6, 0.4]", "[[0.6, 0.5]"));
        Run r = run("bounds", "check", file.toString());
        assertEquals(2, r.status());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("data_policy[0]: row sums to 1.1"), r.err());
        assertEquals("", r.out());
    }

    /** Issue 16, item 3: k = 50 with horizon 10 was accepted without a note. */
    @Test
    void aRolloutLengthNotBelowTheHorizonGetsANote() throws IOException {
        Path file = dir.resolve("long-k.json");
        Files.writeString(file, org.mbpo.theory.InstanceJsonTest.VALID.replace("\"k\": 2", "\"k\": 50, \"horizon\": 10"));
        Run r = run("bounds", "check", file.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"horizon\" : 10") || r.out().contains("\"horizon\": 10"), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("note: " + file + ": k = 50 is not below horizon = 10"), r.err());
        Files.writeString(file, org.mbpo.theory.InstanceJsonTest.VALID.replace("\"k\": 2", "\"k\": 9, \"horizon\": 10"));
        assertEquals("", run("bounds", "check", file.toString()).err(), "no note for k < horizon");
    }

    @Test
    void malformedJsonAndMissingFileExitTwo() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"gamma\": 0.9,");
        Run broken = run("bounds", "check", file.toString());
        assertEquals(2, broken.status());
        assertTrue(broken.err().contains("malformed JSON at line 1"), broken.err());
        Run missing = run("bounds", "check", dir.resolve("nope.json").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void sweepPrintsOneRowPerBound() {
        Run r = run("bounds", "sweep", "--instances", "20", "--seed", "3");
        assertEquals(0, r.status(), r.err());
        for (org.mbpo.theory.Bound b : org.mbpo.theory.Bound.values()) {
            assertTrue(r.out().contains(b.key()), "no row for " + b.key());
        }
    }

    @Test
    void tightestPrintsAnInstanceThatCheckReadsBack() throws IOException {
        Run r = run("bounds", "tightest", "--bound", "theorem2", "--restarts", "1", "--steps", "20", "--horizon", "200");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("theorem2: gap"), r.err());
        TheoryInstance found = InstanceJson.readInstance(r.out());
        assertEquals(200, found.horizon());
    }

    @Test
    void badOptionsExitTwo() {
        assertEquals(2, run("bounds", "tightest", "--bound", "theorem9").status());
        assertEquals(2, run("bounds", "sweep", "--states", "a..b").status());
        assertEquals(2, run("bounds", "sweep", "--gamma", "0.5..1.5").status());
        assertEquals(2, run("bounds", "sweep", "--instances", "0").status());
    }
}
