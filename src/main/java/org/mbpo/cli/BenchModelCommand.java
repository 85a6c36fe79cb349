package org.mbpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mbpo.model.EnsembleConfig;
import org.mbpo.model.ModelBenchmark;
import org.mbpo.model.ModelBenchmark.Timing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./mbpo bench model}: the dynamics model's two inner loops with MBPO's shapes, side by side
 * with the PyTorch peer ({@code ../shared/bench/torch_peer.py}, workloads {@code ensemble_step} and
 * {@code ensemble_predict}) run in the same command: ms per training step of the 7-member ensemble
 * (batch 256 per member) at Hopper (11, 3) and HalfCheetah (17, 6) sizes, and states per second for
 * a rollout step of 100,000 states. Every thread setting asked for is timed; the ratios use the best.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Benchmark: ms per ensemble training step and states/s per rollout step, against PyTorch.",
                "Runs ../shared/bench/torch_peer.py (--only ensemble_step / ensemble_predict) in the same run and prints "
                        + "ratios: training time Java/PyTorch (goal <= 1), rollout states/s Java/PyTorch (goal >= 1)."})
final class BenchModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--reps", description = "Timed training steps per setting (default: ${DEFAULT-VALUE}).")
    int reps = 50;

    @Option(names = "--rollout-reps", description = "Timed rollout steps per setting (default: ${DEFAULT-VALUE}).")
    int rolloutReps = 5;

    @Option(names = "--rollout-states", description = "States per rollout step (default: ${DEFAULT-VALUE}, MBPO's rollout batch).")
    int rolloutStates = 100_000;

    @Option(names = "--settings", split = ",",
            description = "Thread settings JAVAxBLAS to time: Java threads for the members, OpenBLAS threads per product "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> settings = List.of("1x1", "2x1", "1x2");

    @Option(names = "--sizes", split = ",", description = "Environment sizes: hopper, halfcheetah (default: ${DEFAULT-VALUE}).")
    List<String> sizes = List.of("hopper", "halfcheetah");

    @Option(names = "--peer", description = "The PyTorch peer script (default: ../shared/bench/torch_peer.py from the project root).")
    Path peer;

    @Option(names = "--python", description = "Python for the peer (default: ${DEFAULT-VALUE}).")
    String python = "/usr/bin/python3";

    @Option(names = "--no-peer", description = "Time the Java side only.")
    boolean noPeer;

    @Option(names = "--profile", description = "After the tables, where a training step's time goes (products, element-wise "
            + "work, gathering, Adam), per size and setting.")
    boolean profile;

    private record Size(String name, int obs, int act) {
    }

    private record Setting(int javaThreads, int blasThreads) {
        @Override
        public String toString() {
            return javaThreads + "x" + blasThreads;
        }
    }

    @Override
    public Integer call() {
        if (reps < 1 || rolloutReps < 1 || rolloutStates < 1) {
            throw new UserError("--reps, --rollout-reps and --rollout-states must be at least 1");
        }
        List<Setting> parsed = new ArrayList<>();
        for (String s : settings) {
            String[] parts = s.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                Setting setting = new Setting(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                if (setting.javaThreads() < 1 || setting.blasThreads() < 1) {
                    throw new NumberFormatException();
                }
                parsed.add(setting);
            } catch (NumberFormatException e) {
                throw new UserError("--settings: '" + s + "' is not JAVAxBLAS with positive thread counts, e.g. 2x1");
            }
        }
        List<Size> sizeList = new ArrayList<>();
        for (String s : sizes) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "hopper" -> sizeList.add(new Size("Hopper", 11, 3));
                case "halfcheetah" -> sizeList.add(new Size("HalfCheetah", 17, 6));
                default -> throw new UserError("--sizes: unknown size '" + s + "' (hopper, halfcheetah)");
            }
        }
        Path peerScript = noPeer ? null : peerScript();
        PrintWriter out = spec.commandLine().getOut();

        EnsembleConfig config = EnsembleConfig.mbpo();
        out.printf("mbpo bench model: %d members, %d x %d swish, batch %d per member; rollout step of %,d states%n",
                config.ensembleSize(), config.hiddenLayers(), config.hiddenUnits(), config.batchSize(), rolloutStates);
        out.println("compute: " + ModelBenchmark.computeDescription() + "; "
                + Runtime.getRuntime().availableProcessors() + " cores");
        out.println("settings JAVAxBLAS: Java threads over the members x OpenBLAS threads per matrix product");
        SgemmRates sgemm = SgemmRates.measure(out);
        out.println();

        StringBuilder head = new StringBuilder(String.format("%-20s", "size"));
        for (Setting s : parsed) {
            head.append(String.format("%20s", "java " + s));
        }
        head.append(noPeer ? "" : String.format("%22s%10s", "torch (threads)", "ratio"));

        out.printf("training step, ms (median, [min-max] of %d)%n", reps);
        out.println(head);
        List<String> rates = new ArrayList<>();
        List<String> profiles = new ArrayList<>();
        for (Size size : sizeList) {
            String name = size.name() + " (" + size.obs() + ", " + size.act() + ")";
            StringBuilder row = new StringBuilder(String.format("%-20s", name));
            StringBuilder rate = new StringBuilder(String.format("%-20s", name));
            double best = Double.POSITIVE_INFINITY;
            for (Setting s : parsed) {
                ModelBenchmark.setBlasThreads(s.blasThreads());
                Timing t = ModelBenchmark.trainingStep(config, size.obs(), size.act(), s.javaThreads(), Math.max(20, reps / 2), reps,
                        profile);
                best = Math.min(best, t.medianMs());
                row.append(String.format(" %19s", String.format("%.2f [%.1f-%.1f]", t.medianMs(), t.minMs(), t.maxMs())));
                double ofSgemm = t.gflops() / sgemm.at(s.javaThreads() * s.blasThreads());
                rate.append(String.format(Locale.ROOT, "%20s", String.format(Locale.ROOT, "%.1f (%.0f%%)", t.gflops(), 100 * ofSgemm)));
                if (profile) {
                    profiles.add(String.format(Locale.ROOT, "%nprofile: training step, %s, java %s, %.3f GFLOP of products per "
                            + "step; times summed over threads%n", name, s, t.flops() / 1e9) + t.profile());
                }
            }
            rates.add(rate.toString());
            if (peerScript != null) {
                JsonNode p = runPeer(peerScript, "ensemble_step", size, reps);
                double torch = p.get("ms_median").asDouble();
                row.append(String.format("%22s%10.2f", String.format("%.2f (%d)", torch, p.get("threads").asInt()), best / torch));
            }
            out.println(row);
        }
        out.println();
        out.println("training step, GFLOP/s of its matrix products at the median (and the fraction of the large sgemm's rate at "
                + "the setting's thread count)");
        out.println(head.substring(0, 20 + 20 * parsed.size()));
        rates.forEach(out::println);
        out.println();

        out.printf("rollout step of %,d states, states/s (median of %d)%n", rolloutStates, rolloutReps);
        out.println(head);
        for (Size size : sizeList) {
            StringBuilder row = new StringBuilder(String.format("%-20s", size.name() + " (" + size.obs() + ", " + size.act() + ")"));
            double best = 0;
            for (Setting s : parsed) {
                ModelBenchmark.setBlasThreads(s.blasThreads());
                Timing t = ModelBenchmark.rolloutStep(config, size.obs(), size.act(), s.javaThreads(), rolloutStates, 2, rolloutReps);
                double perSecond = rolloutStates / (t.medianMs() / 1e3);
                best = Math.max(best, perSecond);
                row.append(String.format("%20s", String.format("%,.0f", perSecond)));
            }
            if (peerScript != null) {
                JsonNode p = runPeer(peerScript, "ensemble_predict", size, Math.max(30, 10 * rolloutReps));
                double torch = p.get("states_per_s").asDouble();
                row.append(String.format("%22s%10.2f", String.format("%,.0f (%d)", torch, p.get("threads").asInt()), best / torch));
            }
            out.println(row);
        }
        ModelBenchmark.setBlasThreads(1);
        profiles.forEach(out::print);
        out.println();
        out.println("ratio: training, best Java median / PyTorch median (goal <= 1.0, ambition 0.7); rollout, best Java states/s"
                + " / PyTorch states/s (goal >= 1.0). The Java rollout step includes what MBPO needs and the peer omits:");
        out.println("input standardisation, the Gaussian draw and the delta added to the observation. PyTorch: best of 1 and 2 threads.");
        out.flush();
        return 0;
    }

    private Path peerScript() {
        Path script = peer;
        if (script == null) {
            Path root = Path.of(System.getProperty("mbpo.root", "")).toAbsolutePath().normalize();
            script = root.resolve("../shared/bench/torch_peer.py").normalize();
        }
        if (!Files.isRegularFile(script)) {
            throw new UserError("the PyTorch peer " + script + " is missing: pass --peer PATH, or --no-peer to time Java only");
        }
        if (!Files.isExecutable(Path.of(python))) {
            throw new UserError(python + " not found: the peer needs Debian's python3-torch (apt-get install python3-torch"
                    + " libopenblas0-pthread), or pass --python PATH, or --no-peer");
        }
        return script;
    }

    /** Runs one peer workload and returns its JSON line; the peer inherits this process's environment (OPENBLAS_CORETYPE). */
    private JsonNode runPeer(Path script, String workload, Size size, int peerReps) {
        List<String> command = List.of(python, script.toString(), "--only", workload, "--obs", Integer.toString(size.obs()),
                "--act", Integer.toString(size.act()), "--reps", Integer.toString(peerReps));
        String output;
        int status;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = p.waitFor();
        } catch (IOException e) {
            throw new UserError("cannot run the peer (" + String.join(" ", command) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while running the peer", e);
        }
        ObjectMapper json = new ObjectMapper();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                try {
                    JsonNode node = json.readTree(line);
                    if (workload.equals(node.path("workload").asText())) {
                        return node;
                    }
                } catch (IOException ignored) {
                    // not the result line
                }
            }
        }
        String last = output.strip().lines().reduce((a, b) -> b).orElse("(no output)");
        throw new UserError("the peer printed no " + workload + " result (exit status " + status + "): " + last);
    }
}
