package org.mbpo.cli;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one {@code jupyter nbconvert --to notebook --execute} run came to, read from its exit status
 * and its output (standard output and error together). A pure function of that text, so it is
 * tested on output captured from real runs (nbconvert 6.5, nbclient 0.7, jupyter_client 7.4).
 *
 * @param kind       what happened
 * @param cellSource the failing cell's source, for {@link Kind#CELL_ERROR}; empty otherwise
 * @param error      what went wrong, a few lines without terminal colours; empty for {@link Kind#OK}
 */
record NbconvertOutcome(Kind kind, String cellSource, String error) {

    /** The kinds of outcome; only {@link #KERNEL_NO_REPLY} is worth another attempt. */
    enum Kind {
        /** The notebook ran to the end. */
        OK,
        /**
         * The kernel never answered at start-up: jupyter_client's {@code wait_for_ready} raised
         * "Kernel didn't respond in N seconds" or "Kernel died before replying to kernel_info",
         * before any cell ran. rapaio-jupyter-kernel 3.0.1 hangs like this in about one start in ten.
         */
        KERNEL_NO_REPLY,
        /** A cell raised an error or ran past the cell timeout (nbclient's CellExecutionError, CellTimeoutError). */
        CELL_ERROR,
        /** Anything else: no such kernel, a kernel that died during a cell, a broken notebook file. */
        FAILED
    }

    /** How many lines of the error to keep. */
    private static final int ERROR_LINES = 12;

    // nbclient/exceptions.py: exec_err_msg and timeout_err_msg.
    private static final Pattern CELL_EXECUTION_ERROR = Pattern.compile(
            "CellExecutionError: An error occurred while executing the following cell:\\n-{18}\\n(.*?)\\n-{18}\\n(.*)",
            Pattern.DOTALL);
    private static final Pattern CELL_TIMEOUT = Pattern.compile(
            "CellTimeoutError: (A cell timed out while it was being executed, after \\d+ seconds\\.)"
                    + ".*?\\n-{19}\\n(.*?)\\n-{19}",
            Pattern.DOTALL);
    // jupyter_client/client.py: _async_wait_for_ready.
    private static final Pattern NO_REPLY = Pattern.compile(
            "RuntimeError: (Kernel didn't respond in \\d+ seconds"
                    + "|Kernel died before replying to kernel_info"
                    + "|Kernel didn't respond to heartbeats in \\d+ seconds and timed out)");
    private static final Pattern PYTHON_EXCEPTION_LINE = Pattern.compile("(?m)^[A-Za-z_][\\w.]*: \\S.*$");
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    /** Classifies one run of nbconvert from its exit status and everything it printed. */
    static NbconvertOutcome classify(int exitStatus, String output) {
        String text = ANSI_ESCAPE.matcher(output.replace("\r\n", "\n")).replaceAll("");
        if (exitStatus == 0) {
            return new NbconvertOutcome(Kind.OK, "", "");
        }
        Matcher cellError = CELL_EXECUTION_ERROR.matcher(text);
        if (cellError.find()) {
            return new NbconvertOutcome(Kind.CELL_ERROR, cellError.group(1), head(cellError.group(2)));
        }
        Matcher cellTimeout = CELL_TIMEOUT.matcher(text);
        if (cellTimeout.find()) {
            return new NbconvertOutcome(Kind.CELL_ERROR, cellTimeout.group(2), cellTimeout.group(1));
        }
        Matcher noReply = NO_REPLY.matcher(text);
        if (noReply.find()) {
            return new NbconvertOutcome(Kind.KERNEL_NO_REPLY, "", noReply.group(1));
        }
        return new NbconvertOutcome(Kind.FAILED, "", lastException(text, exitStatus));
    }

    /** True when another attempt may succeed: the kernel never answered, so no cell ran. */
    boolean worthRetrying() {
        return kind == Kind.KERNEL_NO_REPLY;
    }

    /** The first lines of {@code text} that are not blank. */
    private static String head(String text) {
        List<String> lines = Arrays.stream(text.split("\n"))
                .map(String::stripTrailing)
                .filter(line -> !line.isBlank())
                .collect(Collectors.toList());
        String kept = lines.stream().limit(ERROR_LINES).collect(Collectors.joining("\n"));
        return lines.size() > ERROR_LINES ? kept + "\n…" : kept;
    }

    /** The last Python exception line ("Type: message"), or the last line printed. */
    private static String lastException(String text, int exitStatus) {
        String last = null;
        Matcher m = PYTHON_EXCEPTION_LINE.matcher(text);
        while (m.find()) {
            last = m.group();
        }
        if (last != null) {
            return last;
        }
        String[] lines = text.strip().split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank()
                ? "nbconvert exited with status " + exitStatus
                : lines[lines.length - 1];
    }
}
