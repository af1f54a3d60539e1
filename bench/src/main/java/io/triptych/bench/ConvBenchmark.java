package io.triptych.bench;

import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
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

import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * conv2d / conv_transpose2d at the DCGAN shapes: forward alone, and forward + backward to input and weight (what a
 * training step does), through the engine's ops and autograd as a user calls them.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConvBenchmark {
    @Param({"D1", "D2", "D3", "G1", "G2", "G3"})
    public String shape;

    private Scope state;
    private Tensor x;
    private Tensor w;
    private Tensor gy;
    private DcganShapes.Conv c;

    @Setup(Level.Trial)
    public void setUp() {
        c = DcganShapes.conv(shape);
        state = Scope.detached("bench");
        Generator gen = new Generator(1);
        try (Scope.Entered e = state.enter()) {
            x = Tensor.randn(gen, c.n(), c.cIn(), c.h(), c.w()).requiresGrad(true);
            w = c.transposed() ? Tensor.randn(gen, c.cIn(), c.cOut(), c.k(), c.k()).requiresGrad(true)
                    : Tensor.randn(gen, c.cOut(), c.cIn(), c.k(), c.k()).requiresGrad(true);
            try (Scope s = Scope.open()) {
                gy = Tensor.randn(gen, forward().shape()).keep();
            }
        }
    }

    private Tensor forward() {
        return c.transposed() ? F.convTranspose2d(x, w, null, c.stride(), c.pad())
                : F.conv2d(x, w, null, c.stride(), c.pad());
    }

    @Benchmark
    public float forwardOnly() {
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            return forward().data().get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    @Benchmark
    public float forwardBackward() {
        try (Scope s = Scope.open()) {
            forward().backward(gy);
            return w.grad().data().get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }
}
