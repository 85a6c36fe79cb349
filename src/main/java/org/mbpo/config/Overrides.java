package org.mbpo.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Overrides fields of an immutable config record by name, as {@code --set key=value} does on the
 * command line and {@code Overrides.apply(config, "real_ratio", "0.1")} in a notebook. Keys are the
 * record's component names in snake_case (or camelCase); values are parsed by the component's type:
 * int, long, double, boolean, String, an enum (by name, case-insensitive), or any type with a
 * static {@code parse(String)} method. A new record is built through the canonical constructor, so
 * the record's own validation applies.
 */
public final class Overrides {
    private Overrides() {
    }

    /** The record with each {@code key=value} of {@code settings} applied in order. */
    public static <R extends Record> R apply(R record, Map<String, String> settings) {
        R r = record;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            r = apply(r, e.getKey(), e.getValue());
        }
        return r;
    }

    /**
     * The record with every {@code key=value} of {@code settings} replaced at once: one call of the
     * canonical constructor, so fields that constrain each other (elites ≤ ensemble size) can change
     * together, as when a config file is read back.
     *
     * @throws IllegalArgumentException as {@link #apply(Record, String, String)}
     */
    public static <R extends Record> R applyAtOnce(R record, Map<String, String> settings) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = read(components[i], record);
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String wanted = camel(e.getKey().trim());
            int index = -1;
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(wanted)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new IllegalArgumentException("unknown setting '" + e.getKey() + "'; known: " + String.join(", ", keys(record)));
            }
            values[index] = parse(components[index].getType(), e.getKey(), e.getValue().trim());
        }
        return construct(record, components, values);
    }

    /**
     * The record with one field replaced.
     *
     * @throws IllegalArgumentException naming the key, listing the known keys for an unknown one, or
     *                                  saying what type the value must have
     */
    public static <R extends Record> R apply(R record, String key, String value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        String wanted = camel(key.trim());
        Object[] values = new Object[components.length];
        int index = -1;
        for (int i = 0; i < components.length; i++) {
            values[i] = read(components[i], record);
            if (components[i].getName().equals(wanted)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("unknown setting '" + key + "'; known: " + String.join(", ", keys(record)));
        }
        values[index] = parse(components[index].getType(), key, value.trim());
        return construct(record, components, values);
    }

    /** The settings of a record as snake_case key → value, in component order (for config files and tables). */
    public static Map<String, Object> describe(Record record) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v = read(c, record);
            m.put(snake(c.getName()), v instanceof Record || v instanceof Enum<?> ? String.valueOf(v) : v);
        }
        return m;
    }

    /**
     * {@code fields} (a record's settings as read back from a file), checked to name every field of
     * {@code record}'s type.
     *
     * @throws IllegalArgumentException naming the first missing field and the section
     */
    public static Map<String, String> complete(Map<String, String> fields, Record record, String section) {
        for (String key : keys(record)) {
            if (!fields.containsKey(key)) {
                throw new IllegalArgumentException("the '" + section + "' settings lack '" + key + "'");
            }
        }
        return fields;
    }

    /** The snake_case keys of a record's components. */
    public static String[] keys(Record record) {
        return Arrays.stream(record.getClass().getRecordComponents()).map(c -> snake(c.getName())).toArray(String[]::new);
    }

    /**
     * Parses {@code key=value} pairs (as given to {@code --set}) into an ordered map.
     *
     * @throws IllegalArgumentException for an entry without '='
     */
    public static Map<String, String> parsePairs(Iterable<String> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + p + "'");
            }
            m.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return m;
    }

    private static Object parse(Class<?> type, String key, String value) {
        try {
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(value.replace("_", ""));
            }
            if (type == long.class || type == Long.class) {
                return Long.parseLong(value.replace("_", ""));
            }
            if (type == double.class || type == Double.class) {
                return Double.parseDouble(value);
            }
            if (type == boolean.class || type == Boolean.class) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new NumberFormatException();
                }
                return Boolean.parseBoolean(value);
            }
            if (type == String.class) {
                return value;
            }
            if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(value)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException(key + ": expected one of "
                        + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "))
                        + ", got '" + value + "'");
            }
            Method parse = type.getMethod("parse", String.class);
            if (!Modifier.isStatic(parse.getModifiers())) {
                throw new NoSuchMethodException();
            }
            return parse.invoke(null, value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected " + friendly(type) + ", got '" + value + "'");
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException(key + ": cannot be set from text (type " + type.getSimpleName() + ")");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(key + ": " + e.getCause().getMessage());
        }
    }

    private static String friendly(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        return type == boolean.class || type == Boolean.class ? "true or false" : type.getSimpleName();
    }

    private static Object read(RecordComponent c, Record record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> R construct(R record, RecordComponent[] components, Object[] values) {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return (R) canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException(cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + record.getClass().getSimpleName(), e);
        }
    }

    /** {@code rollout_batch_size} → {@code rolloutBatchSize}; camelCase passes through. */
    static String camel(String key) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char ch : key.toCharArray()) {
            if (ch == '_' || ch == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return b.toString();
    }

    /** {@code rolloutBatchSize} → {@code rollout_batch_size}. */
    public static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
