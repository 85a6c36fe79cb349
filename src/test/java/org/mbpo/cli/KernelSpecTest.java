package org.mbpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelSpecTest {

    private static final Path JAVA = Path.of("/jdk/bin/java");
    private static final Path MBPO_JAR = Path.of("/p/target/mbpo.jar");

    /** The shape of {@code jupyter kernelspec list --json}, with JJava 1.0-a6's kernel.json. */
    private static final String KERNELSPECS = """
            {"kernelspecs": {
              "python3": {"resource_dir": "/usr/share/jupyter/kernels/python3",
                          "spec": {"argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                   "env": {}, "display_name": "Python 3", "language": "python"}},
              "mbpo-java": {"resource_dir": "/u/kernels/mbpo-java",
                            "spec": {"argv": ["java", "-jar", "/u/kernels/java/jjava.jar", "{connection_file}"],
                                     "env": {}, "display_name": "Java (mbpo)", "language": "java"}},
              "java": {"resource_dir": "/u/kernels/java",
                       "spec": {"argv": ["java", "-jar", "{resource_dir}/jjava-launcher.jar", "{resource_dir}/jjava.jar",
                                         "{connection_file}"],
                                "env": {"JJAVA_JVM_OPTS": "-Xmx2g"}, "display_name": "Java (jjava)", "language": "java"}}
            }}""";

    @Test
    void rapaioSpecRunsTheKernelJarHeadlessWithTheMbpoJarOnItsClasspath() throws Exception {
        KernelSpec spec = KernelSpec.rapaio(JAVA, Path.of("/p/target/kernel/rapaio-jupyter-kernel.jar"), MBPO_JAR);
        assertEquals(List.of("/jdk/bin/java", "-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector", "-jar",
                "/p/target/kernel/rapaio-jupyter-kernel.jar", "{connection_file}"), spec.argv());
        assertEquals(Map.of("RJK_CLASSPATH", "/p/target/mbpo.jar"), spec.env());

        JsonNode json = new ObjectMapper().readTree(spec.toJson());
        assertEquals("Java (mbpo)", json.get("display_name").asText());
        assertEquals("java", json.get("language").asText());
        assertEquals("{connection_file}", json.get("argv").get(6).asText());
        assertEquals("/p/target/mbpo.jar", json.get("env").get("RJK_CLASSPATH").asText());
    }

    @Test
    void toJsonIsStableSoReinstallingChangesNothing() {
        KernelSpec spec = KernelSpec.rapaio(JAVA, Path.of("/k.jar"), MBPO_JAR);
        assertEquals(spec.toJson(), KernelSpec.rapaio(JAVA, Path.of("/k.jar"), MBPO_JAR).toJson());
    }

    @Test
    void findsAnInstalledJJavaButNotOurOwnSpec() throws Exception {
        Optional<KernelSpec.JJavaInstall> install = KernelSpec.findJJava(new ObjectMapper().readTree(KERNELSPECS));
        assertTrue(install.isPresent(), "the 'java' kernelspec names jjava.jar");
        assertEquals(Path.of("/u/kernels/java"), install.get().resourceDir());
    }

    @Test
    void findsNoJJavaAmongOtherKernels() throws Exception {
        String onlyPython = """
                {"kernelspecs": {"python3": {"resource_dir": "/k/python3",
                  "spec": {"argv": ["python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "env": {}}}}}""";
        assertEquals(Optional.empty(), KernelSpec.findJJava(new ObjectMapper().readTree(onlyPython)));
    }

    @Test
    void jjavaSpecKeepsItsLauncherAndAddsTheMbpoJarAndHeadless() throws Exception {
        KernelSpec.JJavaInstall install = KernelSpec.findJJava(new ObjectMapper().readTree(KERNELSPECS)).orElseThrow();
        KernelSpec spec = KernelSpec.jjava(install, JAVA, MBPO_JAR);
        assertEquals(List.of("/jdk/bin/java", "-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector", "-jar", "/u/kernels/java/jjava-launcher.jar",
                "/u/kernels/java/jjava.jar", "{connection_file}"), spec.argv());
        assertEquals("/p/target/mbpo.jar", spec.env().get("JJAVA_CLASSPATH"));
        assertEquals("-Xmx2g -Djava.awt.headless=true --add-modules jdk.incubator.vector", spec.env().get("JJAVA_JVM_OPTS"),
                "the user's JVM options are kept");
        assertEquals("JJava", spec.kernel());
    }

    @Test
    void jjavaClasspathIsAppendedWithThePathSeparator() {
        KernelSpec.JJavaInstall install = new KernelSpec.JJavaInstall(Path.of("/k"),
                List.of("java", "-jar", "/k/jjava.jar", "{connection_file}"), Map.of("JJAVA_CLASSPATH", "/lib/a.jar"));
        assertEquals("/lib/a.jar" + File.pathSeparator + "/p/target/mbpo.jar",
                KernelSpec.jjava(install, JAVA, MBPO_JAR).env().get("JJAVA_CLASSPATH"));
    }

    @Test
    void jjavaJarFromTheEnvironmentIsStartedDirectly() {
        KernelSpec spec = KernelSpec.jjavaJar(Path.of("/opt/jjava/jjava.jar"), JAVA, MBPO_JAR);
        assertEquals("/jdk/bin/java", spec.argv().get(0));
        assertTrue(spec.argv().contains("/opt/jjava/jjava.jar"));
        assertEquals("{connection_file}", spec.argv().get(spec.argv().size() - 1));
        assertEquals(Map.of("JJAVA_CLASSPATH", "/p/target/mbpo.jar"), spec.env());
    }
}
