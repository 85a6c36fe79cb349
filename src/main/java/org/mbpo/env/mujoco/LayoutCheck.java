package org.mbpo.env.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link MujocoLayout} against the loaded library: compiles a probe model, writes distinctive
 * values into {@code qpos}, {@code qvel}, {@code ctrl} and {@code qacc_warmstart} through the layout, runs
 * {@code mj_forward} and {@code mj_rnePostConstraint}, and compares every field the binding reads (each
 * size, option, model array and data array) with the text MuJoCo's own {@code mj_printModel} and
 * {@code mj_printData} write. These print about two significant digits, so values are compared within 6%
 * (plus 1e-9); a wrong offset reads another array, which fails by far more.
 */
final class LayoutCheck {
    private LayoutCheck() {
    }

    static void verify(MujocoLayout layout) {
        String xml;
        try (InputStream in = LayoutCheck.class.getResourceAsStream("layout-probe.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (MjModel model = MjModel.fromXml(xml, layout); MjData data = new MjData(model)) {
            fill(data.qpos(), 0.11);
            fill(data.qvel(), -0.37);
            fill(data.ctrl(), 0.53);
            fill(data.qaccWarmstart(), 0.07);
            data.forward();
            data.rnePostConstraint();
            Map<String, List<Double>> printedModel = parse(print(f -> Mujoco.mj_printModel(model.ptr, f)));
            Map<String, List<Double>> printedData = parse(print(f -> Mujoco.mj_printData(model.ptr, data.ptr, f)));

            for (String size : List.of("nq", "nv", "nu", "na", "nbody", "njnt", "ngeom", "nsite", "nmocap", "neq", "ntendon")) {
                // mj_printModel prints the sizes that are nonzero.
                List<Double> printed = printedModel.get(size);
                compare(size, new double[] {model.size(size)}, printed == null ? List.of(0.0) : printed);
            }
            if (model.nq() != 8 || model.nv() != 7 || model.nu() != 1 || model.size("nsite") != 1) {
                throw new IllegalStateException("probe model sizes read as nq=" + model.nq() + " nv=" + model.nv() + " nu=" + model.nu());
            }
            compare("timestep", new double[] {model.timestep()}, printedModel.get("timestep"));
            compare("integrator", new double[] {model.integrator()}, printedModel.get("integrator"));
            compare("gravity", model.gravity(), printedModel.get("gravity"));
            compare("tolerance", new double[] {model.ptr.getDouble(layout.option("tolerance"))}, printedModel.get("tolerance"));
            compare("solver", new double[] {model.ptr.getInt(layout.option("solver"))}, printedModel.get("solver"));
            compare("iterations", new double[] {model.ptr.getInt(layout.option("iterations"))}, printedModel.get("iterations"));
            for (Field f : Field.values()) {
                if (f.inData) {
                    DoubleBuffer v = data.view(f);
                    double[] x = new double[v.capacity()];
                    v.get(0, x);
                    if (x.length > 0) {
                        compare(f.cName, x, printedData.get(f.cName.toUpperCase()));
                    }
                } else {
                    double[] x = f.isInt ? java.util.Arrays.stream(model.ints(f)).asDoubleStream().toArray() : model.doubles(f);
                    compare(f.cName, x, printedModel.get(f.cName));
                }
            }
            List<Double> time = printedData.get("TIME");
            compare("time", new double[] {data.time()}, time);
        }
    }

    private static void fill(DoubleBuffer b, double base) {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, base + 0.013 * i);
        }
    }

    private static void compare(String what, double[] read, List<Double> printed) {
        if (printed == null) {
            throw new IllegalStateException(what + " is not in MuJoCo's printout");
        }
        if (printed.size() != read.length) {
            throw new IllegalStateException(what + ": read " + read.length + " values through the layout, MuJoCo printed " + printed.size());
        }
        for (int i = 0; i < read.length; i++) {
            double p = printed.get(i);
            if (!(Math.abs(read[i] - p) <= 0.06 * Math.max(Math.abs(read[i]), Math.abs(p)) + 1e-9)) {
                throw new IllegalStateException(what + "[" + i + "] read " + read[i] + " through the layout, MuJoCo printed " + p);
            }
        }
    }

    private interface Printer {
        void print(String file);
    }

    private static List<String> print(Printer p) {
        try {
            Path f = Files.createTempFile("mbpo-mjprint", ".txt");
            try {
                p.print(f.toString());
                return Files.readAllLines(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * MuJoCo's printouts as name → numbers: {@code name  v v v} lines (repeated names, as in per-body
     * blocks, are concatenated in order), {@code NAME = v} lines, and {@code NAME} headings followed by
     * rows of numbers up to a blank line.
     */
    static Map<String, List<Double>> parse(List<String> lines) {
        Map<String, List<Double>> out = new HashMap<>();
        String block = null;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty()) {
                block = null;
                continue;
            }
            String[] f = line.split("\\s+");
            List<Double> nums = new ArrayList<>();
            int first = 1;
            if (f.length > 1 && f[1].equals("=")) {
                first = 2;
            }
            boolean numeric = true;
            for (int i = 0; i < f.length; i++) {
                Double d = number(f[i]);
                if (d == null && i >= first) {
                    numeric = false;
                }
            }
            Double lead = number(f[0]);
            if (lead != null && block != null) {
                for (String s : f) {
                    Double d = number(s);
                    if (d != null) {
                        out.get(block).add(d);
                    }
                }
                continue;
            }
            if (f.length == 1 && lead == null) {
                block = f[0];
                out.put(block, new ArrayList<>());
                continue;
            }
            if (numeric && lead == null) {
                for (int i = first; i < f.length; i++) {
                    nums.add(number(f[i]));
                }
                out.computeIfAbsent(f[0], k -> new ArrayList<>()).addAll(nums);
            }
        }
        return out;
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
