package io.triptych.bindings;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU library's fused optimizer updates (tri_sgd_update_f32, tri_adam_update_f32, tri_ema_update_f32)
 * against five-step trajectories of PyTorch 1.13's SGD, Adam and AdamW (single-tensor implementation) and of
 * ema.mul_(decay).add_(p, alpha=1 - decay), made by {@code tools/golden/gen_optim_kernels.py}. The kernels
 * follow PyTorch's float op order, so parameters and optimizer state must agree bit for bit.
 */
class OptimizerKernelTest {
    private static triptych_h k;
    private static Arena arena;
    private static MemorySegment ctx1;
    private static MemorySegment ctx2;
    private static List<Object> cases;
    private static int steps;

    @BeforeAll
    static void open() throws IOException {
        k = NativeLoader.kernels(NativeLibrary.TRIPTYCH_CPU);
        arena = Arena.ofShared();
        ctx1 = context(1);
        ctx2 = context(2);
        try (InputStream in = OptimizerKernelTest.class.getResourceAsStream("/golden/optim_kernels.json")) {
            assertNotNull(in, "golden/optim_kernels.json is not on the test classpath");
            Map<String, Object> doc = obj(new Json(new String(in.readAllBytes(), StandardCharsets.UTF_8)).parse());
            cases = list(doc.get("cases"));
            steps = (int) num(doc.get("steps"));
        }
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
    void sgdFollowsPyTorchBitForBit() {
        int seen = 0;
        for (Map<String, Object> c : casesOf("sgd")) {
            seen++;
            String name = (String) c.get("name");
            int n = (int) num(c.get("n"));
            float momentum = (float) num(c.get("momentum"));
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocateFrom(JAVA_FLOAT, floats(c.get("p0")));
                MemorySegment buf = a.allocate(JAVA_FLOAT, n);
                MemorySegment params = tri_sgd_params.allocate(a);
                tri_sgd_params.lr(params, (float) num(c.get("lr")));
                tri_sgd_params.momentum(params, momentum);
                tri_sgd_params.dampening(params, (float) num(c.get("dampening")));
                tri_sgd_params.weight_decay(params, (float) num(c.get("weight_decay")));
                tri_sgd_params.nesterov(params, Boolean.TRUE.equals(c.get("nesterov")) ? 1 : 0);
                for (int s = 0; s < steps; s++) {
                    tri_sgd_params.first_step(params, s == 0 ? 1 : 0);
                    MemorySegment g = a.allocateFrom(JAVA_FLOAT, floats(list(c.get("grads")).get(s)));
                    k.check(k.tri_sgd_update_f32(ctx1, n, p, g, momentum == 0f ? MemorySegment.NULL : buf, params),
                            "tri_sgd_update_f32", "case", name, "step", s);
                    String at = name + " step " + (s + 1);
                    assertBitsEqual(floats(list(c.get("p")).get(s)), p.toArray(JAVA_FLOAT), at + " param");
                    if (momentum != 0f) {
                        assertBitsEqual(floats(list(c.get("momentum_buf")).get(s)), buf.toArray(JAVA_FLOAT),
                                at + " momentum buffer");
                    }
                }
            }
        }
        assertEquals(3, seen, "sgd cases in the golden file");
    }

    @Test
    void adamAndAdamWFollowPyTorchBitForBit() {
        int seen = 0;
        for (Map<String, Object> c : casesOf("adam")) {
            seen++;
            String name = (String) c.get("name");
            int n = (int) num(c.get("n"));
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = a.allocateFrom(JAVA_FLOAT, floats(c.get("p0")));
                MemorySegment m = a.allocate(JAVA_FLOAT, n);
                MemorySegment v = a.allocate(JAVA_FLOAT, n);
                MemorySegment params = adamParams(a, (float) num(c.get("lr")), (float) num(c.get("beta1")),
                        (float) num(c.get("beta2")), (float) num(c.get("eps")), (float) num(c.get("weight_decay")),
                        Boolean.TRUE.equals(c.get("decoupled")), 1);
                for (int s = 0; s < steps; s++) {
                    tri_adam_params.step(params, s + 1);
                    MemorySegment g = a.allocateFrom(JAVA_FLOAT, floats(list(c.get("grads")).get(s)));
                    k.check(k.tri_adam_update_f32(ctx1, n, p, g, m, v, params), "tri_adam_update_f32", "case",
                            name, "step", s + 1);
                    String at = name + " step " + (s + 1);
                    assertBitsEqual(floats(list(c.get("p")).get(s)), p.toArray(JAVA_FLOAT), at + " param");
                    assertBitsEqual(floats(list(c.get("m")).get(s)), m.toArray(JAVA_FLOAT), at + " exp_avg");
                    assertBitsEqual(floats(list(c.get("v")).get(s)), v.toArray(JAVA_FLOAT), at + " exp_avg_sq");
                }
            }
        }
        assertEquals(3, seen, "adam cases in the golden file");
    }

    @Test
    void emaFollowsPyTorchBitForBit() {
        int seen = 0;
        for (Map<String, Object> c : casesOf("ema")) {
            seen++;
            String name = (String) c.get("name");
            int n = (int) num(c.get("n"));
            float decay = (float) num(c.get("decay"));
            try (Arena a = Arena.ofConfined()) {
                MemorySegment ema = a.allocateFrom(JAVA_FLOAT, floats(c.get("ema0")));
                for (int s = 0; s < steps; s++) {
                    MemorySegment p = a.allocateFrom(JAVA_FLOAT, floats(list(c.get("params")).get(s)));
                    k.check(k.tri_ema_update_f32(ctx1, n, ema, p, decay), "tri_ema_update_f32", "case", name);
                    assertBitsEqual(floats(list(c.get("ema")).get(s)), ema.toArray(JAVA_FLOAT),
                            name + " step " + (s + 1));
                }
            }
        }
        assertEquals(2, seen, "ema cases in the golden file");
    }

    /** Large tensors run in parallel chunks; each element must still get exactly its own update. */
    @Test
    void parallelUpdatesEqualSlicedUpdates() {
        int n = 100_003;
        int slice = 1000;
        Random r = new Random(3);
        float[] p0 = gaussian(r, n);
        float[] g = gaussian(r, n);
        float[] state = gaussian(r, n);
        float[] v0 = new float[n];
        for (int i = 0; i < n; i++) {
            v0[i] = state[i] * state[i];
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sgd = tri_sgd_params.allocate(a);
            tri_sgd_params.lr(sgd, 0.1f);
            tri_sgd_params.momentum(sgd, 0.9f);
            tri_sgd_params.weight_decay(sgd, 0.01f);
            MemorySegment adam = adamParams(a, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, true, 7);
            List<float[]> whole = run(a, n, p0, g, state, v0, sgd, adam, ctx2);
            List<float[]> pieces = run(a, slice, p0, g, state, v0, sgd, adam, ctx1);
            for (int t = 0; t < whole.size(); t++) {
                assertBitsEqual(pieces.get(t), whole.get(t), "output " + t + " of the whole-tensor updates");
            }
        }
    }

    /** sgd (p, buf), adam (p, m, v) and ema (ema) after one update made slice elements at a time. */
    private static List<float[]> run(Arena a, int slice, float[] p0, float[] g, float[] state, float[] v0,
                                     MemorySegment sgd, MemorySegment adam, MemorySegment ctx) {
        int n = p0.length;
        MemorySegment ps = a.allocateFrom(JAVA_FLOAT, p0);
        MemorySegment gs = a.allocateFrom(JAVA_FLOAT, g);
        MemorySegment buf = a.allocateFrom(JAVA_FLOAT, state);
        MemorySegment pa = a.allocateFrom(JAVA_FLOAT, p0);
        MemorySegment m = a.allocateFrom(JAVA_FLOAT, state);
        MemorySegment v = a.allocateFrom(JAVA_FLOAT, v0);
        MemorySegment ema = a.allocateFrom(JAVA_FLOAT, state);
        for (int i = 0; i < n; i += slice) {
            int len = Math.min(slice, n - i);
            long off = (long) i * Float.BYTES;
            long bytes = (long) len * Float.BYTES;
            k.check(k.tri_sgd_update_f32(ctx, len, ps.asSlice(off, bytes), gs.asSlice(off, bytes),
                    buf.asSlice(off, bytes), sgd), "tri_sgd_update_f32");
            k.check(k.tri_adam_update_f32(ctx, len, pa.asSlice(off, bytes), gs.asSlice(off, bytes),
                    m.asSlice(off, bytes), v.asSlice(off, bytes), adam), "tri_adam_update_f32");
            k.check(k.tri_ema_update_f32(ctx, len, ema.asSlice(off, bytes), gs.asSlice(off, bytes), 0.99f),
                    "tri_ema_update_f32");
        }
        List<float[]> out = new ArrayList<>();
        for (MemorySegment s : new MemorySegment[] {ps, buf, pa, m, v, ema}) {
            out.add(s.toArray(JAVA_FLOAT));
        }
        return out;
    }

    @Test
    void badHyperparametersAreRejectedWithTheirValues() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment x = a.allocate(JAVA_FLOAT, 4);
            MemorySegment y = a.allocate(JAVA_FLOAT, 4);
            MemorySegment z = a.allocate(JAVA_FLOAT, 4);
            MemorySegment w = a.allocate(JAVA_FLOAT, 4);

            assertAdamInvalid(a, x, y, z, w, p -> tri_adam_params.step(p, 0), "step=0");
            assertAdamInvalid(a, x, y, z, w, p -> tri_adam_params.lr(p, -1e-3f), "lr=-0.001");
            assertAdamInvalid(a, x, y, z, w, p -> tri_adam_params.beta1(p, 1f), "beta1=1");
            assertAdamInvalid(a, x, y, z, w, p -> tri_adam_params.beta2(p, -0.5f), "beta2=-0.5");
            assertAdamInvalid(a, x, y, z, w, p -> tri_adam_params.eps(p, 0f), "eps=0");
            assertAdamInvalid(a, x, y, z, w, p -> tri_adam_params.weight_decay(p, Float.NaN), "weight_decay=nan");
            MemorySegment ok = adamParams(a, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, 1);
            assertInvalid(k.tri_adam_update_f32(ctx1, 4, x, y, z, MemorySegment.NULL, ok), "tri_adam_update_f32",
                    "v is NULL");
            assertInvalid(k.tri_adam_update_f32(ctx1, 4, x, y, z, w, MemorySegment.NULL), "tri_adam_update_f32",
                    "params is NULL");
            assertInvalid(k.tri_adam_update_f32(ctx1, -4, x, y, z, w, ok), "tri_adam_update_f32", "n=-4");

            MemorySegment sgd = tri_sgd_params.allocate(a);
            tri_sgd_params.lr(sgd, 0.1f);
            tri_sgd_params.momentum(sgd, 0.9f);
            assertInvalid(k.tri_sgd_update_f32(ctx1, 4, x, y, MemorySegment.NULL, sgd), "tri_sgd_update_f32",
                    "momentum_buf is NULL");
            tri_sgd_params.nesterov(sgd, 1);
            tri_sgd_params.dampening(sgd, 0.1f);
            assertInvalid(k.tri_sgd_update_f32(ctx1, 4, x, y, z, sgd), "tri_sgd_update_f32", "dampening=0.1");
            tri_sgd_params.dampening(sgd, 0f);
            tri_sgd_params.momentum(sgd, 0f);
            assertInvalid(k.tri_sgd_update_f32(ctx1, 4, x, y, z, sgd), "tri_sgd_update_f32", "momentum=0");
            tri_sgd_params.nesterov(sgd, 0);
            tri_sgd_params.lr(sgd, Float.POSITIVE_INFINITY);
            assertInvalid(k.tri_sgd_update_f32(ctx1, 4, x, y, z, sgd), "tri_sgd_update_f32", "lr=inf");
            tri_sgd_params.lr(sgd, 0.1f);
            // Without momentum the buffer is not needed.
            assertEquals(triptych_h.TRI_OK, k.tri_sgd_update_f32(ctx1, 4, x, y, MemorySegment.NULL, sgd));

            assertInvalid(k.tri_ema_update_f32(ctx1, 4, x, y, 1.5f), "tri_ema_update_f32", "decay=1.5");
            assertInvalid(k.tri_ema_update_f32(ctx1, 4, x, MemorySegment.NULL, 0.9f), "tri_ema_update_f32",
                    "p is NULL");
            assertInvalid(k.tri_ema_update_f32(MemorySegment.NULL, 4, x, y, 0.9f), "tri_ema_update_f32",
                    "context is NULL");
            // n == 0 is a no-op that touches no tensor.
            assertEquals(triptych_h.TRI_OK, k.tri_ema_update_f32(ctx1, 0, MemorySegment.NULL, MemorySegment.NULL,
                    0.9f));
            assertEquals(triptych_h.TRI_OK, k.tri_adam_update_f32(ctx1, 0, MemorySegment.NULL, MemorySegment.NULL,
                    MemorySegment.NULL, MemorySegment.NULL, ok));
        }
    }

    private static void assertAdamInvalid(Arena a, MemorySegment p, MemorySegment g, MemorySegment m,
                                          MemorySegment v, Consumer<MemorySegment> spoil, String fragment) {
        MemorySegment params = adamParams(a, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, 1);
        spoil.accept(params);
        assertInvalid(k.tri_adam_update_f32(ctx1, 4, p, g, m, v, params), "tri_adam_update_f32", fragment);
    }

    private static void assertInvalid(int status, String call, String fragment) {
        assertEquals(triptych_h.TRI_ERR_INVALID_ARGUMENT, status, call + " status");
        String message = Downcalls.string(k.tri_last_error());
        assertTrue(message.startsWith(call + ": ") && message.contains(fragment), message);
    }

    private static MemorySegment adamParams(Arena a, float lr, float beta1, float beta2, float eps, float wd,
                                            boolean decoupled, long step) {
        MemorySegment params = tri_adam_params.allocate(a);
        tri_adam_params.lr(params, lr);
        tri_adam_params.beta1(params, beta1);
        tri_adam_params.beta2(params, beta2);
        tri_adam_params.eps(params, eps);
        tri_adam_params.weight_decay(params, wd);
        tri_adam_params.decoupled(params, decoupled ? 1 : 0);
        tri_adam_params.step(params, step);
        return params;
    }

    private static float[] gaussian(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static List<Map<String, Object>> casesOf(String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object c : cases) {
            if (kind.equals(obj(c).get("kind"))) {
                out.add(obj(c));
            }
        }
        assertFalse(out.isEmpty(), "no " + kind + " case in the golden file");
        return out;
    }

    private static void assertBitsEqual(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                double rel = Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), Float.MIN_NORMAL);
                throw new AssertionError(String.format("%s: element %d is %s, PyTorch has %s (%d ulp, %.3g relative)",
                        what, i, got[i], want[i], Math.abs(Float.floatToRawIntBits(got[i])
                                - Float.floatToRawIntBits(want[i])), rel));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static double num(Object o) {
        return (Double) o;
    }

    /** The golden file stores each float32 as the decimal of its exact double value, so this cast is exact. */
    private static float[] floats(Object o) {
        List<Object> values = list(o);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) num(values.get(i));
        }
        return out;
    }

    /** Just enough JSON for the golden file: objects, arrays, numbers, strings without escapes, literals. */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object parse() {
            Object v = value();
            skipSpace();
            if (i != s.length()) {
                throw error("trailing characters");
            }
            return v;
        }

        private Object value() {
            skipSpace();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                if (!peek('}')) {
                    do {
                        skipSpace();
                        String key = string();
                        expect(':');
                        m.put(key, value());
                    } while (accept(','));
                }
                expect('}');
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                if (!peek(']')) {
                    do {
                        l.add(value());
                    } while (accept(','));
                }
                expect(']');
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String literal : new String[] {"true", "false", "null"}) {
                if (s.startsWith(literal, i)) {
                    i += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("unexpected character '" + c + "'");
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            int end = s.indexOf('"', i);
            if (end < 0 || s.substring(i, end).indexOf('\\') >= 0) {
                throw error("unterminated string or escape (not needed by the golden file)");
            }
            String out = s.substring(i, end);
            i = end + 1;
            return out;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peek(char c) {
            skipSpace();
            return i < s.length() && s.charAt(i) == c;
        }

        private boolean accept(char c) {
            if (peek(c)) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!accept(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalStateException error(String what) {
            return new IllegalStateException("optim_kernels.json at character " + i + ": " + what);
        }
    }
}
