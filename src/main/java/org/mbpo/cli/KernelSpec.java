package org.mbpo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Jupyter kernelspec {@value #NAME} ("Java (mbpo)"): a Java kernel with {@code target/mbpo.jar}
 * on the notebook classpath, so notebooks {@code import org.mbpo.*} with no magic. It runs either
 * rapaio-jupyter-kernel (copied to {@code target/kernel/} by the build) or, where the user has it,
 * JJava. Building a spec is pure; {@link NotebooksCommand} writes it to
 * {@code <jupyter data dir>/kernels/mbpo-java/kernel.json}.
 *
 * @param kernel     which kernel runs the notebooks: "rapaio-jupyter-kernel" or "JJava"
 * @param argv       the command Jupyter starts, with {@code {connection_file}} in it
 * @param env        environment variables Jupyter adds for the kernel
 */
record KernelSpec(String kernel, List<String> argv, Map<String, String> env) {

    /** The kernelspec's name, which notebooks name in their metadata. */
    static final String NAME = "mbpo-java";
    static final String DISPLAY_NAME = "Java (mbpo)";

    private static final String HEADLESS = "-Djava.awt.headless=true";
    /** The Vector API (incubating in Java 17), which the dynamics model's kernels use; without it they fall back to scalar code. */
    private static final List<String> VECTOR_API = List.of("--add-modules", "jdk.incubator.vector");
    /** A kernelspec argument naming a JJava jar: {@code jjava.jar}, {@code jjava-1.0-a6.jar}, {@code jjava-launcher.jar}. */
    private static final Pattern JJAVA_JAR = Pattern.compile("(?i)(^|[/\\\\])jjava[^/\\\\]*\\.jar$");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    KernelSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /**
     * rapaio-jupyter-kernel: {@code java -Djava.awt.headless=true --add-modules jdk.incubator.vector -jar <kernel jar> {connection_file}}
     * with {@code RJK_CLASSPATH=<mbpo jar>} (rapaio splits that variable at ';').
     */
    static KernelSpec rapaio(Path java, Path kernelJar, Path mbpoJar) {
        List<String> argv = new ArrayList<>(List.of(java.toString(), HEADLESS));
        argv.addAll(VECTOR_API);
        argv.addAll(List.of("-jar", kernelJar.toString(), "{connection_file}"));
        return new KernelSpec("rapaio-jupyter-kernel", argv,
                Map.of("RJK_CLASSPATH", mbpoJar.toString()));
    }

    /**
     * JJava as the user installed it: that kernelspec's argv with {@code {resource_dir}} filled in
     * (our spec lives in another directory) and a leading {@code java} made absolute, and its env
     * plus {@code JJAVA_CLASSPATH} (entries separated by the platform's path separator) and
     * {@code JJAVA_JVM_OPTS} (read by JJava's launcher, which starts the kernel JVM).
     */
    static KernelSpec jjava(JJavaInstall install, Path java, Path mbpoJar) {
        List<String> argv = new ArrayList<>();
        for (String arg : install.argv()) {
            argv.add(arg.replace("{resource_dir}", install.resourceDir().toString()));
        }
        if (!argv.isEmpty() && argv.get(0).equals("java")) {
            argv.set(0, java.toString());
            argv.addAll(1, VECTOR_API);
            argv.add(1, HEADLESS);
        }
        Map<String, String> env = new LinkedHashMap<>(install.env());
        env.merge("JJAVA_CLASSPATH", mbpoJar.toString(), (old, add) -> old + File.pathSeparator + add);
        env.merge("JJAVA_JVM_OPTS", HEADLESS + " " + String.join(" ", VECTOR_API), (old, add) -> old + " " + add);
        return new KernelSpec("JJava", argv, env);
    }

    /**
     * JJava from a jar named by the environment variable {@code JJAVA_JAR}: started directly, with
     * the {@code --add-opens} that JJava's own launcher adds.
     */
    static KernelSpec jjavaJar(Path jjavaJar, Path java, Path mbpoJar) {
        return new KernelSpec("JJava",
                List.of(java.toString(), HEADLESS, VECTOR_API.get(0), VECTOR_API.get(1),
                        "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED", "-jar", jjavaJar.toString(), "{connection_file}"),
                Map.of("JJAVA_CLASSPATH", mbpoJar.toString()));
    }

    /** An installed JJava kernelspec: its directory, argv and env. */
    record JJavaInstall(Path resourceDir, List<String> argv, Map<String, String> env) {
    }

    /**
     * The first kernelspec (in name order) whose argv names a JJava jar, from the output of
     * {@code jupyter kernelspec list --json}; our own {@value #NAME} is skipped.
     */
    static Optional<JJavaInstall> findJJava(JsonNode kernelspecList) {
        List<String> names = new ArrayList<>();
        kernelspecList.path("kernelspecs").fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String name : names) {
            JsonNode entry = kernelspecList.path("kernelspecs").path(name);
            List<String> argv = new ArrayList<>();
            entry.path("spec").path("argv").forEach(a -> argv.add(a.asText()));
            if (name.equals(NAME) || argv.stream().noneMatch(a -> JJAVA_JAR.matcher(a).find())) {
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            entry.path("spec").path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new JJavaInstall(Path.of(entry.path("resource_dir").asText()), argv, env));
        }
        return Optional.empty();
    }

    /** The {@code kernel.json} text. */
    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("argv", argv);
        json.put("display_name", DISPLAY_NAME);
        json.put("language", "java");
        json.put("interrupt_mode", "message");
        json.put("env", new TreeMap<>(env));
        json.put("metadata", Map.of("mbpo_kernel", kernel));
        try {
            return JSON.writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
