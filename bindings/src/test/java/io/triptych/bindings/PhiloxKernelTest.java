package io.triptych.bindings;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU library's Philox kernels (tri_philox_uniform_f32, tri_philox_normal_f32, tri_dropout_f32) against
 * {@link Philox4x32Reference}, bit for bit, on one and two threads; the reference against Random123's known
 * answers; and the statistics of what comes out.
 */
class PhiloxKernelTest {
    private static final long[] SEEDS = {0L, 42L, 0xdeadbeefcafef00dL, -1L};
    /** 0xfffffffe: the counter's low word overflows inside the draw; -2: the 64-bit counter wraps. */
    private static final long[] OFFSETS = {0L, 5L, 0xfffffffeL, -2L};
    /** Partial blocks, and more than one parallel work item (16384 elements each). */
    private static final int[] LENGTHS = {1, 2, 3, 4, 5, 7, 17, 1000, 40_003};

    private static triptych_h k;
    private static Arena arena;
    private static MemorySegment ctx1;
    private static MemorySegment ctx2;

    @BeforeAll
    static void open() {
        k = NativeLoader.kernels(NativeLibrary.TRIPTYCH_CPU);
        arena = Arena.ofShared();
        ctx1 = context(1);
        ctx2 = context(2);
    }

    private static MemorySegment context(int threads) {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        k.check(k.tri_context_create(0, threads, out), "tri_context_create", "threads", threads);
        return out.get(ValueLayout.ADDRESS, 0);
    }

    @AfterAll
    static void close() {
        k.check(k.tri_context_destroy(ctx1), "tri_context_destroy");
        k.check(k.tri_context_destroy(ctx2), "tri_context_destroy");
        arena.close();
    }

    @Test
    void referenceReproducesRandom123KnownAnswers() {
        assertBlock(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                Philox4x32Reference.block(0, 0, 0, 0, 0, 0));
        assertBlock(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                Philox4x32Reference.block(-1, -1, -1, -1, -1, -1));
        assertBlock(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                Philox4x32Reference.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    private static void assertBlock(int[] want, int[] got) {
        assertArrayEquals(want, got, () -> "want " + hex(want) + ", got " + hex(got));
    }

    private static String hex(int[] words) {
        return Arrays.toString(Arrays.stream(words).mapToObj(w -> String.format("0x%08x", w)).toArray());
    }

    @Test
    void referenceMathIsAccurate() {
        // Spot checks against double math; the native harness measured every input (<= 0.84 and <= 1.02 ulp).
        for (int i = 1; i <= 1 << 24; i += 997) {
            float u = i * 0x1p-24f;
            float log = Philox4x32Reference.log(u);
            assertTrue(Math.abs(log - Math.log(u)) <= 2 * Math.ulp((float) Math.log(u)), () -> "log(" + u + ")");
            float v = (i - 1) * 0x1p-24f;
            float[] sc = Philox4x32Reference.sinCos2Pi(v);
            double a = 2 * Math.PI * v;
            assertTrue(Math.abs(sc[0] - Math.sin(a)) <= 2 * Math.ulp((float) Math.sin(a)) + 1e-15, () -> "sin " + v);
            assertTrue(Math.abs(sc[1] - Math.cos(a)) <= 2 * Math.ulp((float) Math.cos(a)) + 1e-15, () -> "cos " + v);
        }
    }

    @Test
    void uniformStreamsEqualTheReferenceBitForBit() {
        for (long seed : SEEDS) {
            for (long offset : OFFSETS) {
                for (int n : LENGTHS) {
                    float[] want = Philox4x32Reference.uniform(seed, offset, n, -1.5f, 2.5f);
                    for (MemorySegment ctx : new MemorySegment[] {ctx1, ctx2}) {
                        float[] got = uniform(ctx, seed, offset, n, -1.5f, 2.5f);
                        assertBitsEqual(want, got, "uniform seed=" + seed + " offset=" + offset + " n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void normalStreamsEqualTheReferenceBitForBit() {
        for (long seed : SEEDS) {
            for (long offset : OFFSETS) {
                for (int n : LENGTHS) {
                    float[] want = Philox4x32Reference.normal(seed, offset, n, 0.25f, 3.0f);
                    for (MemorySegment ctx : new MemorySegment[] {ctx1, ctx2}) {
                        float[] got = normal(ctx, seed, offset, n, 0.25f, 3.0f);
                        assertBitsEqual(want, got, "normal seed=" + seed + " offset=" + offset + " n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void aDrawSplitInTwoAtABlockBoundaryIsTheSameStream() {
        long seed = 7;
        long offset = 0xfffffffcL;
        float[] whole = normal(ctx2, seed, offset, 4 * 9 + 2, 0f, 1f);
        float[] head = normal(ctx2, seed, offset, 4 * 5, 0f, 1f);
        float[] tail = normal(ctx2, seed, offset + 5, 4 * 4 + 2, 0f, 1f);
        assertBitsEqual(whole, concat(head, tail), "normal head + tail");
        // A shorter draw is a prefix of a longer one, also when it ends inside a block.
        assertBitsEqual(Arrays.copyOf(whole, 7), normal(ctx1, seed, offset, 7, 0f, 1f), "normal prefix");
        float[] u = uniform(ctx2, seed, offset, 4 * 9 + 2, 0f, 1f);
        assertBitsEqual(u, concat(uniform(ctx2, seed, offset, 4 * 5, 0f, 1f),
                uniform(ctx2, seed, offset + 5, 4 * 4 + 2, 0f, 1f)), "uniform head + tail");
    }

    @Test
    void uniformValuesLieInTheirRange() {
        float[] u = uniform(ctx2, 99, 0, 100_000, 0f, 1f);
        double sum = 0;
        for (float x : u) {
            assertTrue(x >= 0f && x < 1f, () -> "uniform value " + x);
            sum += x;
        }
        assertEquals(0.5, sum / u.length, 0.005);
    }

    @Test
    void aMillionNormalsHaveStandardMoments() {
        int n = 1_000_000;
        float[] z = normal(ctx2, 2024, 0, n, 0f, 1f);
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (float v : z) {
            double x = v;
            s1 += x;
            s2 += x * x;
            s3 += x * x * x;
            s4 += x * x * x * x;
        }
        double mean = s1 / n;
        double var = s2 / n - mean * mean;
        // Tolerances are about 5 standard errors of each estimate at n = 1e6.
        assertEquals(0.0, mean, 0.005, "mean");
        assertEquals(1.0, var, 0.007, "variance");
        assertEquals(0.0, s3 / n, 0.012, "third moment");
        assertEquals(3.0, s4 / n, 0.05, "fourth moment");
        float[] scaled = normal(ctx2, 2024, 0, n, -2f, 0.5f);
        for (int i = 0; i < n; i += 1009) {
            assertEquals(Math.fma(0.5f, z[i], -2f), scaled[i], "mean + std * z at " + i);
        }
    }

    @Test
    void dropoutMasksEqualTheReferenceAndDropAtRateP() {
        int n = 1_000_000;
        float p = 0.3f;
        float scale = 1.0f / (1.0f - p);
        float[] x = uniform(ctx1, 5, 0, n, -4f, 4f);
        for (MemorySegment ctx : new MemorySegment[] {ctx1, ctx2}) {
            float[][] ym = dropout(ctx, x, p, 11, 3);
            float[] want = Philox4x32Reference.dropoutMask(11, 3, n, p);
            assertBitsEqual(want, ym[1], "dropout mask");
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                float m = ym[1][i];
                assertTrue(m == 0f || m == scale, "mask value " + m);
                assertEquals(Float.floatToRawIntBits(x[i] * m), Float.floatToRawIntBits(ym[0][i]), "y at " + i);
                dropped += m == 0f ? 1 : 0;
            }
            // The standard error of the rate is sqrt(p (1 - p) / n) = 4.6e-4.
            assertEquals(p, dropped / (double) n, 0.0025, "dropped fraction");
        }
    }

    @Test
    void dropoutWithPZeroKeepsEverythingAndMayRunInPlace() {
        int n = 1003;
        float[] x = uniform(ctx1, 1, 0, n, -1f, 1f);
        float[][] ym = dropout(ctx2, x, 0f, 3, 0);
        assertBitsEqual(x, ym[0], "p = 0 output");
        assertTrue(allEqual(ym[1], 1f), "p = 0 mask is all ones");

        try (Arena a = Arena.ofConfined()) {
            MemorySegment xs = a.allocateFrom(JAVA_FLOAT, x);
            MemorySegment mask = a.allocate(JAVA_FLOAT, n);
            k.check(k.tri_dropout_f32(ctx2, n, xs, 0.5f, 9, 1, xs, mask), "tri_dropout_f32");
            float[] m = Philox4x32Reference.dropoutMask(9, 1, n, 0.5f);
            float[] y = xs.toArray(JAVA_FLOAT);
            for (int i = 0; i < n; i++) {
                assertEquals(x[i] * m[i], y[i], "in-place y at " + i);
            }
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        MemorySegment out = arena.allocate(JAVA_FLOAT, 8);
        assertInvalid(k.tri_philox_uniform_f32(ctx1, 0, 0, 8, 2f, 1f, out), "tri_philox_uniform_f32", "low=2");
        assertInvalid(k.tri_philox_uniform_f32(ctx1, 0, 0, 8, -3e38f, 3e38f, out), "tri_philox_uniform_f32",
                "high - low");
        assertInvalid(k.tri_philox_uniform_f32(ctx1, 0, 0, -1, 0f, 1f, out), "tri_philox_uniform_f32", "n=-1");
        assertInvalid(k.tri_philox_uniform_f32(MemorySegment.NULL, 0, 0, 8, 0f, 1f, out), "tri_philox_uniform_f32",
                "context is NULL");
        assertInvalid(k.tri_philox_normal_f32(ctx1, 0, 0, 8, 0f, -1f, out), "tri_philox_normal_f32", "std=-1");
        assertInvalid(k.tri_philox_normal_f32(ctx1, 0, 0, 8, Float.NaN, 1f, out), "tri_philox_normal_f32",
                "mean=nan");
        assertInvalid(k.tri_philox_normal_f32(ctx1, 0, 0, 8, 0f, 1f, MemorySegment.NULL), "tri_philox_normal_f32",
                "out is NULL");
        MemorySegment mask = arena.allocate(JAVA_FLOAT, 8);
        for (float p : new float[] {1f, -0.1f, 1.5f, Float.NaN}) {
            assertInvalid(k.tri_dropout_f32(ctx1, 8, out, p, 0, 0, out, mask), "tri_dropout_f32", "p=");
        }
        assertInvalid(k.tri_dropout_f32(ctx1, 8, MemorySegment.NULL, 0.5f, 0, 0, out, mask), "tri_dropout_f32",
                "x is NULL");
        assertInvalid(k.tri_dropout_f32(ctx1, 8, out, 0.5f, 0, 0, out, MemorySegment.NULL), "tri_dropout_f32",
                "mask is NULL");
        // n == 0 needs no memory.
        assertEquals(triptych_h.TRI_OK, k.tri_philox_normal_f32(ctx1, 0, 0, 0, 0f, 1f, MemorySegment.NULL));
        assertEquals(triptych_h.TRI_OK, k.tri_dropout_f32(ctx1, 0, MemorySegment.NULL, 0.5f, 0, 0,
                MemorySegment.NULL, MemorySegment.NULL));
    }

    private static void assertInvalid(int status, String call, String fragment) {
        assertEquals(triptych_h.TRI_ERR_INVALID_ARGUMENT, status, call + " status");
        String message = Downcalls.string(k.tri_last_error());
        assertTrue(message.startsWith(call + ": ") && message.contains(fragment), message);
    }

    private static float[] uniform(MemorySegment ctx, long seed, long offset, int n, float low, float high) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_FLOAT, n);
            k.check(k.tri_philox_uniform_f32(ctx, seed, offset, n, low, high, out), "tri_philox_uniform_f32",
                    "n", n);
            return out.toArray(JAVA_FLOAT);
        }
    }

    private static float[] normal(MemorySegment ctx, long seed, long offset, int n, float mean, float std) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_FLOAT, n);
            k.check(k.tri_philox_normal_f32(ctx, seed, offset, n, mean, std, out), "tri_philox_normal_f32",
                    "n", n);
            return out.toArray(JAVA_FLOAT);
        }
    }

    /** {y, mask} of a dropout of x. */
    private static float[][] dropout(MemorySegment ctx, float[] x, float p, long seed, long offset) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment xs = a.allocateFrom(JAVA_FLOAT, x);
            MemorySegment y = a.allocate(JAVA_FLOAT, x.length);
            MemorySegment mask = a.allocate(JAVA_FLOAT, x.length);
            k.check(k.tri_dropout_f32(ctx, x.length, xs, p, seed, offset, y, mask), "tri_dropout_f32", "p", p);
            return new float[][] {y.toArray(JAVA_FLOAT), mask.toArray(JAVA_FLOAT)};
        }
    }

    private static void assertBitsEqual(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", the reference "
                        + want[i]);
            }
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static boolean allEqual(float[] a, float v) {
        for (float x : a) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }
}
