package org.mbpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The notebooks in {@code notebooks/} are committed with the outputs of a full-mode run, so that a reader sees every
 * plot and table without running anything (issue 11). This test reads them as committed and fails when one was
 * executed in fast mode or not at all, has a code cell that was not executed, carries an error output or a stray
 * {@code java.io.PrintStream@…} value (what a bare {@code printf} leaves), or has a cell that ran longer than a
 * minute without the prose before it saying how long it takes.
 */
class CommittedNotebooksTest {

    /** A cell that ran longer than this must be announced by the prose before it. */
    static final Duration LONG_CELL = Duration.ofSeconds(60);

    private static final Pattern SAYS_HOW_LONG =
            Pattern.compile("\\b(seconds?|minutes?|hours?|[0-9]+ ?(s|min|h))\\b", Pattern.CASE_INSENSITIVE);

    /** The nine notebooks in {@code notebooks/}, in order. */
    static List<Path> committed() throws java.io.IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(9, notebooks.size(), "the nine notebooks");
        return notebooks;
    }

    @Test
    void everyCommittedNotebookCarriesFullModeOutputsWithoutErrors() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Path notebook : committed()) {
            for (String problem : problems(NotebookJson.read(notebook))) {
                problems.add(notebook.getFileName() + ": " + problem);
            }
        }
        assertTrue(problems.isEmpty(), "re-run them with ./mbpo notebooks --execute --in-place NAME:\n  "
                + String.join("\n  ", problems));
    }

    @Test
    void aNotebookWithoutAFullModeStampIsFlagged() {
        ObjectNode nb = notebook();
        ((ObjectNode) nb.get("metadata")).remove("mbpo");
        assertEquals(List.of("not stamped as executed in full mode (metadata.mbpo.mode is missing)"), problems(nb));
        ((ObjectNode) nb.get("metadata")).putObject("mbpo").put("mode", "fast");
        assertEquals(List.of("not stamped as executed in full mode (metadata.mbpo.mode is fast)"), problems(nb));
    }

    @Test
    void anUnexecutedCellAnErrorAndAStrayPrintStreamAreFlagged() {
        ObjectNode nb = notebook();
        ArrayNode cells = (ArrayNode) nb.get("cells");
        ((ObjectNode) cells.get(1)).putNull("execution_count");
        ArrayNode outputs = ((ObjectNode) cells.get(1)).putArray("outputs");
        outputs.addObject().put("output_type", "error").put("ename", "CompilationException");
        ObjectNode value = outputs.addObject().put("output_type", "execute_result");
        value.putObject("data").put("text/plain", "java.io.PrintStream@5a2e4553");
        assertEquals(List.of(
                "cell 1 was not executed",
                "cell 1 carries an error output (CompilationException)",
                "cell 1 shows a stray java.io.PrintStream@… value (end a printf with ';' or use a cell that returns nothing)"),
                problems(nb));
    }

    @Test
    void aLongCellNeedsProseSayingHowLong() {
        ObjectNode nb = notebook();
        ObjectNode code = (ObjectNode) nb.get("cells").get(1);
        timing(code, "2026-12-03T10:00:00Z", "2026-12-03T10:02:05Z");
        assertEquals(List.of("cell 1 ran 125 s, but the prose before it does not say how long it takes"), problems(nb));
        ((ObjectNode) nb.get("cells").get(0)).putArray("source").add("The live run below takes about two minutes.");
        assertEquals(List.of(), problems(nb));
        timing(code, "2026-12-03T10:00:00Z", "2026-12-03T10:00:59Z");
        ((ObjectNode) nb.get("cells").get(0)).putArray("source").add("A plot.");
        assertEquals(List.of(), problems(nb), "59 s is not a long cell");
    }

    /** What is wrong with a committed notebook, one line per problem; empty when nothing is. */
    static List<String> problems(JsonNode nb) {
        List<String> problems = new ArrayList<>();
        String mode = nb.path("metadata").path("mbpo").path("mode").asText("");
        if (!mode.equals("full")) {
            problems.add("not stamped as executed in full mode (metadata.mbpo.mode is "
                    + (mode.isEmpty() ? "missing" : mode) + ")");
        }
        String prose = "";
        JsonNode cells = nb.path("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonNode cell = cells.get(i);
            String type = cell.path("cell_type").asText();
            if (type.equals("markdown")) {
                prose = text(cell.path("source"));
                continue;
            }
            if (!type.equals("code") || text(cell.path("source")).isBlank()) {
                continue;
            }
            if (cell.path("execution_count").isNull() || cell.path("execution_count").isMissingNode()) {
                problems.add("cell " + i + " was not executed");
            }
            for (JsonNode output : cell.path("outputs")) {
                String kind = output.path("output_type").asText();
                if (kind.equals("error")) {
                    problems.add("cell " + i + " carries an error output (" + output.path("ename").asText() + ")");
                }
                String shown = text(output.path("text")) + text(output.path("data").path("text/plain"));
                if (shown.contains("java.io.PrintStream@")) {
                    problems.add("cell " + i + " shows a stray java.io.PrintStream@… value"
                            + " (end a printf with ';' or use a cell that returns nothing)");
                }
            }
            Duration took = duration(cell);
            if (took.compareTo(LONG_CELL) > 0 && !SAYS_HOW_LONG.matcher(prose.toLowerCase(Locale.ROOT)).find()) {
                problems.add("cell " + i + " ran " + took.toSeconds()
                        + " s, but the prose before it does not say how long it takes");
            }
        }
        return problems;
    }

    /** How long a cell ran, from the timing nbclient records in its metadata (zero when none is recorded). */
    static Duration duration(JsonNode cell) {
        JsonNode execution = cell.path("metadata").path("execution");
        String start = execution.path("iopub.execute_input").asText("");
        String end = execution.path("shell.execute_reply").asText("");
        if (start.isEmpty() || end.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.between(Instant.parse(start), Instant.parse(end));
    }

    /** A notebook's source or output text, which nbformat stores as a string or as an array of lines. */
    private static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder s = new StringBuilder();
            node.forEach(line -> s.append(line.asText()));
            return s.toString();
        }
        return node.asText("");
    }

    private static void timing(ObjectNode cell, String start, String end) {
        cell.putObject("metadata").putObject("execution")
                .put("iopub.execute_input", start).put("shell.execute_reply", end);
    }

    /** A clean full-mode notebook: one markdown cell, then one executed code cell with a plain output. */
    private static ObjectNode notebook() {
        ObjectNode nb = new ObjectMapper().createObjectNode();
        nb.putObject("metadata").putObject("mbpo").put("mode", "full");
        ArrayNode cells = nb.putArray("cells");
        cells.addObject().put("cell_type", "markdown").putArray("source").add("A plot.");
        ObjectNode code = cells.addObject().put("cell_type", "code").put("execution_count", 1);
        code.putArray("source").add("plot();");
        code.putArray("outputs").addObject().put("output_type", "stream").put("text", "done\n");
        return nb;
    }
}
