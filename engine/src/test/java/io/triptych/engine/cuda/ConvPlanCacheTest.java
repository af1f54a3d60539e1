package io.triptych.engine.cuda;

import io.triptych.bindings.NativeException;
import io.triptych.bindings.tri_conv2d_desc;
import io.triptych.bindings.triptych_h;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plan selection with a fake timer: each fake candidate "takes" the time it is given. */
class ConvPlanCacheTest {
    private static final ConvPlanCache.Shape D2 = new ConvPlanCache.Shape(64, 64, 14, 14, 128, 7, 7, 4, 4, 2, 2, 1, 1,
            1, 1, 1);

    /** A candidate whose runs count themselves and report {@code millis} to the fake timer. */
    private static final class Fake implements ConvPlanCache.Candidate {
        final String name;
        final long workspace;
        final double millis;
        final RuntimeException failure;
        int runs;
        long lastWorkspaceBytes = -1;

        Fake(String name, long workspace, double millis) {
            this(name, workspace, millis, null);
        }

        Fake(String name, long workspace, double millis, RuntimeException failure) {
            this.name = name;
            this.workspace = workspace;
            this.millis = millis;
            this.failure = failure;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long workspaceBytes() {
            return workspace;
        }

        @Override
        public void run(MemorySegment ws, long bytes) {
            if (failure != null) {
                throw failure;
            }
            if (bytes > 0) {
                assertTrue(ws.byteSize() >= bytes, "the workspace covers what the candidate asked for");
            }
            lastWorkspaceBytes = bytes;
            runs++;
            FakeTimer.current = millis + (runs % 3 == 0 ? 5.0 : 0.0);
        }
    }

    /** Reports the time the candidate that just ran announced (every third run is an outlier). */
    private static final class FakeTimer implements ConvPlanCache.Timer {
        static double current;
        int timed;

        @Override
        public double millis(Runnable body) {
            body.run();
            timed++;
            return current;
        }
    }

    private final List<String> log = new ArrayList<>();
    private final FakeTimer timer = new FakeTimer();
    private final CudaAllocator workspaces = new CudaAllocator("cuda:0",
            new CudaAllocatorTest.FakeDevice(64L << 20));

    private ConvPlanCache cache(long workspaceLimit) {
        return new ConvPlanCache(workspaces, timer, 1, 5, workspaceLimit, log::add);
    }

    private static ConvPlanCache.Key key(ConvPlanCache.Pass pass) {
        return new ConvPlanCache.Key("cuda:0", "f32", pass, D2);
    }

    @Test
    void theFastestCandidateWinsByMedianAndIsRemembered() {
        ConvPlanCache c = cache(1L << 30);
        Fake custom = new Fake("triptych", 0, 0.30);
        Fake gemm = new Fake("cudnn:IMPLICIT_PRECOMP_GEMM", 1 << 20, 0.20);
        Fake fft = new Fake("cudnn:FFT", 8 << 20, 0.25);
        ConvPlanCache.Plan p = c.plan(key(ConvPlanCache.Pass.FORWARD), List.of(custom, gemm, fft));
        assertEquals("cudnn:IMPLICIT_PRECOMP_GEMM", p.algorithm());
        assertEquals(1 << 20, p.workspaceBytes());
        assertEquals(0.20, p.winner().millis(), 1e-12, "the median ignores the outlier runs");
        assertEquals(3, p.trials().size());
        assertEquals(1 + 5, custom.runs, "one warm-up and five timed runs");
        assertEquals(1 << 20, gemm.lastWorkspaceBytes);
        assertEquals(15, timer.timed);

        ConvPlanCache.Plan again = c.plan(key(ConvPlanCache.Pass.FORWARD), List.of(custom, gemm, fft));
        assertEquals(p, again);
        assertEquals(15, timer.timed, "a known key is not timed again");
        assertEquals(0, workspaces.stats().bytesInUse(), "trial workspaces are released");
        assertTrue(c.find(key(ConvPlanCache.Pass.FORWARD)).isPresent());
        assertFalse(c.find(key(ConvPlanCache.Pass.BACKWARD_DATA)).isPresent());
    }

    @Test
    void tiesGoToTheEarlierCandidate() {
        ConvPlanCache c = cache(1L << 30);
        ConvPlanCache.Plan p = c.plan(key(ConvPlanCache.Pass.BACKWARD_DATA),
                List.of(new Fake("triptych", 0, 0.5), new Fake("cudnn:ALGO_1", 0, 0.5)));
        assertEquals("triptych", p.algorithm());
    }

    @Test
    void failingAndOversizedCandidatesAreSkippedWithTheirReasons() {
        ConvPlanCache c = cache(16L << 20);
        Fake broken = new Fake("cudnn:ALGO_0", 0, 0.01, new NativeException("cudnnConvolutionBackwardFilter", 9,
                "CUDNN_STATUS_NOT_SUPPORTED", "not supported for this shape", null));
        Fake greedy = new Fake("cudnn:FFT", 32L << 20, 0.01);
        Fake tooBigForDevice = new Fake("cudnn:FFT_TILING", 15L << 20, 0.01);
        Fake custom = new Fake("triptych", 0, 0.4);
        // Leave less than 15 MiB on the fake device so that the third candidate's workspace cannot be allocated.
        var hog = workspaces.allocate(50L << 20);
        try {
            ConvPlanCache.Plan p = c.plan(key(ConvPlanCache.Pass.BACKWARD_WEIGHT),
                    List.of(custom, broken, greedy, tooBigForDevice));
            assertEquals("triptych", p.algorithm());
            Map<String, String> why = new HashMap<>();
            p.trials().forEach(t -> why.put(t.candidate(), t.failure()));
            assertTrue(why.get("cudnn:ALGO_0").contains("CUDNN_STATUS_NOT_SUPPORTED"), why.toString());
            assertTrue(why.get("cudnn:FFT").contains("over the 16.0 MiB limit"), why.toString());
            assertTrue(why.get("cudnn:FFT_TILING").contains("CudaOutOfMemoryError"), why.toString());
            assertEquals(0, greedy.runs, "a candidate over the limit never runs");
            assertEquals(0, tooBigForDevice.runs);
            String line = log.getFirst();
            assertTrue(line.contains("backward-weight"), line);
            assertTrue(line.contains("triptych 0.4000 ms"), line);
            assertTrue(line.contains("cudnn:ALGO_0 skipped: NativeException"), line);
        } finally {
            workspaces.release(hog);
        }
        assertEquals(0, workspaces.stats().bytesInUse());
    }

    @Test
    void noRunnableCandidateIsAnErrorNamingEveryReason() {
        ConvPlanCache c = cache(1L << 30);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.plan(
                key(ConvPlanCache.Pass.FORWARD), List.of(new Fake("triptych", 0, 1,
                        new IllegalArgumentException("bad descriptor")))));
        assertTrue(e.getMessage().contains("bad descriptor"), e.getMessage());
        assertTrue(e.getMessage().contains("forward"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalArgumentException);
        assertTrue(c.plans().isEmpty(), "a failed plan is not cached");
        assertTrue(log.isEmpty());
    }

    @Test
    void oneLogLinePerShapeAndATableForInfo() {
        ConvPlanCache c = cache(1L << 30);
        for (ConvPlanCache.Pass pass : ConvPlanCache.Pass.values()) {
            for (int i = 0; i < 3; i++) {
                c.plan(key(pass), List.of(new Fake("triptych", 0, 0.1), new Fake("cudnn:ALGO_1", 0, 0.2)));
            }
        }
        assertEquals(3, log.size());
        assertEquals(log, c.table());
        assertTrue(log.get(0).startsWith("cuda:0 f32 forward x[64,64,14,14] w[128,64,4,4] -> y[64,128,7,7] stride 2x2 "
                + "pad 1x1 dilation 1x1 groups 1: triptych"), log.get(0));
        assertTrue(log.get(0).contains("beat cudnn:ALGO_1 0.2000 ms"), log.get(0));
    }

    @Test
    void keysComeFromTheKernelDescriptor() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = tri_conv2d_desc.allocate(arena);
            tri_conv2d_desc.n(d, 64);
            tri_conv2d_desc.c_in(d, 64);
            tri_conv2d_desc.h_in(d, 14);
            tri_conv2d_desc.w_in(d, 14);
            tri_conv2d_desc.c_out(d, 128);
            tri_conv2d_desc.h_out(d, 7);
            tri_conv2d_desc.w_out(d, 7);
            tri_conv2d_desc.kernel_h(d, 4);
            tri_conv2d_desc.kernel_w(d, 4);
            tri_conv2d_desc.stride_h(d, 2);
            tri_conv2d_desc.stride_w(d, 2);
            tri_conv2d_desc.pad_h(d, 1);
            tri_conv2d_desc.pad_w(d, 1);
            tri_conv2d_desc.dilation_h(d, 1);
            tri_conv2d_desc.dilation_w(d, 1);
            tri_conv2d_desc.groups(d, 1);
            assertEquals(D2, ConvPlanCache.Shape.of(d));
        }
        assertEquals(64L * 64 * 14 * 14, D2.inputElements());
        assertEquals(128L * 64 * 16, D2.weightElements());
        assertEquals(64L * 128 * 49, D2.outputElements());
        assertEquals(ConvPlanCache.Pass.BACKWARD_DATA, ConvPlanCache.Pass.of(triptych_h.TRI_CONV_BACKWARD_DATA));
        assertThrows(IllegalArgumentException.class, () -> ConvPlanCache.Pass.of(7));
    }
}
