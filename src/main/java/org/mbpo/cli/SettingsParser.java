package org.mbpo.cli;

import org.mbpo.config.Overrides;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --set key=value} for commands with several settings records: a key names a field of the record
 * its prefix selects ({@code sac.learning_rate=1e-3}, {@code model.batch_size=128}); a key without a
 * prefix names a field of the first record. Errors become {@link UserError}s naming the key.
 */
final class SettingsParser {
    private final Map<String, Record> records = new LinkedHashMap<>();

    /** Adds a record under {@code prefix} (the first one added also answers keys without a prefix). */
    SettingsParser with(String prefix, Record record) {
        records.put(prefix, record);
        return this;
    }

    /**
     * Applies every pair. A record validates itself whenever one field changes, so a pair that is invalid
     * against the defaults but valid after another pair ({@code pretrain_steps=300} before
     * {@code learning_starts=200}) is retried after the others; the first pair that no order makes valid
     * is reported.
     */
    SettingsParser apply(List<String> pairs) {
        Map<String, String> parsed;
        try {
            parsed = Overrides.parsePairs(pairs);
        } catch (IllegalArgumentException e) {
            throw new UserError("--set: " + e.getMessage());
        }
        String first = records.keySet().iterator().next();
        List<Map.Entry<String, String>> pending = new java.util.ArrayList<>(parsed.entrySet());
        while (!pending.isEmpty()) {
            UserError firstError = null;
            List<Map.Entry<String, String>> failed = new java.util.ArrayList<>();
            for (Map.Entry<String, String> e : pending) {
                try {
                    applyOne(first, e.getKey(), e.getValue());
                } catch (UserError error) {
                    if (error.getCause() == null) {
                        throw error;   // an unknown key or prefix: no order helps
                    }
                    failed.add(e);
                    firstError = firstError == null ? error : firstError;
                }
            }
            if (failed.size() == pending.size()) {
                throw firstError;
            }
            pending = failed;
        }
        return this;
    }

    private void applyOne(String first, String key, String value) {
        int dot = key.indexOf('.');
        String prefix = dot < 0 ? first : key.substring(0, dot);
        String field = snake(dot < 0 ? key : key.substring(dot + 1));
        Record r = records.get(prefix);
        if (r == null) {
            throw new UserError("--set " + key + ": unknown prefix '" + prefix + "'; use one of " + String.join(", ", records.keySet())
                    + " (or none for the " + first + " settings)");
        }
        if (!Arrays.asList(Overrides.keys(r)).contains(field)) {
            throw new UserError("--set " + key + ": unknown setting; " + prefix + " settings: " + String.join(", ", Overrides.keys(r))
                    + (prefix.equals(first) ? "" : " (write them " + prefix + ".KEY=VALUE)"));
        }
        try {
            records.put(prefix, Overrides.apply(r, field, value));
        } catch (IllegalArgumentException ex) {
            throw new UserError("--set " + key + ": " + ex.getMessage(), ex);
        }
    }

    /** The record under {@code prefix}, with the overrides applied. */
    @SuppressWarnings("unchecked")
    <R extends Record> R get(String prefix) {
        return (R) records.get(prefix);
    }

    static String snake(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
