package org.mbpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench model} end to end with tiny sizes, a stand-in peer, and bad options. */
class BenchModelCommandTest {

    @Test
    void printsBothTablesAndRatiosAgainstThePeer(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3 for the stand-in peer");
        Path peer = dir.resolve("peer.py");
        // A stand-in peer: 1000 ms per step and 1000 states/s, whatever it is asked.
        Files.writeString(peer, String.join("\n",
                "import json, sys",
                "w = sys.argv[sys.argv.index('--only') + 1]",
                "print('torch noise on stdout')",
                "print(json.dumps({'workload': w, 'threads': 2, 'ms_median': 1000.0, 'states_per_s': 1000}))", ""));
        BoundsCommandTest.Run r = BoundsCommandTest.run("bench", "model", "--peer", peer.toString(), "--reps", "2",
                "--rollout-reps", "1", "--rollout-states", "700", "--settings", "1x1,2x1", "--sizes", "hopper");
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.contains("training step, ms"), out);
        assertTrue(out.contains("rollout step of 700 states"), out);
        Matcher step = Pattern.compile("Hopper \\(11, 3\\) +([0-9.]+) \\[[^]]*] +([0-9.]+) \\[[^]]*] +1000\\.00 \\(2\\) +([0-9.]+)").matcher(out);
        assertTrue(step.find(), out);
        double best = Math.min(Double.parseDouble(step.group(1)), Double.parseDouble(step.group(2)));
        assertEquals(best / 1000, Double.parseDouble(step.group(3)), 0.006, "training ratio = best Java ms / peer ms");
        Matcher roll = Pattern.compile("Hopper \\(11, 3\\) +([0-9,]+) +([0-9,]+) +1,000 \\(2\\) +([0-9.]+)").matcher(out);
        assertTrue(roll.find(), out);
        double bestRate = Math.max(Double.parseDouble(roll.group(1).replace(",", "")), Double.parseDouble(roll.group(2).replace(",", "")));
        assertEquals(bestRate / 1000, Double.parseDouble(roll.group(3)), 0.006 * bestRate / 1000 + 0.006,
                "rollout ratio = best Java states/s / peer states/s");
    }

    @Test
    void badOptionsGiveOneLineAndStatusTwo(@TempDir Path dir) {
        BoundsCommandTest.Run r = BoundsCommandTest.run("bench", "model", "--no-peer", "--settings", "2y1");
        assertEquals(2, r.status());
        assertEquals("mbpo: --settings: '2y1' is not JAVAxBLAS with positive thread counts, e.g. 2x1\n", r.err());
        r = BoundsCommandTest.run("bench", "model", "--peer", dir.resolve("none.py").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("mbpo: the PyTorch peer ") && r.err().endsWith("pass --peer PATH, or --no-peer to time Java only\n"),
                r.err());
        r = BoundsCommandTest.run("bench", "model", "--no-peer", "--sizes", "walker");
        assertEquals(2, r.status());
        assertEquals("mbpo: --sizes: unknown size 'walker' (hopper, halfcheetah)\n", r.err());
    }
}
