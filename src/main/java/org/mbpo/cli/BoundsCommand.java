package org.mbpo.cli;

import org.mbpo.report.TheoryTables;
import org.mbpo.theory.Bound;
import org.mbpo.theory.BoundSweep;
import org.mbpo.theory.BranchOrder;
import org.mbpo.theory.InstanceEvaluation;
import org.mbpo.theory.InstanceJson;
import org.mbpo.theory.InvalidInstanceException;
import org.mbpo.theory.RandomInstances;
import org.mbpo.theory.SchemePair;
import org.mbpo.theory.TheoryInstance;
import org.mbpo.theory.TightestSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./mbpo bounds check|sweep|tightest}: the paper's bounds against exact quantities on tabular MDPs. */
@Command(name = "bounds", mixinStandardHelpOptions = true,
        description = "Evaluate the paper's bounds (Lemmas 1-4, Theorems 1-3) against exact tabular quantities.",
        subcommands = {BoundsCommand.CheckCommand.class, BoundsCommand.BoundsSweepCommand.class,
                BoundsCommand.TightestCommand.class})
final class BoundsCommand implements Runnable {

    @Override
    public void run() {
        throw new UserError("choose a subcommand: check, sweep or tightest (see './mbpo bounds --help')");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Solve one instance exactly and print every quantity and bound as one JSON object.",
                    "INSTANCE.json: {\"gamma\", \"reward\" [S][A], \"initial\" [S], \"dynamics\" [S][A][S], "
                            + "\"model\" [S][A][S], \"policy\" [S][A], \"data_policy\" [S][A], \"k\", \"horizon\"?}, "
                            + "or a scheme pair as written by 'tightest --bound lemma4_general'."})
    static final class CheckCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "INSTANCE.json", description = "the instance file ('-' for standard input)")
        String file;

        @Override
        public Integer call() {
            String text = read(file);
            try {
                var root = InstanceJson.parseTree(text);
                Object report;
                int k;
                int horizon;
                if (InstanceJson.isSchemePair(root)) {
                    SchemePair pair = InstanceJson.readSchemePair(root);
                    k = pair.k();
                    horizon = pair.horizon();
                    report = pairReport(pair);
                } else {
                    TheoryInstance instance = InstanceJson.readInstance(root);
                    k = instance.k();
                    horizon = instance.horizon();
                    report = InstanceEvaluation.of(instance).toJson();
                }
                spec.commandLine().getOut().println(InstanceJson.toJson(report));
                if (k >= horizon) {
                    spec.commandLine().getErr().println("mbpo: note: " + file + ": k = " + k + " is not below horizon = " + horizon
                            + ": every step within the horizon is a model step, so the branched returns are the model's and the "
                            + "branched bounds compare no branch; give k < horizon");
                }
                return 0;
            } catch (InvalidInstanceException e) {
                throw new UserError(file + ": " + e.getMessage());
            }
        }

        private static Map<String, Object> pairReport(SchemePair pair) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("branch", pair.evaluate(BranchOrder.BRANCH).toJson());
            j.put("post_first", pair.evaluate(BranchOrder.POST_FIRST).toJson());
            return j;
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Check every bound on N seeded random instances; print violations and tightness per bound.")
    static final class BoundsSweepCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--instances", defaultValue = "500", description = "number of random instances (default: ${DEFAULT-VALUE})")
        int instances;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--counterexamples", paramLabel = "DIR",
                description = "write the tightest instance of every violated bound to DIR/<bound>.json")
        Path counterexamples;

        @Mixin
        GeneratorOptions generator;

        @Override
        public Integer call() throws IOException {
            if (instances < 1) {
                throw new UserError("--instances must be at least 1, got " + instances);
            }
            if (counterexamples != null) {
                try {
                    Files.createDirectories(counterexamples);  // now, not after the sweep: an unwritable place is found at once
                } catch (IOException e) {
                    throw new UserError("--counterexamples " + counterexamples + ": cannot be created (" + OutDirectory.reason(e)
                            + "); choose another directory");
                }
            }
            long start = System.nanoTime();
            BoundSweep.Result result = BoundSweep.run(generator.build(), instances, seed);
            PrintWriter out = spec.commandLine().getOut();
            out.println(TheoryTables.sweep(result).printAll());
            out.printf("%d instances and %d scheme pairs in %.1f s; a ratio above 1 is a violation.%n",
                    instances, instances, (System.nanoTime() - start) / 1e9);
            for (BoundSweep.Summary s : result.summaries()) {
                if (s.violations() == 0) {
                    continue;
                }
                String json = s.bound().onSchemePairs()
                        ? InstanceJson.write(result.worstPair(s.bound()))
                        : InstanceJson.write(result.worstInstance(s.bound()));
                String where = "";
                if (counterexamples != null) {
                    Path file = counterexamples.resolve(s.bound().key() + ".json");
                    Files.writeString(file, json, StandardCharsets.UTF_8);
                    where = ": written to " + file;
                }
                out.printf("%s fails on %d of %d instances (tightest #%d%s)%n",
                        s.bound().key(), s.violations(), s.evaluated(), s.worstIndex(), where);
            }
            return 0;
        }
    }

    @Command(name = "tightest", mixinStandardHelpOptions = true,
            description = {"Search (random restarts + hill climbing) for the instance on which a bound is tightest;",
                    "print it as instance JSON on standard output and its gap/bound on standard error."})
    static final class TightestCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--bound", required = true,
                description = "lemma1_max, lemma1_expectation, lemma2, lemma3, theorem1, lemma4, lemma4_post_first, "
                        + "theorem2, theorem2_post_first, theorem3, theorem3_post_first, lemma4_general, "
                        + "lemma4_general_post_first")
        String bound;

        @Option(names = "--restarts", defaultValue = "8", description = "random restarts (default: ${DEFAULT-VALUE})")
        int restarts;

        @Option(names = "--steps", defaultValue = "500", description = "hill-climbing steps per restart (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Mixin
        GeneratorOptions generator;

        @Override
        public Integer call() {
            Bound b;
            try {
                b = Bound.fromKey(bound);
            } catch (IllegalArgumentException e) {
                throw new UserError("--bound: " + e.getMessage());
            }
            if (restarts < 1 || steps < 0) {
                throw new UserError("--restarts must be at least 1 and --steps at least 0");
            }
            TightestSearch.Result r = TightestSearch.search(b, generator.build(), restarts, steps, seed);
            spec.commandLine().getOut().print(r.json());
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().printf("%s: gap %.17g, bound %.17g, gap/bound %.6f, %s (%d instances evaluated)%n",
                    b.key(), r.check().gap(), r.check().value(), r.check().ratio(),
                    r.check().holds() ? "holds" : "VIOLATED", r.evaluations());
            return 0;
        }
    }

    /** The random instance generator's settings, shared by sweep and tightest. */
    static final class GeneratorOptions {
        @Option(names = "--states", defaultValue = "2..6", paramLabel = "MIN..MAX",
                description = "number of states, a value or a range (default: ${DEFAULT-VALUE})")
        String states;

        @Option(names = "--actions", defaultValue = "2..3", paramLabel = "MIN..MAX",
                description = "number of actions (default: ${DEFAULT-VALUE})")
        String actions;

        @Option(names = "--gamma", defaultValue = "0.5..0.95", paramLabel = "MIN..MAX",
                description = "discount, in [0, 1) (default: ${DEFAULT-VALUE})")
        String gamma;

        @Option(names = "--max-k", defaultValue = "10", description = "k is drawn from 0..MAX-K (default: ${DEFAULT-VALUE})")
        int maxK;

        @Option(names = "--model-noise", defaultValue = "0.5",
                description = "largest weight of the model's random error, in [0, 1] (default: ${DEFAULT-VALUE})")
        double modelNoise;

        @Option(names = "--policy-shift", defaultValue = "0.5",
                description = "largest weight of the policy's shift from the data policy, in [0, 1] (default: ${DEFAULT-VALUE})")
        double policyShift;

        @Option(names = "--alpha", defaultValue = "0.5",
                description = "Dirichlet concentration of random distributions; small is peaked (default: ${DEFAULT-VALUE})")
        double alpha;

        @Option(names = "--horizon", defaultValue = "2000",
                description = "horizon H of sums and maxima over time (default: ${DEFAULT-VALUE})")
        int horizon;

        RandomInstances build() {
            int[] s = intRange("--states", states);
            int[] a = intRange("--actions", actions);
            double[] g = doubleRange("--gamma", gamma);
            try {
                return new RandomInstances(s[0], s[1], a[0], a[1], g[0], g[1], maxK, modelNoise, policyShift,
                        alpha, horizon);
            } catch (IllegalArgumentException e) {
                throw new UserError("generator settings: " + e.getMessage());
            }
        }

        private static int[] intRange(String option, String text) {
            double[] r = doubleRange(option, text);
            if (r[0] != Math.rint(r[0]) || r[1] != Math.rint(r[1])) {
                throw new UserError(option + ": expected whole numbers, got '" + text + "'");
            }
            return new int[] {(int) r[0], (int) r[1]};
        }

        private static double[] doubleRange(String option, String text) {
            String[] parts = text.split("\\.\\.", -1);
            try {
                if (parts.length == 1) {
                    double v = Double.parseDouble(parts[0].trim());
                    return new double[] {v, v};
                }
                if (parts.length == 2) {
                    return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new UserError(option + ": expected a value or MIN..MAX, got '" + text + "'");
        }
    }

    static String read(String file) {
        try {
            return "-".equals(file)
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
