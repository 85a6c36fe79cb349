package org.mbpo;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package layout shows MBPO's parts as layers, read from the sources: a package refers (in code, not in
 * comments) only to packages below it, the measurements ({@code experiment}) and their presentation
 * ({@code report}) never to each other, and no two types share a simple name.
 */
class LayersTest {
    static final Path SOURCES = Path.of("src/main/java/org/mbpo");

    /**
     * Bottom to top; a package (with its subpackages) may refer to those in earlier entries only. The utilities
     * first; then the theory, the environments, the replay data, the neural building blocks, the dynamics
     * model, the agent, value expansion (the model's critic targets for the agent), the analysis of models and
     * policies, tables and charts, training runs' directories and checkpoints, the algorithms (MBPO, MVE and STEVE in
     * its loop, and SAC alone), the measurements, sweeps of runs, the command line.
     */
    static final List<String> LAYERS = List.of("random", "config", "notebook", "stop", "theory", "env", "data", "nn", "model",
            "agent", "expansion", "analysis", "report", "run", "algorithm", "experiment", "sweep", "cli");

    /** Pairs that must not refer to each other although the layers would allow one direction. */
    static final List<List<String>> APART = List.of(List.of("experiment", "report"));

    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.mbpo\\.([a-z][a-z0-9]*)");

    /** The top-level package under org.mbpo of a source file ({@code env} for {@code env/mujoco/Hopper.java}). */
    static String unit(Path file) {
        return SOURCES.relativize(file).getName(0).toString();
    }

    static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The source without comments and string or character literals (so that Javadoc and messages do not count). */
    static String code(String source) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && source.charAt(i) != c) {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @Test
    void noPackageRefersToOneAboveItAndExperimentAndReportStayApart() throws IOException {
        Map<String, Set<String>> refs = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : sources()) {
            String own = unit(file);
            if (!LAYERS.contains(own)) {
                problems.add(SOURCES.relativize(file) + ": package '" + own + "' has no place in LayersTest.LAYERS");
                continue;
            }
            Matcher m = REFERENCE.matcher(code(Files.readString(file)));
            while (m.find()) {
                String other = m.group(1);
                if (other.equals(own)) {
                    continue;
                }
                refs.computeIfAbsent(own, k -> new TreeSet<>()).add(other);
                if (!LAYERS.contains(other)) {
                    problems.add(SOURCES.relativize(file) + " refers to org.mbpo." + other + ", which is not a package");
                } else if (LAYERS.indexOf(other) > LAYERS.indexOf(own)) {
                    problems.add(SOURCES.relativize(file) + " (" + own + ") refers to " + other + ", a layer above it");
                }
                for (List<String> pair : APART) {
                    if (pair.contains(own) && pair.contains(other)) {
                        problems.add(SOURCES.relativize(file) + " (" + own + ") refers to " + other + "; they must stay apart");
                    }
                }
            }
        }
        assertEquals(List.of(), problems, "what each package refers to: " + refs);
        assertTrue(refs.get("cli").contains("algorithm") && refs.get("algorithm").contains("agent"),
                "the test reads references (cli uses algorithm, algorithm uses agent): " + refs);
    }

    private static final Pattern TYPE = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z]\\w*)");

    @Test
    void noTwoTypesShareASimpleName() throws IOException {
        Map<String, List<String>> topLevel = new TreeMap<>();
        Map<String, List<String>> nested = new HashMap<>();
        for (Path file : sources()) {
            String name = file.getFileName().toString().replace(".java", "");
            topLevel.computeIfAbsent(name, k -> new ArrayList<>()).add(SOURCES.relativize(file).toString());
            Matcher m = TYPE.matcher(code(Files.readString(file)));
            while (m.find()) {
                if (!m.group(1).equals(name)) {
                    nested.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(name + "." + m.group(1));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        topLevel.forEach((n, files) -> {
            if (files.size() > 1) {
                problems.add(n + " is defined " + files.size() + " times: " + files);
            }
            if (nested.containsKey(n)) {
                problems.add(n + " names a class and also nested types " + nested.get(n));
            }
        });
        assertEquals(List.of(), problems);
        assertTrue(topLevel.size() > 150, "read " + topLevel.size() + " classes");
    }
}
