package org.mbpo.theory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the JSON forms of {@link TheoryInstance} and {@link SchemePair}.
 *
 * <p>Instance: {@code {"gamma", "reward" [S][A], "initial" [S], "dynamics" [S][A][S], "model" [S][A][S],
 * "policy" [S][A], "data_policy" [S][A], "k", "horizon"? (default 2000)}}.
 * Scheme pair: {@code {"gamma", "reward", "initial", "k", "horizon"?, "scheme1": {"pre": {"dynamics",
 * "policy"}, "post": {...}}, "scheme2": {...}}}.
 *
 * <p>Every error is an {@link InvalidInstanceException} whose message names the field and index,
 * e.g. {@code reward[1][0]: expected a number, found "x"}. Numbers are written with
 * {@link Double#toString(double)}, which reads back to the same double.
 */
public final class InstanceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> INSTANCE_FIELDS =
            Set.of("gamma", "reward", "initial", "dynamics", "model", "policy", "data_policy", "k", "horizon");
    private static final Set<String> PAIR_FIELDS =
            Set.of("gamma", "reward", "initial", "k", "horizon", "scheme1", "scheme2");

    private InstanceJson() {
    }

    /** Parses JSON text into a tree, or fails with the line and column of the syntax error. */
    public static JsonNode parseTree(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInstanceException("(document)", "is empty; expected a JSON object");
            }
            if (!node.isObject()) {
                throw new InvalidInstanceException("(document)", "expected a JSON object, found " + describe(node));
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidInstanceException("(document)", "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    /** True if the object looks like a {@link SchemePair} (it has {@code scheme1}). */
    public static boolean isSchemePair(JsonNode root) {
        return root.has("scheme1");
    }

    /** Reads a {@link TheoryInstance}. */
    public static TheoryInstance readInstance(String json) {
        return readInstance(parseTree(json));
    }

    public static TheoryInstance readInstance(JsonNode root) {
        rejectUnknown(root, INSTANCE_FIELDS, "");
        return TheoryInstance.of(
                number(root, "gamma"),
                matrix(root.get("reward"), "reward"),
                vector(root.get("initial"), "initial"),
                tensor(root.get("dynamics"), "dynamics"),
                tensor(root.get("model"), "model"),
                matrix(root.get("policy"), "policy"),
                matrix(root.get("data_policy"), "data_policy"),
                integer(root, "k", null),
                integer(root, "horizon", TheoryInstance.DEFAULT_HORIZON));
    }

    /** Reads a {@link SchemePair}. */
    public static SchemePair readSchemePair(String json) {
        return readSchemePair(parseTree(json));
    }

    public static SchemePair readSchemePair(JsonNode root) {
        rejectUnknown(root, PAIR_FIELDS, "");
        double gamma = number(root, "gamma");
        double[][] reward = matrix(root.get("reward"), "reward");
        double[] initial = vector(root.get("initial"), "initial");
        return new SchemePair(reward, initial, gamma, integer(root, "k", null),
                integer(root, "horizon", TheoryInstance.DEFAULT_HORIZON),
                scheme(root.get("scheme1"), "scheme1"), scheme(root.get("scheme2"), "scheme2"));
    }

    private static SchemePair.Scheme scheme(JsonNode node, String field) {
        requireObject(node, field);
        rejectUnknown(node, Set.of("pre", "post"), field + ".");
        return new SchemePair.Scheme(chain(node.get("pre"), field + ".pre"), chain(node.get("post"), field + ".post"));
    }

    private static Chain chain(JsonNode node, String field) {
        requireObject(node, field);
        rejectUnknown(node, Set.of("dynamics", "policy"), field + ".");
        double[][][] p = tensor(node.get("dynamics"), field + ".dynamics");
        if (p.length == 0 || p[0].length == 0) {
            throw new InvalidInstanceException(field + ".dynamics", "needs at least one state and one action");
        }
        Check.dynamics(field + ".dynamics", p, p.length, p[0].length);
        double[][] pi = matrix(node.get("policy"), field + ".policy");
        return new Chain(p, TabularPolicy.of(field + ".policy", pi, p.length, p[0].length));
    }

    // ---------------------------------------------------------------- writing

    /** The instance as JSON, one innermost row per line, numbers at full precision. */
    public static String write(TheoryInstance in) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("gamma", in.gamma());
        j.put("k", in.k());
        j.put("horizon", in.horizon());
        j.put("initial", in.mdp().initial());
        j.put("reward", in.mdp().reward());
        j.put("policy", in.policy().probabilities());
        j.put("data_policy", in.dataPolicy().probabilities());
        j.put("dynamics", in.mdp().dynamics());
        j.put("model", in.model());
        return pretty(j, "") + "\n";
    }

    /** The scheme pair as JSON. */
    public static String write(SchemePair pair) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("gamma", pair.gamma());
        j.put("k", pair.k());
        j.put("horizon", pair.horizon());
        j.put("initial", pair.initial());
        j.put("reward", pair.reward());
        j.put("scheme1", schemeMap(pair.first()));
        j.put("scheme2", schemeMap(pair.second()));
        return pretty(j, "") + "\n";
    }

    /** Pretty-printed JSON of a map or list of plain values (used for evaluation reports). */
    public static String toJson(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static Map<String, Object> schemeMap(SchemePair.Scheme s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pre", chainMap(s.pre()));
        m.put("post", chainMap(s.post()));
        return m;
    }

    private static Map<String, Object> chainMap(Chain c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", c.policy().probabilities());
        m.put("dynamics", c.dynamics());
        return m;
    }

    /** Objects one key per line, arrays of numbers on one line, nested arrays one element per line. */
    private static String pretty(Object value, String indent) {
        String inner = indent + "  ";
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(inner).append('"').append(e.getKey()).append("\": ").append(pretty(e.getValue(), inner))
                        .append(++i < map.size() ? ",\n" : "\n");
            }
            return b.append(indent).append('}').toString();
        }
        if (value instanceof double[] row) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < row.length; i++) {
                b.append(i == 0 ? "" : ", ").append(Double.toString(row[i]));
            }
            return b.append(']').toString();
        }
        if (value instanceof Object[] rows) {
            StringBuilder b = new StringBuilder("[\n");
            for (int i = 0; i < rows.length; i++) {
                b.append(inner).append(pretty(rows[i], inner)).append(i + 1 < rows.length ? ",\n" : "\n");
            }
            return b.append(indent).append(']').toString();
        }
        if (value instanceof Double d) {
            return Double.toString(d);
        }
        return String.valueOf(value);
    }

    // ---------------------------------------------------------------- reading helpers

    private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidInstanceException(prefix + name, "unknown field; expected one of "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static void requireObject(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new InvalidInstanceException(field, "missing");
        }
        if (!node.isObject()) {
            throw new InvalidInstanceException(field, "expected an object, found " + describe(node));
        }
    }

    private static double number(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidInstanceException(field, "missing");
        }
        return asNumber(n, field);
    }

    private static int integer(JsonNode root, String field, Integer fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw new InvalidInstanceException(field, "missing");
            }
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new InvalidInstanceException(field, "expected an integer, found " + describe(n));
        }
        return n.intValue();
    }

    private static double asNumber(JsonNode n, String field) {
        if (!n.isNumber()) {
            throw new InvalidInstanceException(field, "expected a number, found " + describe(n));
        }
        return n.doubleValue();
    }

    private static List<JsonNode> array(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            throw new InvalidInstanceException(field, "missing");
        }
        if (!n.isArray()) {
            throw new InvalidInstanceException(field, "expected an array, found " + describe(n));
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        n.elements().forEachRemaining(out::add);
        return out;
    }

    private static double[] vector(JsonNode n, String field) {
        List<JsonNode> items = array(n, field);
        double[] x = new double[items.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = asNumber(items.get(i), field + "[" + i + "]");
        }
        return x;
    }

    private static double[][] matrix(JsonNode n, String field) {
        List<JsonNode> items = array(n, field);
        double[][] x = new double[items.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = vector(items.get(i), field + "[" + i + "]");
        }
        return x;
    }

    private static double[][][] tensor(JsonNode n, String field) {
        List<JsonNode> items = array(n, field);
        double[][][] x = new double[items.size()][][];
        for (int i = 0; i < x.length; i++) {
            x[i] = matrix(items.get(i), field + "[" + i + "]");
        }
        return x;
    }

    private static String describe(JsonNode n) {
        if (n.isTextual()) {
            String t = n.textValue();
            return "\"" + (t.length() > 20 ? t.substring(0, 20) + "…" : t) + "\"";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        return n.toString().toLowerCase(Locale.ROOT);
    }
}
