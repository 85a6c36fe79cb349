package org.mbpo.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sweep as one Slurm job array: array task {@code I} runs cell {@code I} ({@link SweepSpec#cells}) as
 * {@code ... sweep SPEC --out DIR --cell I}. What is built here is plain text, so that it can be tested without
 * Slurm: sbatch's command line ({@link #sbatch}), the batch script ({@link #script}) and the reading of
 * {@code squeue}'s output ({@link #queued}).
 *
 * <p>Time limits: with {@code --signal=B:USR1@SECONDS} Slurm signals the batch script SECONDS before the limit; the
 * script passes the signal to the cell, which finishes its current epoch, writes its checkpoint and exits with
 * {@link org.mbpo.stop.StopRequest#RESUMABLE_STATUS}; where the options ask for it, the script then requeues the
 * task ({@code scontrol requeue}), and the cell resumes from that checkpoint when it runs again. SIGTERM
 * ({@code scancel}, or the time limit itself) reaches every process of the task, the cell included, which stops at
 * its next step; the script only waits for it (passing it on too would make it a second signal, which stops at once).
 *
 * <p>Files: the script is {@code DIR/slurm/cell.sh}; Slurm's own output goes to {@code DIR/logs/slurm-JOB_TASK.out}
 * and the cell's to {@code DIR/logs/SETTING-seedS.log}, the log the local engine writes too. A cell's run directory
 * holds only the run's files, so that a new run can start in it.
 */
public final class SlurmArray {
    private SlurmArray() {
    }

    /** The array's task ids, compressed ({@code 0-3,5,7-8}), with {@code %N} when at most N may run at once. */
    public static String indices(List<Integer> cells, Integer maxRunning) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("no cells to submit");
        }
        List<Integer> sorted = cells.stream().sorted().distinct().toList();
        StringBuilder b = new StringBuilder();
        int start = sorted.get(0);
        int prev = start;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i < sorted.size() && sorted.get(i) == prev + 1) {
                prev = sorted.get(i);
                continue;
            }
            b.append(b.length() == 0 ? "" : ",").append(start == prev ? Integer.toString(start) : start + "-" + prev);
            if (i < sorted.size()) {
                start = prev = sorted.get(i);
            }
        }
        return maxRunning == null ? b.toString() : b + "%" + maxRunning;
    }

    /**
     * sbatch's command line for the cells {@code cells} of the sweep in {@code sweepDir}.
     *
     * @param jobName    the array's name (letters, digits, {@code _.-} kept; others become {@code -})
     * @param workingDir where the cells run (relative paths in the spec's arguments resolve there)
     * @param script     the batch script ({@link #script})
     */
    public static List<String> sbatch(SlurmOptions o, String jobName, List<Integer> cells, Path sweepDir, Path workingDir,
                                      Path script) {
        List<String> cmd = new ArrayList<>();
        cmd.add("sbatch");
        cmd.add("--parsable");
        cmd.add("--job-name=mbpo-" + jobName.replaceAll("[^A-Za-z0-9_.-]", "-"));
        cmd.add("--array=" + indices(cells, o.maxRunning()));
        cmd.add("--output=" + sweepDir.resolve(SweepDirectory.LOGS).resolve("slurm-%A_%a.out"));
        cmd.add("--open-mode=append");
        cmd.add("--chdir=" + workingDir);
        cmd.add("--cpus-per-task=" + o.cpus());
        if (o.signalSeconds() > 0) {
            cmd.add(String.format(Locale.ROOT, "--signal=B:USR1@%d", o.signalSeconds()));
        }
        if (o.requeues()) {
            cmd.add("--requeue");
        }
        if (o.partition() != null) {
            cmd.add("--partition=" + o.partition());
        }
        if (o.time() != null) {
            cmd.add("--time=" + o.time());
        }
        if (o.mem() != null) {
            cmd.add("--mem=" + o.mem());
        }
        if (o.account() != null) {
            cmd.add("--account=" + o.account());
        }
        cmd.addAll(o.sbatchArgs());
        cmd.add(script.toString());
        return cmd;
    }

    /**
     * The batch script every array task runs: the cell's command in the background with its output appended to the
     * cell's log (found in {@code cells.csv}), SIGUSR1 passed on to it, its exit status returned, and
     * the task requeued when {@code requeue} and the cell stopped resumably.
     *
     * @param cellCommand the command up to, not including, the cell number ({@code java ... sweep SPEC --out DIR --cell})
     */
    public static String script(List<String> cellCommand, Path sweepDir, boolean requeue) {
        String cells = quote(sweepDir.resolve(SweepDirectory.CELLS).toString());
        return String.join("\n",
                "#!/bin/bash",
                "# One cell of the sweep in " + sweepDir + ", run by each task of the Slurm job array that",
                "# './mbpo sweep ... --engine slurm' submitted: array task I runs cell I (cells.csv).",
                "set -u",
                "cell=${SLURM_ARRAY_TASK_ID:?submit this script with sbatch --array}",
                "log=" + quote(sweepDir.toString()) + "/$(awk -F, -v i=\"$cell\" 'NR > 1 && $1 == i {print $5}' " + cells + ")",
                "threads=${SLURM_CPUS_PER_TASK:-1}",
                "[ \"$threads\" -gt 2 ] && threads=2",
                "export MBPO_THREADS=$threads",
                "echo \"mbpo: cell $cell, job ${SLURM_JOB_ID:-?} (array ${SLURM_ARRAY_JOB_ID:-?}_$cell) on $(hostname), output in $log\"",
                String.join(" ", cellCommand.stream().map(SlurmArray::quote).toList()) + " \"$cell\" >>\"$log\" 2>&1 &",
                "pid=$!",
                "trap 'kill -USR1 \"$pid\" 2>/dev/null' USR1",
                "trap ':' TERM  # scancel and the time limit send SIGTERM to the cell too: wait for it to stop",
                "while :; do",
                "  wait \"$pid\"; status=$?",
                "  kill -0 \"$pid\" 2>/dev/null || break",
                "done",
                "echo \"mbpo: cell $cell exited with status $status\"",
                "if [ \"$status\" -eq " + org.mbpo.stop.StopRequest.RESUMABLE_STATUS + " ] && " + (requeue ? "true" : "false") + "; then",
                "  echo \"mbpo: cell $cell stopped at a checkpoint; requeueing job $SLURM_JOB_ID to resume it\"",
                "  scontrol requeue \"$SLURM_JOB_ID\"",
                "fi",
                "exit \"$status\"",
                "");
    }

    /** The record of submissions in a sweep directory: {@code job_id,cells,submitted}. */
    public static final String JOBS = "slurm/jobs.csv";

    /** Appends a submission to {@link #JOBS}. Mutates the sweep directory. */
    public static void recordSubmission(Path sweepDir, String jobId, List<Integer> cells) {
        Path file = sweepDir.resolve(JOBS);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, "job_id,cells,submitted\n");
            }
            Files.writeString(file, jobId + "," + indices(cells, null).replace(',', ' ') + "," + java.time.OffsetDateTime.now()
                    .withNano(0) + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The job ids of every submission recorded in {@link #JOBS} (none if there is no such file). */
    public static Set<String> submittedJobs(Path sweepDir) {
        Path file = sweepDir.resolve(JOBS);
        if (!Files.exists(file)) {
            return Set.of();
        }
        try {
            Set<String> ids = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file)) {
                String id = line.split(",", 2)[0];
                if (id.matches("\\d+")) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code s} in single quotes for bash. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The cells of the jobs {@code jobIds} that Slurm still has, from {@code squeue -h -r -o '%F|%K|%T'}
     * (array job id, task id, state): cell → state (PENDING, RUNNING, ...). A cell in several jobs keeps
     * RUNNING over the others.
     */
    public static Map<Integer, String> queued(String squeueOutput, Set<String> jobIds) {
        Map<Integer, String> out = new HashMap<>();
        for (String line : squeueOutput.split("\n")) {
            String[] f = line.strip().split("\\|");
            if (f.length != 3 || !jobIds.contains(f[0]) || !f[1].matches("\\d+")) {
                continue;
            }
            int cell = Integer.parseInt(f[1]);
            if (!"RUNNING".equals(out.get(cell))) {
                out.put(cell, f[2]);
            }
        }
        return out;
    }
}
