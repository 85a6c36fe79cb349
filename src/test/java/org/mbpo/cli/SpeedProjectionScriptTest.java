package org.mbpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/mbpo-speed-projection.py} on a stored short Hopper run: the costs given with {@code --sac-ms} and
 * {@code --model-step-ms} replace the measured ones, and only in their own parts.
 */
class SpeedProjectionScriptTest {
    private static final Path RUN = Path.of("data/mbpo/speed/ab-2026-12-04b/speed-ab-e96ad4c-vs-1fd1b73/after-hopper");
    private static final Pattern PART = Pattern.compile("^  (\\S.*?)\\s+([\\d.]+) h\\s+\\(\\s*([\\d.]+) ms per real step\\)$");

    /** The projection's parts in its printed order: name, hours, ms per real step. */
    private record Part(String name, double hours, double msPerStep) {}

    private static List<Part> project(String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "scripts/mbpo-speed-projection.py",
                RUN.toString(), "--epochs", "125", "--epoch-length", "1000", "--model-epochs", "15.2"));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<Part> parts = new ArrayList<>();
        boolean projection = false;
        for (String line : out.split("\n")) {
            projection |= line.startsWith("projection to ");
            Matcher m = PART.matcher(line);
            if (projection && m.matches()) {
                parts.add(new Part(m.group(1), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))));
            }
        }
        assertEquals(5, parts.size(), out);
        return parts;
    }

    @Test
    void givenCostsReplaceTheMeasuredOnesInTheirOwnParts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3");
        assumeTrue(Files.isRegularFile(RUN.resolve("timing.csv")), "needs the stored run " + RUN);
        List<Part> measured = project();
        List<Part> given = project("--sac-ms", "3.6", "--model-step-ms", "7.5");
        // By hand: 125 epochs x 1,000 real steps x 20 updates x 3.6 ms = 9,000 s = 2.5 h; 20 x 3.6 = 72 ms per step.
        assertEquals("SAC updates", given.get(0).name());
        assertEquals(2.5, given.get(0).hours(), 0.005);
        assertEquals(72.0, given.get(0).msPerStep(), 0.05);
        // Model training scales with the cost per gradient step: the measured run's 12.53 ms (timing.csv's
        // model_train_s over model_steps) against 7.5, to the printed rounding.
        double measuredStepMs = measuredModelStepMs();
        assertEquals(measured.get(1).msPerStep() * 7.5 / measuredStepMs, given.get(1).msPerStep(), 0.1);
        // Rollouts and the rest as measured.
        assertEquals(measured.get(2), given.get(2));
        assertEquals(measured.get(3), given.get(3));
        double sum = given.get(0).hours() + given.get(1).hours() + given.get(2).hours() + given.get(3).hours();
        assertEquals(sum, given.get(4).hours(), 0.02);
        assertTrue(given.get(4).hours() < measured.get(4).hours(), "cheaper operations, a shorter run");
    }

    private static double measuredModelStepMs() throws IOException {
        List<String> lines = Files.readAllLines(RUN.resolve("timing.csv"));
        List<String> head = List.of(lines.get(0).split(","));
        double seconds = 0, steps = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            seconds += Double.parseDouble(f[head.indexOf("model_train_s")]);
            steps += Double.parseDouble(f[head.indexOf("model_steps")]);
        }
        return 1e3 * seconds / steps;
    }
}
