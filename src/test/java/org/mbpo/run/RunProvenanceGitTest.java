package org.mbpo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit a run records: "-dirty" only for changes that change a class (the main sources, the pom). */
class RunProvenanceGitTest {
    @TempDir
    Path repo;

    @Test
    void aRunGrowingUnderDataLeavesTheCommitClean() throws Exception {
        assumeTrue(git("--version") == 0, "git is not installed");
        Files.createDirectories(repo.resolve("src/main"));
        Files.createDirectories(repo.resolve("data"));
        Files.writeString(repo.resolve("src/main/A.java"), "class A {}\n");
        Files.writeString(repo.resolve("data/progress.csv"), "step\n");
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        git("init", "-q");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "c");
        String head = RunProvenance.gitCommit(repo);
        assertEquals(40, head.length(), head);

        Files.writeString(repo.resolve("data/progress.csv"), "step\n1000\n");
        assertEquals(head, RunProvenance.gitCommit(repo), "a change under data/ changes no class");

        Files.writeString(repo.resolve("src/main/A.java"), "class A { int x; }\n");
        assertEquals(head + "-dirty", RunProvenance.gitCommit(repo));

        git("checkout", "-q", "--", "src/main/A.java");
        assertEquals(head, RunProvenance.gitCommit(repo));
        Files.writeString(repo.resolve("pom.xml"), "<project></project>\n");
        assertEquals(head + "-dirty", RunProvenance.gitCommit(repo));
    }

    /** The classes under test were built by this checkout's build, which wrote its HEAD into them. */
    @Test
    void theClassesKnowTheCommitTheyWereBuiltFrom() throws Exception {
        Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
        String head = new String(p.getInputStream().readAllBytes()).strip();
        assumeTrue(p.waitFor() == 0, "not a git checkout: " + head);
        String built = RunProvenance.buildCommit();
        assertEquals(head, built.replace("-dirty", ""), "build_commit in org/mbpo/build.properties");
        assertEquals(RunProvenance.gitCommit(Path.of("")).endsWith("-dirty"), built.endsWith("-dirty"),
                "dirty by the same rule as git_commit");
        assertEquals(built, RunProvenance.capture(1, "train", Path.of("")).get("jar_commit"));
    }

    private int git(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = repo.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
