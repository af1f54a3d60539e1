package io.triptych.bench.gpu;

import io.triptych.engine.Backends;
import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.cuda.CudaBackend;
import io.triptych.engine.cuda.CudaGraph;
import io.triptych.engine.ops.F;
import io.triptych.engine.ops.StepCoefficients;
import io.triptych.engine.random.Generator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * JMH on the GPU: wall-clock time per operation as a user sees it (launch overhead included), each invocation ending
 * with a synchronisation so the device work is inside the measurement. The CUDA-event medians of the same workloads
 * are {@link GpuReport}'s.
 */
public class GpuBenchmarks {
    private static final Device GPU = Device.cuda(0);

    /** One workload convolution at one batch, forward alone and forward + backward. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public static class Conv {
        @Param({"D2", "G2", "U2"})
        public String shape;

        @Param({"64", "256"})
        public int batch;

        private CudaBackend be;
        private Scope state;
        private Tensor x;
        private Tensor w;
        private Tensor gy;
        private GpuWorkloads.Conv c;

        @Setup(Level.Trial)
        public void setUp() {
            be = Backends.cuda(0);
            c = GpuWorkloads.conv(shape);
            state = Scope.detached("bench");
            Generator gen = new Generator(1);
            try (Scope.Entered e = state.enter()) {
                x = Tensor.randn(gen, GPU, batch, c.cIn(), c.h(), c.w()).requiresGrad(true);
                w = c.weight(gen, GPU).requiresGrad(true);
                try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
                    gy = Tensor.randn(gen, GPU, c.apply(x, w).shape()).keep();
                }
            }
        }

        @Benchmark
        public void forward() {
            try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
                c.apply(x, w);
            }
            be.synchronize();
        }

        @Benchmark
        public void forwardBackward() {
            try (Scope s = Scope.open()) {
                c.apply(x, w).backward(gy);
            }
            be.synchronize();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            state.close();
        }
    }

    /**
     * The DDIM-50 loop over the stack at batch 64, eager and as one replayed CUDA graph; 50 steps per operation, each
     * from the same starting noise (the untrained stack would otherwise blow the sample up over many loops).
     */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public static class Ddim {
        private CudaBackend be;
        private Scope state;
        private GpuWorkloads.Stack stack;
        private StepCoefficients[] steps;
        private Tensor start;
        private Tensor x;
        private CudaGraph graph;

        @Setup(Level.Trial)
        public void setUp() {
            be = Backends.cuda(0);
            state = Scope.detached("bench");
            stack = new GpuWorkloads.Stack(GPU);
            steps = GpuWorkloads.ddim();
            try (Scope.Entered e = state.enter()) {
                start = Tensor.randn(new Generator(2), GPU, 64, 1, GpuWorkloads.SIZE, GpuWorkloads.SIZE);
                x = Tensor.zerosLike(start);
                graph = CudaGraph.capture(be, () -> {
                    F.copyInto(start, x);
                    GpuWorkloads.sample(stack, steps, x);
                });
            }
        }

        @Benchmark
        public void eager() {
            F.copyInto(start, x);
            GpuWorkloads.sample(stack, steps, x);
            be.synchronize();
        }

        @Benchmark
        public void graphReplay() {
            graph.replay();
            be.synchronize();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            graph.close();
            stack.close();
            state.close();
        }
    }

    /** Bandwidth-bound kernels on 16M floats: SiLU and one DDPM step (noise drawn in-kernel). */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public static class Elementwise {
        private CudaBackend be;
        private Scope state;
        private Tensor a;
        private Tensor m;
        private final Generator noise = new Generator(3);
        private final StepCoefficients ddpm = new StepCoefficients(1.02, -0.2, 1.0, 0.98, -0.2, 0.1, 0.8, 0.0, 0.0,
                0.05);

        @Setup(Level.Trial)
        public void setUp() {
            be = Backends.cuda(0);
            state = Scope.detached("bench");
            try (Scope.Entered e = state.enter()) {
                a = Tensor.randn(new Generator(4), GPU, 1 << 24);
                m = Tensor.randn(new Generator(5), GPU, 1 << 24);
            }
        }

        @Benchmark
        public void silu() {
            try (Scope s = Scope.open()) {
                F.silu(a);
            }
            be.synchronize();
        }

        @Benchmark
        public void denoiseStep() {
            try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
                F.denoiseStep(a, m, null, ddpm, noise);
            }
            be.synchronize();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            state.close();
        }
    }
}
