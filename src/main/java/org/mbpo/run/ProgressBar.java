package org.mbpo.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display: steps, steps per second, time left and the last evaluation return.
 * On a terminal the line is redrawn in place (at most five times a second); otherwise a line is
 * printed at each evaluation only.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final long total;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private final long firstStep;
    private long lastDraw;
    private double lastEval = Double.NaN;
    private String note = "";

    /** A bar to {@code out} for {@code total} steps; {@code interactive} redraws in place. */
    public ProgressBar(PrintStream out, long total, boolean interactive) {
        this(out, total, interactive, 0);
    }

    /**
     * A bar for a run that starts at step {@code firstStep} (a resumed run): steps per second and the
     * time left count from there.
     */
    public ProgressBar(PrintStream out, long total, boolean interactive, long firstStep) {
        this.out = out;
        this.total = total;
        this.interactive = interactive;
        this.firstStep = firstStep;
    }

    /** A bar on standard error, redrawn in place if the JVM has a console. */
    public static ProgressBar onStandardError(long total) {
        return onStandardError(total, 0);
    }

    /** A bar on standard error for a run that starts at step {@code firstStep}. */
    public static ProgressBar onStandardError(long total, long firstStep) {
        return new ProgressBar(System.err, total, System.console() != null, firstStep);
    }

    /** Shows {@code text} (e.g. MBPO's current rollout length, "k 3") after the step counts, until changed. */
    public void note(String text) {
        note = text == null ? "" : text;
    }

    /** Reports progress; redraws if interactive and enough time has passed. */
    public void step(long step) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && step < total) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(step) + "\u001b[K");
        out.flush();
    }

    /** Reports an evaluation: redraws, or prints a line if not interactive. */
    public void evaluated(long step, double evalReturn) {
        lastEval = evalReturn;
        if (interactive) {
            lastDraw = 0;
            step(step);
        } else {
            out.println(line(step));
        }
    }

    /** Ends the bar's line. */
    public void finish() {
        if (interactive) {
            out.println();
        }
    }

    /** The text of the bar at {@code step}. */
    String line(long step) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? (step - firstStep) / seconds : 0;
        int filled = (int) (WIDTH * Math.min(1.0, (double) step / total));
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        String eta = rate > 0 ? clock((total - step) / rate) : "?";
        String eval = Double.isNaN(lastEval) ? "-" : String.format(Locale.ROOT, "%.1f", lastEval);
        return String.format(Locale.ROOT, "[%s] %,d/%,d steps  %.1f steps/s  ETA %s%s  last eval %s",
                bar, step, total, rate, eta, note.isEmpty() ? "" : "  " + note, eval);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
