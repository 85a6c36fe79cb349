package org.mbpo.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job array as text: task ids, sbatch's command line from the options, the batch script, squeue's states. */
class SlurmArrayTest {
    @TempDir
    Path dir;

    @Test
    void taskIdsAreCompressedRangesWithTheRunningLimit() {
        assertEquals("0-3", SlurmArray.indices(List.of(0, 1, 2, 3), null));
        assertEquals("0-3%2", SlurmArray.indices(List.of(3, 2, 1, 0), 2));
        assertEquals("1,3,5-7,9", SlurmArray.indices(List.of(1, 3, 5, 6, 7, 9), null));
        assertEquals("4", SlurmArray.indices(List.of(4), null));
        assertThrows(IllegalArgumentException.class, () -> SlurmArray.indices(List.of(), null));
    }

    @Test
    void sbatchGetsOneArrayWithEveryOptionGivenAndNothingElse() {
        Path sweep = Path.of("/shared/sweeps/abl");
        Path script = sweep.resolve("slurm/cell.sh");
        assertEquals(List.of("sbatch", "--parsable", "--job-name=mbpo-pendulum-ablations", "--array=0-15", "--output=/shared/sweeps/abl/logs/slurm-%A_%a.out",
                "--open-mode=append", "--chdir=/home/me/mbpo", "--cpus-per-task=1", "--signal=B:USR1@600", "/shared/sweeps/abl/slurm/cell.sh"),
                SlurmArray.sbatch(SlurmOptions.NONE, "pendulum-ablations", java.util.stream.IntStream.range(0, 16).boxed().toList(), sweep,
                        Path.of("/home/me/mbpo"), script), "the defaults: one CPU, SIGUSR1 600 s before the limit, no requeue");
        SlurmOptions all = new SlurmOptions("cpu", "04:00:00", 2, "8G", "rl-lab", 4, 900, true, List.of("--qos=high", "--exclusive"));
        assertEquals(List.of("sbatch", "--parsable", "--job-name=mbpo-my-sweep-", "--array=1,3%4", "--output=/shared/sweeps/abl/logs/slurm-%A_%a.out",
                "--open-mode=append", "--chdir=/w", "--cpus-per-task=2", "--signal=B:USR1@900", "--requeue", "--partition=cpu", "--time=04:00:00",
                "--mem=8G", "--account=rl-lab", "--qos=high", "--exclusive", "/shared/sweeps/abl/slurm/cell.sh"),
                SlurmArray.sbatch(all, "my sweep!", List.of(3, 1), sweep, Path.of("/w"), script));
        assertTrue(SlurmArray.sbatch(new SlurmOptions(null, null, null, null, null, null, 0, null, List.of()), "s", List.of(0), sweep,
                Path.of("/w"), script).stream().noneMatch(a -> a.startsWith("--signal")), "0: no signal");
    }

    @Test
    void theCommandLineOverridesTheSpecsOptionsAndBadOnesNameTheirField() {
        SlurmOptions spec = new SlurmOptions("cpu", "04:00:00", null, null, null, 2, null, true, List.of("--qos=low"));
        SlurmOptions cli = new SlurmOptions(null, "01:00:00", 2, null, null, null, null, null, List.of("--exclusive"));
        assertEquals(new SlurmOptions("cpu", "01:00:00", 2, null, null, 2, null, true, List.of("--qos=low", "--exclusive")), cli.or(spec));
        assertEquals("time: 'soon' is not a Slurm time limit (MM, HH:MM:SS or D-HH:MM:SS)", assertThrows(IllegalArgumentException.class,
                () -> new SlurmOptions(null, "soon", null, null, null, null, null, null, List.of())).getMessage());
        for (String t : List.of("30", "4:00:00", "2-12", "2-12:30:00", "90:00")) {
            new SlurmOptions(null, t, null, null, null, null, null, null, List.of());
        }
        assertThrows(IllegalArgumentException.class, () -> new SlurmOptions(null, null, 0, null, null, null, null, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SlurmOptions(null, null, null, "lots", null, null, null, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SlurmOptions("a b", null, null, null, null, null, null, null, List.of()));
    }

    @Test
    void theScriptRunsTheCellFromCellsCsvPassesSignalsOnAndRequeuesOnlyAResumableStop() {
        Path sweep = Path.of("/shared/it's here");
        String script = SlurmArray.script(List.of("/usr/bin/java", "-cp", "/shared/mbpo.jar", "org.mbpo.cli.Main", "sweep", "/s.json", "--out",
                sweep.toString(), "--cell"), sweep, true);
        assertTrue(script.startsWith("#!/bin/bash\n"), script);
        assertTrue(script.contains("'/usr/bin/java' '-cp' '/shared/mbpo.jar' 'org.mbpo.cli.Main' 'sweep' '/s.json' '--out' '/shared/it'\\''s here' "
                + "'--cell' \"$cell\" >>\"$log\" 2>&1 &"), script);
        assertTrue(script.contains("trap 'kill -USR1 \"$pid\" 2>/dev/null' USR1"), script);
        assertTrue(script.contains("trap ':' TERM"), "SIGTERM reaches the cell from Slurm itself; the script waits: " + script);
        assertTrue(script.contains("if [ \"$status\" -eq 75 ] && true; then"), script);
        assertTrue(script.contains("scontrol requeue \"$SLURM_JOB_ID\""), script);
        assertTrue(SlurmArray.script(List.of("java"), sweep, false).contains("-eq 75 ] && false; then"));
    }

    /** The script itself, run by bash as Slurm would run a task: cell from cells.csv, signals passed on, the status returned. */
    @Test
    void theScriptRunsUnderBashAndPassesSigusr1ToTheCell() throws Exception {
        Path sweep = dir.resolve("sweep");
        Files.createDirectories(sweep.resolve("logs"));
        Files.writeString(sweep.resolve("cells.csv"), "cell,setting,seed,dir,log\n0,a,1,a/seed1,logs/a-seed1.log\n1,b,1,b/seed1,logs/b-seed1.log\n");
        Path fake = dir.resolve("cell.sh");
        // A stand-in for the cell: says its cell and MBPO_THREADS, then exits 75 on SIGUSR1.
        Files.writeString(fake, "#!/bin/bash\necho \"cell $1 threads $MBPO_THREADS\"\ntrap 'echo got USR1; exit 75' USR1\n"
                + "for i in $(seq 1 600); do sleep 0.1; done\nexit 0\n");
        fake.toFile().setExecutable(true);
        Path script = dir.resolve("task.sh");
        Files.writeString(script, SlurmArray.script(List.of(fake.toString()), sweep, false));
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("slurm.out").toFile());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "1");
        pb.environment().put("SLURM_CPUS_PER_TASK", "4");
        pb.environment().put("SLURM_JOB_ID", "99");
        Process p = pb.start();
        Path log = sweep.resolve("logs/b-seed1.log");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while ((!Files.exists(log) || !Files.readString(log).contains("cell 1")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, new ProcessBuilder("kill", "-s", "USR1", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(75, p.exitValue(), Files.readString(dir.resolve("slurm.out")));
        assertEquals("cell 1 threads 2\ngot USR1\n", Files.readString(log), "the cell's own log, two threads at most");
        assertTrue(Files.readString(dir.resolve("slurm.out")).contains("mbpo: cell 1 exited with status 75"));
    }

    @Test
    void squeueStatesAreReadPerCellForTheSweepsJobsOnly() {
        String out = "41|0|RUNNING\n41|1|RUNNING\n41|2|PENDING\n41|3|PENDING\n57|3|RUNNING\n12|0|RUNNING\n41|N/A|PENDING\n";
        Map<Integer, String> q = SlurmArray.queued(out, Set.of("41", "57"));
        assertEquals(Map.of(0, "RUNNING", 1, "RUNNING", 2, "PENDING", 3, "RUNNING"), q, "job 12 is someone else's");
    }

    @Test
    void submissionsAreRecordedAndReadBack() throws IOException {
        assertEquals(Set.of(), SlurmArray.submittedJobs(dir));
        SlurmArray.recordSubmission(dir, "41", List.of(0, 1, 2, 3));
        SlurmArray.recordSubmission(dir, "57", List.of(1, 3));
        assertEquals(Set.of("41", "57"), SlurmArray.submittedJobs(dir));
        assertTrue(Files.readString(dir.resolve("slurm/jobs.csv")).startsWith("job_id,cells,submitted\n41,0-3,"));
    }
}
