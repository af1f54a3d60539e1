package io.triptych.engine.cuda;

import io.triptych.engine.Backends;
import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.memory.AllocatorStats;
import io.triptych.engine.ops.F;
import io.triptych.engine.ops.StepCoefficients;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.Close;
import io.triptych.engine.testing.RequiresCuda;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sampling-like loop (conv + group norm + SiLU blocks, then a DDIM-style step, several times) captured as one CUDA
 * graph: replays give what eager execution gives, allocate nothing, keep their memory to themselves, and a capture
 * that breaks the rules fails cleanly and leaves the backend usable.
 */
@RequiresCuda
class CudaGraphTest {
    private static final Device GPU = Device.cuda(0);
    private static final int[] X = {4, 8, 16, 16};
    private static final int STEPS = 5;

    /** Parameters of the little denoiser, made once in the test's scope. */
    private record Net(Tensor w1, Tensor b1, Tensor gamma, Tensor beta, Tensor w2, Tensor b2) {
        static Net make() {
            Generator gen = new Generator(9);
            return new Net(F.affine(Tensor.randn(gen, GPU, 32, 8, 3, 3), 0.1f, 0f), Tensor.randn(gen, GPU, 32),
                    Tensor.ones(GPU, 32), Tensor.zeros(GPU, 32), F.affine(Tensor.randn(gen, GPU, 8, 32, 3, 3), 0.05f,
                    0f), Tensor.randn(gen, GPU, 8));
        }

        Tensor eps(Tensor x) {
            Tensor h = F.silu(F.groupNorm(F.conv2d(x, w1, b1, 1, 1), 8, gamma, beta, 1e-5f));
            return F.conv2d(h, w2, b2, 1, 1);
        }
    }

    /** STEPS DDIM-like steps on x in place: x <- a_t x + b_t eps(x). */
    private static void sample(Net net, Tensor x) {
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            Tensor cur = x;
            for (int t = 0; t < STEPS; t++) {
                double a = 1.0 / Math.sqrt(0.9 + 0.01 * t);
                StepCoefficients c = new StepCoefficients(a, -0.3 * a, 1.0, 1.0, -1.0, 0.0, 0.95, 0.3, 0.0, 0.0);
                cur = F.denoiseStep(cur, net.eps(cur), null, c, null)[0];
            }
            F.copyInto(cur, x);
        }
    }

    @Test
    void replayMatchesEagerAndAllocatesNothing() {
        CudaBackend be = Backends.cuda(0);
        try (Scope s = Scope.open()) {
            Net net = Net.make();
            float[] start = Tensor.randn(new Generator(10), Device.cpu(), X).toFloatArray();
            Tensor x = Tensor.of(GPU, start, X);
            sample(net, x);
            float[] once = x.toFloatArray();
            sample(net, x);
            float[] twice = x.toFloatArray();

            x.copyFrom(start);
            try (CudaGraph graph = CudaGraph.capture(be, () -> sample(net, x))) {
                assertTrue(graph.reservedBytes() > 0, "the graph keeps the blocks its body used");
                x.copyFrom(start);
                AllocatorStats before = be.allocator().stats();
                graph.replay();
                be.synchronize();
                Close.assertClose("one replay", x.toFloatArray(), once, 1e-6);
                graph.replay();
                graph.replay();
                x.copyFrom(once);
                graph.replay();
                Close.assertClose("a replay after new input", x.toFloatArray(), twice, 1e-6);
                AllocatorStats after = be.allocator().stats();
                assertEquals(before.nativeAllocations(), after.nativeAllocations(), "replays allocate nothing");
                assertEquals(before.bytesInUse(), after.bytesInUse());
                try (Scope inner = Scope.open()) {
                    Tensor other = Tensor.full(GPU, 7f, X);
                    graph.replay();
                    be.synchronize();
                    assertEquals(7f, other.toFloatArray()[123], "a replay never writes memory it does not own");
                }
            }
            assertEquals(0, be.allocator().bytesInGraphPools(), "closing the graph gives its memory back");
        }
    }

    @Test
    void aCaptureThatBreaksTheRulesFailsCleanly() {
        CudaBackend be = Backends.cuda(0);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Generator(11), GPU, 1000);
            boolean[] warm = {false};
            IllegalStateException sync = assertThrows(IllegalStateException.class, () -> CudaGraph.capture(be, () -> {
                try (Scope inner = Scope.open()) {
                    F.copyInto(F.exp(x), x);
                    if (warm[0]) {
                        x.toFloatArray();
                    }
                    warm[0] = true;
                }
            }));
            assertTrue(sync.getMessage().contains("during CUDA graph capture"), sync.getMessage());
            IllegalStateException alloc = assertThrows(IllegalStateException.class, () -> {
                int[] n = {1000};
                CudaGraph.capture(be, () -> {
                    try (Scope inner = Scope.open()) {
                        Tensor.zeros(GPU, n[0] *= 1000);
                    }
                });
            });
            assertTrue(alloc.getMessage().contains("before capture"), alloc.getMessage());
            assertEquals(0, be.allocator().bytesInGraphPools());
            Tensor y = F.mul(x, x);
            assertTrue(Float.isFinite(F.sum(y).item()), "the backend still works after failed captures");
        }
    }
}
