package org.mbpo.nn;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where the time of the hot loops goes, for {@code ./mbpo bench sac|model --profile} and {@code ./mbpo train --profile}:
 * wall nanoseconds per {@link Part} (summed over the threads that ran it), and inside each part the time and
 * the floating-point operations of its matrix products ({@link Blas} reports every product to the part its
 * thread is in). Element-wise work, copies and sampling are a part's time less its products' time.
 *
 * <p>Off unless {@link #enable} was called or the JVM started with {@code -Dmbpo.profile=true}; off, every
 * call is one test of a static field and returns (no clock is read), so the code paths keep their cost.
 * Parts do not nest: a thread is in at most one part at a time ({@link #enter} returns the one it leaves,
 * {@link #exit} goes back to it and charges the time in between to the part entered). Thread-safe.
 */
public final class Profile {
    /** The parts of an MBPO epoch that are timed: model training, rollouts and SAC's update. */
    public enum Part {
        MODEL_GATHER("model: gather, standardise, copy batches"),
        MODEL_FORWARD("model: forward (hidden layers, head)"),
        MODEL_LOSS("model: Gaussian head loss and gradient"),
        MODEL_BACKWARD("model: backward"),
        MODEL_ADAM("model: Adam step"),
        MODEL_HOLDOUT("model: holdout evaluation"),
        MODEL_SNAPSHOT("model: snapshots, shuffles, model copy"),
        ROLLOUT_POLICY("rollout: policy actions"),
        ROLLOUT_MODEL("rollout: model step"),
        ROLLOUT_BUFFER("rollout: D_model writes"),
        SAC_BATCH("sac: batch sampling"),
        SAC_ACTOR_FORWARD("sac: actor forward (s and s')"),
        SAC_POLICY("sac: policy sampling, log-prob"),
        SAC_TARGET("sac: target critics, soft target"),
        SAC_CRITIC("sac: critic loss, forward and backward"),
        SAC_ACTOR_LOSS("sac: actor loss, critics at (s, a~), backward"),
        SAC_ADAM("sac: Adam steps"),
        SAC_POLYAK("sac: target (Polyak) updates");

        private final String label;

        Part(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final int PARTS = Part.values().length;
    private static final int NONE = -1;
    /** Per part: [0] nanos, [1] entries, [2] product nanos, [3] product flops, [4] products; index part * 5 + field. */
    private static final AtomicLongArray SUMS = new AtomicLongArray(5 * (PARTS + 1));
    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[] {NONE, 0});

    private static boolean enabled = Boolean.getBoolean("mbpo.profile");

    private Profile() {
    }

    /** True if the profile is being taken. */
    public static boolean enabled() {
        return enabled;
    }

    /** Starts taking the profile (every thread, from its next part on); mutates the process-wide setting. */
    public static void enable() {
        enabled = true;
    }

    /** Stops taking it; what was taken stays until {@link #reset}. */
    public static void disable() {
        enabled = false;
    }

    /** Forgets every sum. */
    public static void reset() {
        for (int i = 0; i < SUMS.length(); i++) {
            SUMS.set(i, 0);
        }
    }

    /**
     * This thread enters {@code part}, leaving the one it was in (whose time so far is charged to it).
     *
     * @return what {@link #exit} needs to go back to the part left (-1 for none, and always -1 when off)
     */
    public static int enter(Part part) {
        if (!enabled) {
            return NONE;
        }
        long[] c = CURRENT.get();
        long now = System.nanoTime();
        int previous = (int) c[0];
        if (previous != NONE) {
            charge(previous, now - c[1], 0);
        }
        c[0] = part.ordinal();
        c[1] = now;
        return previous;
    }

    /** This thread leaves its part (charging it one entry and its time) and goes back to {@code previous}, as {@link #enter} returned it. */
    public static void exit(int previous) {
        if (!enabled) {
            return;
        }
        long[] c = CURRENT.get();
        long now = System.nanoTime();
        if (c[0] != NONE) {
            charge((int) c[0], now - c[1], 1);
        }
        c[0] = previous;
        c[1] = now;
    }

    private static void charge(int part, long nanos, int entries) {
        SUMS.addAndGet(part * 5, nanos);
        SUMS.addAndGet(part * 5 + 1, entries);
    }

    /** The clock for a matrix product, or 0 when off. */
    static long productStart() {
        return enabled ? System.nanoTime() : 0;
    }

    /** Charges a matrix product of {@code flops} that started at {@code start} to this thread's part (or to none). */
    static void productDone(long start, long flops) {
        if (!enabled) {
            return;
        }
        long nanos = System.nanoTime() - start;
        int part = (int) CURRENT.get()[0];
        int base = (part == NONE ? PARTS : part) * 5;
        SUMS.addAndGet(base + 2, nanos);
        SUMS.addAndGet(base + 3, flops);
        SUMS.addAndGet(base + 4, 1);
    }

    /**
     * The sums of one part (or of the products outside every part, for {@code part == null}).
     *
     * @param nanos        time in the part, summed over threads
     * @param entries      times the part was left
     * @param productNanos time in its matrix products
     * @param flops        its matrix products' floating-point operations (2 m n k each)
     * @param products     the number of its matrix products
     */
    public record Sums(long nanos, long entries, long productNanos, long flops, long products) {
        /** The products' rate in GFLOP/s, or NaN without products. */
        public double productGflops() {
            return productNanos == 0 ? Double.NaN : flops / (double) productNanos;
        }
    }

    /** The sums of {@code part} so far (null: the products made outside every part). */
    public static Sums sums(Part part) {
        int base = (part == null ? PARTS : part.ordinal()) * 5;
        return new Sums(SUMS.get(base), SUMS.get(base + 1), SUMS.get(base + 2), SUMS.get(base + 3), SUMS.get(base + 4));
    }

    /** The matrix products' flops over every part and outside them. */
    public static long totalFlops() {
        long f = 0;
        for (int p = 0; p <= PARTS; p++) {
            f += SUMS.get(p * 5 + 3);
        }
        return f;
    }

    /**
     * Prints the parts that were entered, as a table: time per {@code per} (milliseconds, summed over threads), share
     * of the parts' total, the share of it in matrix products, their GFLOP/s, and the rest (element-wise work,
     * copies, sampling) per {@code per}.
     *
     * @param per   what the times are divided by (updates, steps, epochs), at least 1
     * @param label what one of {@code per} is, for the header
     */
    public static void print(PrintWriter out, long per, String label) {
        long total = 0;
        for (Part p : Part.values()) {
            total += sums(p).nanos();
        }
        out.printf(Locale.ROOT, "%-48s %12s %7s %9s %9s %12s%n", "part", "ms/" + label, "share", "products", "GFLOP/s",
                "rest ms/" + label);
        for (Part p : Part.values()) {
            Sums s = sums(p);
            if (s.entries() == 0 && s.nanos() == 0) {
                continue;
            }
            out.printf(Locale.ROOT, "%-48s %12.3f %6.1f%% %8.1f%% %9.1f %12.3f%n", p.label(), s.nanos() / 1e6 / per,
                    100.0 * s.nanos() / Math.max(1, total), 100.0 * s.productNanos() / Math.max(1, s.nanos()),
                    s.productGflops(), (s.nanos() - s.productNanos()) / 1e6 / per);
        }
        Sums outside = sums(null);
        if (outside.products() > 0) {
            out.printf(Locale.ROOT, "%-48s %12.3f %7s %9s %9.1f%n", "(products outside the parts)", outside.productNanos() / 1e6 / per,
                    "", "", outside.productGflops());
        }
        out.printf(Locale.ROOT, "%-48s %12.3f%n", "total of the parts", total / 1e6 / per);
        out.flush();
    }

    /**
     * What a benchmark reports beside its times: the matrix products' flops of one run of an operation, and its
     * profile table ({@link #print}), empty unless asked for.
     */
    public record Counted(long flops, String table) {
    }

    /**
     * Counts the matrix products' flops of one more run of {@code op} and, if {@code table}, profiles {@code reps}
     * more (the table per {@code per}). Mutates the process-wide sums: reset before and after; leaves the profile off.
     */
    public static Counted count(Runnable op, int reps, boolean table, String per) {
        reset();
        enable();
        op.run();
        disable();
        long flops = totalFlops();
        String text = "";
        if (table) {
            reset();
            enable();
            for (int i = 0; i < reps; i++) {
                op.run();
            }
            disable();
            StringWriter w = new StringWriter();
            print(new PrintWriter(w), reps, per);
            text = w.toString();
        }
        reset();
        return new Counted(flops, text);
    }
}
