package io.triptych.bench;

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

/** matmul at the GEMM shapes the DCGAN's convolutions lower to, and an MLP layer. */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GemmBenchmark {
    @Param({"D2-fwd", "G2-fwd", "D1-fwd", "MLP-256x128x128"})
    public String shape;

    private Scope state;
    private Tensor a;
    private Tensor b;

    @Setup(Level.Trial)
    public void setUp() {
        DcganShapes.Gemm g = DcganShapes.gemm(shape);
        state = Scope.detached("bench");
        Generator gen = new Generator(2);
        try (Scope.Entered e = state.enter()) {
            a = Tensor.randn(gen, g.m(), g.k());
            b = Tensor.randn(gen, g.k(), g.n());
        }
    }

    @Benchmark
    public float matmul() {
        try (Scope s = Scope.open()) {
            return F.matmul(a, b).data().get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }
}
