package org.mbpo.run;

import org.mbpo.nn.Blas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where a run came from: the project's version and git commit, the seed, the JVM and the thread
 * settings that decide its speed (BLAS threads, {@code OMP_NUM_THREADS}, {@code OPENBLAS_*}).
 */
public final class RunProvenance {
    private RunProvenance() {
    }

    /** The provenance of a run with {@code seed}, started with {@code commandLine}, from the project at {@code root} (for git; may be null). */
    public static Map<String, Object> capture(long seed, String commandLine, Path root) {
        Map<String, Object> m = new LinkedHashMap<>();
        String version = RunProvenance.class.getPackage().getImplementationVersion();
        m.put("project_version", version == null ? "development build" : version);
        m.put("git_commit", gitCommit(root));
        m.put("jar_commit", buildCommit());
        m.put("seed", seed);
        m.put("command_line", commandLine);
        m.put("java_version", System.getProperty("java.version"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpu", cpuModel());
        m.put("available_processors", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("blas_threads", Blas.threads());
        m.put("vector_lanes", org.mbpo.nn.Vectorization.lanes());
        for (String var : new String[] {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "MBPO_THREADS"}) {
            String v = System.getenv(var);
            m.put(var, v == null ? "(unset)" : v);
        }
        return m;
    }

    /**
     * The commit these classes were built from, as the build wrote it into {@code org/mbpo/build.properties}
     * ({@code scripts/build-commit.sh}; "-dirty" by {@link #gitCommit}'s rule), or "unknown" (classes built another
     * way). Unlike {@code git_commit}, the checkout's HEAD when a run starts, it stays true for a copy of the jar.
     */
    public static String buildCommit() {
        try (java.io.InputStream in = RunProvenance.class.getResourceAsStream("/org/mbpo/build.properties")) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("build_commit", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * {@code git rev-parse HEAD} at {@code root}, with "-dirty" when the main sources or the pom have
     * uncommitted changes, or "unknown". Changes elsewhere (a run growing under {@code data/}, the
     * notebooks, the tests) change no class and so do not count.
     */
    public static String gitCommit(Path root) {
        if (root == null) {
            return "unknown";
        }
        String head = git(root, "rev-parse", "HEAD");
        if (head == null) {
            return "unknown";
        }
        String status = git(root, "status", "--porcelain", "--untracked-files=no", "--", "src/main", "pom.xml");
        return status == null || status.isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path root, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = root.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The CPU's model name from {@code /proc/cpuinfo} ("AMD EPYC", "Intel(R) Xeon(R) ..."), so that a wall
     * time in the run can name the CPU it was measured on; "unknown" where the file is absent.
     */
    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }
}
