package io.triptych.engine.cuda;

import io.triptych.bindings.tri_conv2d_desc;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.memory.Allocator;
import io.triptych.engine.memory.Block;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The convolution plan of each (device, dtype, pass, shape): which implementation runs it and with how much
 * workspace. The first time a key is seen, every candidate (Triptych's own kernel first, then each cuDNN algorithm)
 * is run a few times on scratch data and timed; the fastest wins (ties go to the earlier candidate), and a candidate
 * that fails or whose workspace does not fit is skipped with its reason. One log line per key says what won and
 * what it beat; {@link #table()} lists every plan for {@code triptych info}. Timing and workspace memory are
 * parameters so the choice is tested without a GPU.
 */
public final class ConvPlanCache {
    /** The three passes of a convolution, with the kernel library's TRI_CONV_* values. */
    public enum Pass {
        FORWARD(triptych_h.TRI_CONV_FORWARD, "forward"),
        BACKWARD_DATA(triptych_h.TRI_CONV_BACKWARD_DATA, "backward-data"),
        BACKWARD_WEIGHT(triptych_h.TRI_CONV_BACKWARD_WEIGHT, "backward-weight");

        private final int tri;
        private final String label;

        Pass(int tri, String label) {
            this.tri = tri;
            this.label = label;
        }

        public int tri() {
            return tri;
        }

        public static Pass of(int tri) {
            for (Pass p : values()) {
                if (p.tri == tri) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown convolution pass " + tri + " (expected TRI_CONV_FORWARD, "
                    + "TRI_CONV_BACKWARD_DATA or TRI_CONV_BACKWARD_WEIGHT)");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The fields of a {@code tri_conv2d_desc}, as a value. */
    public record Shape(int n, int cIn, int hIn, int wIn, int cOut, int hOut, int wOut, int kernelH, int kernelW,
                        int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
        public static Shape of(MemorySegment d) {
            return new Shape(tri_conv2d_desc.n(d), tri_conv2d_desc.c_in(d), tri_conv2d_desc.h_in(d),
                    tri_conv2d_desc.w_in(d), tri_conv2d_desc.c_out(d), tri_conv2d_desc.h_out(d),
                    tri_conv2d_desc.w_out(d), tri_conv2d_desc.kernel_h(d), tri_conv2d_desc.kernel_w(d),
                    tri_conv2d_desc.stride_h(d), tri_conv2d_desc.stride_w(d), tri_conv2d_desc.pad_h(d),
                    tri_conv2d_desc.pad_w(d), tri_conv2d_desc.dilation_h(d), tri_conv2d_desc.dilation_w(d),
                    tri_conv2d_desc.groups(d));
        }

        public long inputElements() {
            return (long) n * cIn * hIn * wIn;
        }

        public long outputElements() {
            return (long) n * cOut * hOut * wOut;
        }

        public long weightElements() {
            return (long) cOut * (cIn / Math.max(groups, 1)) * kernelH * kernelW;
        }

        @Override
        public String toString() {
            return "x" + Arrays.toString(new int[] {n, cIn, hIn, wIn}).replace(" ", "") + " w"
                    + Arrays.toString(new int[] {cOut, cIn / Math.max(groups, 1), kernelH, kernelW}).replace(" ", "")
                    + " -> y" + Arrays.toString(new int[] {n, cOut, hOut, wOut}).replace(" ", "") + " stride "
                    + strideH + "x" + strideW + " pad " + padH + "x" + padW + " dilation " + dilationH + "x"
                    + dilationW + " groups " + groups;
        }
    }

    public record Key(String device, String dtype, Pass pass, Shape shape) {
        @Override
        public String toString() {
            return device + " " + dtype + " " + pass + " " + shape;
        }
    }

    /** One candidate's outcome: its median time, or why it could not run. */
    public record Trial(String candidate, long workspaceBytes, double millis, String failure) {
        public boolean ok() {
            return failure == null;
        }

        @Override
        public String toString() {
            return ok() ? String.format(Locale.ROOT, "%s %.4f ms (workspace %s)", candidate, millis,
                    Bytes.str(workspaceBytes)) : candidate + " skipped: " + failure;
        }
    }

    /** The winner of a key and every trial it was chosen from, in candidate order. */
    public record Plan(Key key, Trial winner, List<Trial> trials) {
        public String algorithm() {
            return winner.candidate();
        }

        public long workspaceBytes() {
            return winner.workspaceBytes();
        }

        /** The log and {@code triptych info} line of this plan. */
        public String line() {
            StringBuilder sb = new StringBuilder(key.toString()).append(": ").append(winner);
            List<String> others = new ArrayList<>();
            for (Trial t : trials) {
                if (t != winner) {
                    others.add(t.toString());
                }
            }
            if (!others.isEmpty()) {
                sb.append("; beat ").append(String.join(", ", others));
            }
            return sb.toString();
        }
    }

    /** One implementation of a pass on fixed scratch operands. */
    public interface Candidate {
        /** "triptych" for the custom kernel, "cudnn:&lt;ALGO&gt;" for a cuDNN algorithm. */
        String name();

        long workspaceBytes();

        void run(MemorySegment workspace, long workspaceBytes);
    }

    /** Times one run of {@code body}, in milliseconds, from when it starts to when its device work is done. */
    public interface Timer {
        double millis(Runnable body);
    }

    private final Allocator workspaces;
    private final Timer timer;
    private final int warmup;
    private final int repeats;
    private final long workspaceLimit;
    private final Consumer<String> log;
    private final Map<Key, Plan> plans = new LinkedHashMap<>();

    /**
     * @param workspaces     where trial workspaces come from (the device's allocator)
     * @param timer          times one run
     * @param warmup         untimed runs of each candidate first (module loading, caches)
     * @param repeats        timed runs; the median counts
     * @param workspaceLimit candidates needing more workspace than this are skipped
     * @param log            receives one line per planned key
     */
    public ConvPlanCache(Allocator workspaces, Timer timer, int warmup, int repeats, long workspaceLimit,
                         Consumer<String> log) {
        if (warmup < 0 || repeats < 1 || workspaceLimit < 0) {
            throw new IllegalArgumentException("ConvPlanCache: need warmup >= 0, repeats >= 1, workspaceLimit >= 0; got "
                    + warmup + ", " + repeats + ", " + workspaceLimit);
        }
        this.workspaces = workspaces;
        this.timer = timer;
        this.warmup = warmup;
        this.repeats = repeats;
        this.workspaceLimit = workspaceLimit;
        this.log = log;
    }

    /** Log lines go to the System.Logger "io.triptych.engine.cuda.ConvPlanCache" at INFO. */
    public static Consumer<String> systemLog() {
        System.Logger logger = System.getLogger(ConvPlanCache.class.getName());
        return line -> logger.log(System.Logger.Level.INFO, "conv plan " + line);
    }

    /** The plan of {@code key} if it was chosen already. */
    public synchronized Optional<Plan> find(Key key) {
        return Optional.ofNullable(plans.get(key));
    }

    /**
     * The plan of {@code key}, choosing it among {@code candidates} (which run on scratch operands) when it is new.
     * IllegalStateException when no candidate could run, with every reason.
     */
    public synchronized Plan plan(Key key, List<? extends Candidate> candidates) {
        Plan known = plans.get(key);
        if (known != null) {
            return known;
        }
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        Throwable firstFailure = null;
        for (Candidate c : candidates) {
            Trial t;
            try {
                t = trial(c);
            } catch (RuntimeException | CudaOutOfMemoryError e) {
                t = new Trial(c.name(), c.workspaceBytes(), Double.NaN, firstLine(e));
                firstFailure = firstFailure == null ? e : firstFailure;
            }
            trials.add(t);
            if (t.ok() && (best == null || t.millis() < best.millis())) {
                best = t;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no convolution implementation could run " + key + ": " + trials,
                    firstFailure);
        }
        Plan plan = new Plan(key, best, List.copyOf(trials));
        plans.put(key, plan);
        log.accept(plan.line());
        return plan;
    }

    private Trial trial(Candidate c) {
        long bytes = c.workspaceBytes();
        if (bytes > workspaceLimit) {
            return new Trial(c.name(), bytes, Double.NaN, "needs " + Bytes.str(bytes) + " of workspace, over the "
                    + Bytes.str(workspaceLimit) + " limit");
        }
        Block ws = bytes > 0 ? workspaces.allocate(bytes) : null;
        try {
            MemorySegment seg = ws == null ? MemorySegment.NULL : ws.segment();
            Runnable run = () -> c.run(seg, bytes);
            for (int i = 0; i < warmup; i++) {
                run.run();
            }
            double[] times = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                times[i] = timer.millis(run);
            }
            Arrays.sort(times);
            double median = repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
            return new Trial(c.name(), bytes, median, null);
        } finally {
            if (ws != null) {
                workspaces.release(ws);
            }
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** Every plan chosen so far, in the order they were chosen. */
    public synchronized List<Plan> plans() {
        return List.copyOf(plans.values());
    }

    /** One line per plan, for {@code triptych info}. */
    public List<String> table() {
        return plans().stream().map(Plan::line).toList();
    }
}
