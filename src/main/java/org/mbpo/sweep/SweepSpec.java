package org.mbpo.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep runs: a base command of {@code ./mbpo} (e.g. {@code train --algo sac --env Pendulum-v1 --steps 20000}),
 * settings (named lists of extra arguments, e.g. {@code "g5": ["--set", "updates_per_step=5"]}) and seeds. Every
 * (setting, seed) is one cell: {@code base + setting + --seed S --out DIR/setting/seedS}. Read from JSON:
 * <pre>
 * {"name": "...", "base": ["train", "--algo", "sac", ...], "seeds": [1, 2, 3],
 *  "settings": {"g1": ["--set", "updates_per_step=1"], "g5": ["--set", "updates_per_step=5"]},
 *  "slurm": {"time": "04:00:00", "requeue": true}}
 * </pre>
 * Cells are numbered 0, 1, … setting by setting, seeds in order ({@link #cells}): the numbering is a function of
 * the spec alone, and is what {@code --cell I} and a Slurm array's task ids mean.
 *
 * @param name     what the sweep is (for titles)
 * @param base     the arguments every cell starts with (no {@code --seed} or {@code --out}: the sweep adds them)
 * @param settings setting name → its extra arguments, in order
 * @param seeds    the seeds, each run once per setting
 * @param slurm    how {@code --engine slurm} submits the cells, where the spec says (optional "slurm" object;
 *                 the command line's options take precedence)
 */
public record SweepSpec(String name, List<String> base, Map<String, List<String>> settings, List<Long> seeds,
                        SlurmOptions slurm) {

    /** A spec with no Slurm options of its own. */
    public SweepSpec(String name, List<String> base, Map<String, List<String>> settings, List<Long> seeds) {
        this(name, base, settings, seeds, SlurmOptions.NONE);
    }

    public SweepSpec {
        slurm = slurm == null ? SlurmOptions.NONE : slurm;
        base = List.copyOf(base);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        settings.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        settings = java.util.Collections.unmodifiableMap(copy);
        seeds = List.copyOf(seeds);
        if (base.isEmpty()) {
            throw new IllegalArgumentException("base: empty; give the command every cell runs, e.g. [\"train\", \"--algo\", \"sac\", ...]");
        }
        for (String a : base) {
            if (a.equals("--seed") || a.equals("--out") || a.equals("--resume")) {
                throw new IllegalArgumentException("base: must not contain " + a + " (the sweep sets it per cell)");
            }
        }
        if (base.get(0).startsWith("-")) {
            throw new IllegalArgumentException("base: must start with the command, e.g. \"train\"; got '" + base.get(0) + "'");
        }
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("settings: at least one setting (an empty list of arguments is one)");
        }
        for (String s : settings.keySet()) {
            if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.=-]*")) {
                throw new IllegalArgumentException("settings: the name '" + s + "' must be letters, digits, _ . = - (it names a directory)");
            }
        }
        if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("seeds: at least one, none repeated; got " + seeds);
        }
    }

    /**
     * Reads a spec file.
     *
     * @throws IllegalArgumentException naming the file and the field if it is not a valid spec
     */
    public static SweepSpec read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + ": cannot read a JSON object: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        try {
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            String name = root.path("name").asText(file.getFileName().toString());
            List<String> base = strings(root.get("base"), "base");
            List<Long> seeds = new ArrayList<>();
            JsonNode s = root.get("seeds");
            if (s == null || !s.isArray()) {
                throw new IllegalArgumentException("seeds: expected an array of whole numbers");
            }
            for (JsonNode n : s) {
                if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                    throw new IllegalArgumentException("seeds: '" + n + "' is not a whole number");
                }
                seeds.add(n.asLong());
            }
            JsonNode st = root.get("settings");
            if (st == null || !st.isObject()) {
                throw new IllegalArgumentException("settings: expected an object of name → list of arguments");
            }
            Map<String, List<String>> settings = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = st.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                settings.put(e.getKey(), strings(e.getValue(), "settings." + e.getKey()));
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!List.of("name", "base", "settings", "seeds", "slurm").contains(field)) {
                    throw new IllegalArgumentException("unknown field '" + field + "'; a spec has name, base, settings, seeds and slurm");
                }
            }
            return new SweepSpec(name, base, settings, seeds, SlurmOptions.fromJson(root.get("slurm")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(field + ": expected an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException(field + ": '" + n + "' is not a string");
            }
            out.add(n.asText());
        }
        return out;
    }

    /** One (setting, seed) of the sweep. */
    public record Cell(String setting, long seed) {
        /** The cell's run directory under the sweep's directory. */
        public Path dir(Path sweepDir) {
            return sweepDir.resolve(setting).resolve("seed" + seed);
        }
    }

    /** Every cell, setting by setting, seeds in order: cell {@code i} is {@code cells().get(i)}. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        settings.keySet().forEach(s -> seeds.forEach(seed -> cells.add(new Cell(s, seed))));
        return cells;
    }

    /** The command's words before its first option ({@code train}, or {@code experiment shift}). */
    public List<String> command() {
        List<String> words = new ArrayList<>();
        for (String a : base) {
            if (a.startsWith("-")) {
                break;
            }
            words.add(a);
        }
        return words;
    }

    /**
     * The arguments of one cell (after the launcher): {@code base + setting + --seed S --out DIR/SETTING/seedS}; to
     * resume it, {@code COMMAND --resume DIR/SETTING/seedS} (the run's own config.json holds its settings; a
     * {@code --threads} of the cell's arguments is kept, the one option {@code --resume} takes besides).
     */
    public List<String> arguments(Cell cell, Path sweepDir, boolean resume) {
        List<String> args = new ArrayList<>(base);
        args.addAll(settings.get(cell.setting()));
        if (resume) {
            List<String> resumed = new ArrayList<>(command());
            resumed.add("--resume");
            resumed.add(cell.dir(sweepDir).toString());
            int threads = args.lastIndexOf("--threads");
            if (threads >= 0 && threads + 1 < args.size()) {
                resumed.addAll(args.subList(threads, threads + 2));
            }
            return resumed;
        }
        args.add("--seed");
        args.add(Long.toString(cell.seed()));
        args.add("--out");
        args.add(cell.dir(sweepDir).toString());
        return args;
    }

    /**
     * Where this spec and {@code recorded} (the one a sweep directory was made for) differ in what the cells run
     * (base, settings, seeds; not the name or the Slurm options), one difference per entry; empty if they agree.
     */
    public List<String> differencesFrom(SweepSpec recorded) {
        List<String> d = new ArrayList<>();
        if (!base.equals(recorded.base)) {
            d.add("base was " + recorded.base + ", now " + base);
        }
        for (String s : recorded.settings.keySet()) {
            if (!settings.containsKey(s)) {
                d.add("setting '" + s + "' was there, now it is not");
            } else if (!settings.get(s).equals(recorded.settings.get(s))) {
                d.add("settings." + s + " was " + recorded.settings.get(s) + ", now " + settings.get(s));
            }
        }
        for (String s : settings.keySet()) {
            if (!recorded.settings.containsKey(s)) {
                d.add("setting '" + s + "' is new");
            }
        }
        if (d.isEmpty() && !List.copyOf(settings.keySet()).equals(List.copyOf(recorded.settings.keySet()))) {
            d.add("the settings' order was " + recorded.settings.keySet() + ", now " + settings.keySet() + " (it numbers the cells)");
        }
        if (!seeds.equals(recorded.seeds)) {
            d.add("seeds were " + recorded.seeds + ", now " + seeds);
        }
        return d;
    }
}
