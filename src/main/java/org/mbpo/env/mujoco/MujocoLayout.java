package org.mbpo.env.mujoco;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Byte offsets of the {@code mjModel}, {@code mjOption} and {@code mjData} fields this binding reads, for one
 * MuJoCo version, as {@code src/main/c/mujoco_layout.c} prints them from that version's headers (resource
 * {@code layout-VERSION.txt}). The layout is trusted only for the version it was made from, and only after
 * {@link LayoutCheck} has compared every field read through it with what MuJoCo itself prints.
 */
final class MujocoLayout {
    private final int version;
    private final Map<String, Long> offsets;
    private final Map<String, Integer> constants;

    private MujocoLayout(int version, Map<String, Long> offsets, Map<String, Integer> constants) {
        this.version = version;
        this.offsets = offsets;
        this.constants = constants;
    }

    /** The layout for {@code mj_version()} {@code version}, or null when there is none. */
    static MujocoLayout forVersion(int version) {
        String name = "layout-" + version + ".txt";
        try (InputStream in = MujocoLayout.class.getResourceAsStream(name)) {
            if (in == null) {
                return null;
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

    /** Parses the output of {@code mujoco_layout.c}. */
    static MujocoLayout parse(String text, String source) {
        Map<String, Long> offsets = new HashMap<>();
        Map<String, Integer> constants = new HashMap<>();
        int version = -1;
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals("version")) {
                    version = Integer.parseInt(f[1]);
                } else if (f.length == 3 && f[0].equals("const")) {
                    constants.put(f[1], Integer.parseInt(f[2]));
                } else if (f.length == 3) {
                    offsets.put(f[0] + "." + f[1], Long.parseLong(f[2]));
                } else if (!line.isBlank()) {
                    throw new IllegalStateException(source + ": bad line '" + line + "'");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new MujocoLayout(version, Map.copyOf(offsets), Map.copyOf(constants));
    }

    int version() {
        return version;
    }

    /** The offset of {@code mjModel.field}. */
    long model(String field) {
        return get("model." + field);
    }

    /** The offset of {@code mjModel.opt.field}. */
    long option(String field) {
        return get("model.opt") + get("option." + field);
    }

    /** The offset of {@code mjData.field}. */
    long data(String field) {
        return get("data." + field);
    }

    int constant(String name) {
        Integer c = constants.get(name);
        if (c == null) {
            throw new IllegalStateException("MuJoCo layout " + version + " has no constant " + name);
        }
        return c;
    }

    private long get(String key) {
        Long o = offsets.get(key);
        if (o == null) {
            throw new IllegalStateException("MuJoCo layout " + version + " has no field " + key);
        }
        return o;
    }
}
