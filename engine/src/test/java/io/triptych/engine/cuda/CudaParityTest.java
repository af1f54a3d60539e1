package io.triptych.engine.cuda;

import io.triptych.bindings.tri_conv2d_desc;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Convolutions;
import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.Conv2dOptions;
import io.triptych.engine.ops.F;
import io.triptych.engine.ops.StepCoefficients;
import io.triptych.engine.optim.Adam;
import io.triptych.engine.optim.Ema;
import io.triptych.engine.optim.Optimizer;
import io.triptych.engine.optim.Sgd;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.Close;
import io.triptych.engine.testing.RequiresCuda;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every CUDA kernel against the CPU backend on the same random inputs of several shapes, forward and backward,
 * through the engine's ops as users call them (and the kernel library directly where no op reaches: the fused
 * activations and the custom convolution kernels whatever the plan chose). Relative error (max |a - e| / max |e|)
 * at most 1e-4 in float32 and 3e-3 where TF32 tensor cores compute (the convolutions). With the system property
 * {@code triptych.gpu.report} set, every comparison's error is appended to that file for bench/gpu/run.sh's table.
 */
@RequiresCuda
class CudaParityTest {
    static final Device GPU = Device.cuda(0);
    static final Device CPU = Device.cpu();
    static final double F32 = Close.F32;
    static final double TF32 = 3e-3;
    private static final Map<String, double[]> REPORT = new TreeMap<>();

    /** A host-side input: float data (a leaf that may require grad) or int data (labels, indices). */
    record In(int[] shape, float[] f, int[] i) {
        Tensor on(Device d, boolean grad) {
            return f != null ? Tensor.of(d, f, shape).requiresGrad(grad) : Tensor.ofInts(d, i, shape);
        }

        static In randn(long seed, int... shape) {
            Random r = new Random(seed);
            float[] v = new float[count(shape)];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) r.nextGaussian();
            }
            return new In(shape, v, null);
        }

        static In uniform(long seed, float lo, float hi, int... shape) {
            Random r = new Random(seed);
            float[] v = new float[count(shape)];
            for (int k = 0; k < v.length; k++) {
                v[k] = lo + (hi - lo) * r.nextFloat();
            }
            return new In(shape, v, null);
        }

        static In ints(long seed, int bound, int... shape) {
            Random r = new Random(seed);
            int[] v = new int[count(shape)];
            for (int k = 0; k < v.length; k++) {
                v[k] = r.nextInt(bound);
            }
            return new In(shape, null, v);
        }

        private static int count(int[] shape) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Runs {@code op} on CPU and CUDA copies of {@code inputs}; compares outputs and, if asked, input gradients. */
    static void parity(String name, double tol, boolean grads, Function<Tensor[], Tensor> op, In... inputs) {
        try (Scope s = Scope.open()) {
            Tensor[] c = new Tensor[inputs.length];
            Tensor[] g = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                c[k] = inputs[k].on(CPU, grads);
                g[k] = inputs[k].on(GPU, grads);
            }
            Tensor yc = op.apply(c);
            Tensor yg = op.apply(g);
            compare(name, tol, yg, yc);
            if (!grads) {
                return;
            }
            In r = In.randn(name.hashCode(), yc.shape());
            F.sum(F.mul(yc, r.on(CPU, false))).backward();
            F.sum(F.mul(yg, r.on(GPU, false))).backward();
            for (int k = 0; k < inputs.length; k++) {
                if (inputs[k].f() != null && c[k].grad() != null) {
                    compare(name + " grad[" + k + "]", tol, g[k].grad(), c[k].grad());
                }
            }
        }
    }

    static void compare(String name, double tol, Tensor gpu, Tensor cpu) {
        assertTrue(Arrays.equals(cpu.shape(), gpu.shape()), name + ": shapes differ");
        compare(name, tol, gpu.toFloatArray(), cpu.toFloatArray());
    }

    static void compare(String name, double tol, float[] gpu, float[] cpu) {
        double err = Close.relativeError(gpu, cpu);
        synchronized (REPORT) {
            REPORT.put(name, new double[] {err, tol});
        }
        assertTrue(err <= tol, String.format(Locale.ROOT, "%s: CUDA vs CPU relative error %.3g > %.1g", name, err,
                tol));
    }

    @AfterAll
    static void writeReport() throws IOException {
        String file = System.getProperty("triptych.gpu.report");
        if (file == null || file.isBlank()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        REPORT.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s\t%.3e\t%.0e%n", k, v[0], v[1])));
        Files.writeString(Path.of(file), sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static final int[][] SHAPES = {{7}, {3, 65, 33}, {(1 << 16) + 3}};

    @Test
    void unaryOps() {
        for (int[] shape : SHAPES) {
            String sh = Arrays.toString(shape);
            In x = In.randn(1, shape);
            In pos = In.uniform(2, 0.1f, 3f, shape);
            parity("neg " + sh, F32, true, t -> F.neg(t[0]), x);
            parity("exp " + sh, F32, true, t -> F.exp(t[0]), x);
            parity("log " + sh, F32, true, t -> F.log(t[0]), pos);
            parity("sqrt " + sh, F32, true, t -> F.sqrt(t[0]), pos);
            parity("rsqrt " + sh, F32, true, t -> F.rsqrt(t[0]), pos);
            parity("reciprocal " + sh, F32, true, t -> F.reciprocal(t[0]), pos);
            parity("relu " + sh, F32, true, t -> F.relu(t[0]), x);
            parity("leaky_relu " + sh, F32, true, t -> F.leakyRelu(t[0], 0.2f), x);
            parity("silu " + sh, F32, true, t -> F.silu(t[0]), x);
            parity("gelu " + sh, F32, true, t -> F.gelu(t[0]), x);
            parity("tanh " + sh, F32, true, t -> F.tanh(t[0]), x);
            parity("sigmoid " + sh, F32, true, t -> F.sigmoid(t[0]), x);
            parity("softplus " + sh, F32, true, t -> F.softplus(t[0], 2f, 10f), x);
            parity("clamp " + sh, F32, true, t -> F.clamp(t[0], -0.5f, 0.7f), x);
            parity("pow " + sh, F32, true, t -> F.pow(t[0], 2.5f), pos);
            parity("affine " + sh, F32, true, t -> F.affine(t[0], 1.5f, -0.25f), x);
            parity("abs " + sh, F32, true, t -> F.abs(t[0]), x);
            parity("square " + sh, F32, true, t -> F.square(t[0]), x);
        }
    }

    @Test
    void binaryOpsWithBroadcasting() {
        int[][][] pairs = {{{4, 3, 5}, {3, 1}}, {{2, 1, 6}, {5, 1}}, {{3, 65, 33}, {3, 65, 33}}, {{1000}, {1}}};
        for (int[][] p : pairs) {
            String sh = Arrays.toString(p[0]) + " op " + Arrays.toString(p[1]);
            In a = In.randn(3, p[0]);
            In b = In.randn(4, p[1]);
            In pa = In.uniform(5, 0.5f, 2f, p[0]);
            In nz = In.uniform(6, 0.5f, 2f, p[1]);
            parity("add " + sh, F32, true, t -> F.add(t[0], t[1]), a, b);
            parity("sub " + sh, F32, true, t -> F.sub(t[0], t[1]), a, b);
            parity("mul " + sh, F32, true, t -> F.mul(t[0], t[1]), a, b);
            parity("div " + sh, F32, true, t -> F.div(t[0], t[1]), a, nz);
            parity("pow " + sh, F32, true, t -> F.pow(t[0], t[1]), pa, b);
            parity("maximum " + sh, F32, true, t -> F.maximum(t[0], t[1]), a, b);
            parity("minimum " + sh, F32, true, t -> F.minimum(t[0], t[1]), a, b);
        }
    }

    @Test
    void gemmAndLinear() {
        parity("linear [32,70]x[50,70]+b", F32, true, t -> F.linear(t[0], t[1], t[2]), In.randn(7, 32, 70),
                In.randn(8, 50, 70), In.randn(9, 50));
        parity("matmul [3,17,29]x[3,29,11]", F32, true, t -> F.matmul(t[0], t[1]), In.randn(10, 3, 17, 29),
                In.randn(11, 3, 29, 11));
        parity("matmul [256,1024]x[1024,128]", F32, true, t -> F.matmul(t[0], t[1]), In.randn(12, 256, 1024),
                In.randn(13, 1024, 128));
        parity("matmul [5,1]x[1,7]", F32, true, t -> F.matmul(t[0], t[1]), In.randn(14, 5, 1), In.randn(15, 1, 7));
    }

    @Test
    void fusedBiasActivations() {
        int[] acts = {-1, triptych_h.TRI_UNARY_RELU, triptych_h.TRI_UNARY_LEAKY_RELU, triptych_h.TRI_UNARY_SILU,
            triptych_h.TRI_UNARY_GELU, triptych_h.TRI_UNARY_TANH, triptych_h.TRI_UNARY_SIGMOID};
        for (int act : acts) {
            for (int[] s : new int[][] {{4, 16, 49}, {64, 33, 1}, {2, 3, 4097}}) {
                In x = In.randn(16, s);
                In bias = In.randn(17, s[1]);
                float[][] out = new float[2][];
                Device[] devices = {CPU, GPU};
                for (int d = 0; d < 2; d++) {
                    try (Scope sc = Scope.open()) {
                        Tensor xt = x.on(devices[d], false);
                        Tensor bt = bias.on(devices[d], false);
                        Tensor y = Tensor.empty(devices[d], DType.F32, s);
                        Backend be = xt.backend();
                        be.kernels().check(be.kernels().tri_bias_act_f32(be.context(), s[0], s[1], s[2], xt.data(),
                                bt.data(), act, 0.1f, y.data()), "tri_bias_act_f32");
                        out[d] = y.toFloatArray();
                    }
                }
                compare("bias_act " + act + " " + Arrays.toString(s), F32, out[1], out[0]);
            }
        }
    }

    @Test
    void reductionsAndSoftmax() {
        In x = In.randn(18, 6, 129, 37);
        parity("sum all", F32, true, t -> F.sum(t[0]), x);
        parity("mean all", F32, true, t -> F.mean(t[0]), x);
        parity("sum dim 0", F32, true, t -> F.sum(t[0], new int[] {0}, false), x);
        parity("sum dims 1,2", F32, true, t -> F.sum(t[0], new int[] {1, 2}, true), x);
        parity("mean dims 0,2", F32, true, t -> F.mean(t[0], new int[] {0, 2}, false), x);
        parity("sum big", F32, true, t -> F.sum(t[0]), In.randn(19, 1 << 22));
        for (int[] s : new int[][] {{33, 257}, {4, 10}, {2, 4099}}) {
            In z = In.randn(20, s);
            parity("softmax " + Arrays.toString(s), F32, true, t -> F.softmax(t[0], -1), z);
            parity("log_softmax " + Arrays.toString(s), F32, true, t -> F.logSoftmax(t[0], -1), z);
        }
    }

    /** Convolution shapes: the DCGAN's, and the descriptor's corner cases (groups, dilation, stride 3, no pad). */
    static final Object[][] CONVS = {
        {"D1", new int[] {64, 1, 28, 28}, new int[] {64, 1, 4, 4}, Conv2dOptions.of(2, 1)},
        {"D2", new int[] {64, 64, 14, 14}, new int[] {128, 64, 4, 4}, Conv2dOptions.of(2, 1)},
        {"D3", new int[] {64, 128, 7, 7}, new int[] {1, 128, 7, 7}, Conv2dOptions.of(1, 0)},
        {"3x3 same", new int[] {8, 32, 16, 16}, new int[] {48, 32, 3, 3}, Conv2dOptions.of(1, 1)},
        {"grouped", new int[] {2, 8, 9, 9}, new int[] {8, 4, 3, 3}, Conv2dOptions.of(1, 1).withGroups(2)},
        {"dilated", new int[] {2, 3, 11, 11}, new int[] {5, 3, 3, 3}, Conv2dOptions.of(1, 2).withDilation(2, 2)},
        {"stride 3", new int[] {3, 5, 13, 10}, new int[] {7, 5, 2, 3}, Conv2dOptions.of(3, 0)},
    };

    /** Transposed convolutions: the DCGAN generator's, and output padding. */
    static final Object[][] TRANSPOSED = {
        {"G1", new int[] {64, 100, 1, 1}, new int[] {100, 128, 7, 7}, Conv2dOptions.of(1, 0)},
        {"G2", new int[] {64, 128, 7, 7}, new int[] {128, 64, 4, 4}, Conv2dOptions.of(2, 1)},
        {"G3", new int[] {64, 64, 14, 14}, new int[] {64, 1, 4, 4}, Conv2dOptions.of(2, 1)},
        {"output padding", new int[] {2, 6, 5, 5}, new int[] {6, 4, 3, 3}, Conv2dOptions.of(2, 1)
            .withOutputPadding(1, 1)},
    };

    @Test
    void convolutionsAsPlanned() {
        for (Object[] c : CONVS) {
            int[] w = (int[]) c[2];
            parity("conv2d " + c[0], TF32, true, t -> F.conv2d(t[0], t[1], t[2], (Conv2dOptions) c[3]),
                    In.randn(21, (int[]) c[1]), In.randn(22, w), In.randn(23, w[0]));
        }
        for (Object[] c : TRANSPOSED) {
            int[] w = (int[]) c[2];
            Conv2dOptions o = (Conv2dOptions) c[3];
            parity("conv_transpose2d " + c[0], TF32, true, t -> F.convTranspose2d(t[0], t[1], t[2], o),
                    In.randn(24, (int[]) c[1]), In.randn(25, w), In.randn(26, w[1] * o.groups()));
        }
        CudaBackend be = (CudaBackend) GPU.backend();
        assertTrue(be.convolutionPlans().size() >= 3 * CONVS.length, be.convolutionPlans().toString());
    }

    @Test
    void customConvolutionKernelsWhateverThePlan() {
        for (Object[] c : CONVS) {
            int[] x = (int[]) c[1];
            int[] w = (int[]) c[2];
            Conv2dOptions o = (Conv2dOptions) c[3];
            int hOut = (x[2] + 2 * o.padH() - o.dilationH() * (w[2] - 1) - 1) / o.strideH() + 1;
            int wOut = (x[3] + 2 * o.padW() - o.dilationW() * (w[3] - 1) - 1) / o.strideW() + 1;
            int[] y = {x[0], w[0], hOut, wOut};
            In xi = In.randn(27, x);
            In wi = In.randn(28, w);
            In bi = In.randn(29, w[0]);
            In gy = In.randn(30, y);
            float[][][] out = new float[2][][];
            Device[] devices = {CPU, GPU};
            for (int d = 0; d < 2; d++) {
                try (Scope s = Scope.open(); Arena arena = Arena.ofConfined()) {
                    Backend be = devices[d].backend();
                    Convolutions k = new Convolutions.Kernels(be);
                    MemorySegment desc = desc(arena, x, w, y, o);
                    Tensor xt = xi.on(devices[d], false);
                    Tensor wt = wi.on(devices[d], false);
                    Tensor bt = bi.on(devices[d], false);
                    Tensor gyt = gy.on(devices[d], false);
                    Tensor yt = Tensor.empty(devices[d], DType.F32, y);
                    Tensor gx = Tensor.empty(devices[d], DType.F32, x);
                    Tensor gw = Tensor.empty(devices[d], DType.F32, w);
                    Tensor gb = Tensor.empty(devices[d], DType.F32, w[0]);
                    try (Workspace ws = new Workspace(be, k.workspaceBytes(desc, triptych_h.TRI_CONV_FORWARD))) {
                        k.forward(desc, xt.data(), wt.data(), bt.data(), yt.data(), ws.segment(), ws.bytes());
                    }
                    try (Workspace ws = new Workspace(be, k.workspaceBytes(desc, triptych_h.TRI_CONV_BACKWARD_DATA))) {
                        k.backwardData(desc, gyt.data(), wt.data(), gx.data(), ws.segment(), ws.bytes());
                    }
                    try (Workspace ws = new Workspace(be, k.workspaceBytes(desc,
                            triptych_h.TRI_CONV_BACKWARD_WEIGHT))) {
                        k.backwardWeight(desc, xt.data(), gyt.data(), gw.data(), gb.data(), ws.segment(), ws.bytes());
                    }
                    out[d] = new float[][] {yt.toFloatArray(), gx.toFloatArray(), gw.toFloatArray(),
                        gb.toFloatArray()};
                }
            }
            String[] what = {"forward", "backward-data", "backward-weight", "bias gradient"};
            for (int i = 0; i < 4; i++) {
                compare("custom conv " + c[0] + " " + what[i], TF32, out[1][i], out[0][i]);
            }
        }
    }

    /** Workspace memory from a backend's allocator, for calling the kernels directly. */
    private record Workspace(Backend be, io.triptych.engine.memory.Block block, long bytes) implements AutoCloseable {
        Workspace(Backend be, long bytes) {
            this(be, bytes > 0 ? be.allocator().allocate(bytes) : null, bytes);
        }

        MemorySegment segment() {
            return block == null ? MemorySegment.NULL : block.segment();
        }

        @Override
        public void close() {
            if (block != null) {
                be.allocator().release(block);
            }
        }
    }

    static MemorySegment desc(Arena arena, int[] x, int[] w, int[] y, Conv2dOptions o) {
        MemorySegment d = tri_conv2d_desc.allocate(arena);
        tri_conv2d_desc.n(d, x[0]);
        tri_conv2d_desc.c_in(d, x[1]);
        tri_conv2d_desc.h_in(d, x[2]);
        tri_conv2d_desc.w_in(d, x[3]);
        tri_conv2d_desc.c_out(d, y[1]);
        tri_conv2d_desc.h_out(d, y[2]);
        tri_conv2d_desc.w_out(d, y[3]);
        tri_conv2d_desc.kernel_h(d, w[2]);
        tri_conv2d_desc.kernel_w(d, w[3]);
        tri_conv2d_desc.stride_h(d, o.strideH());
        tri_conv2d_desc.stride_w(d, o.strideW());
        tri_conv2d_desc.pad_h(d, o.padH());
        tri_conv2d_desc.pad_w(d, o.padW());
        tri_conv2d_desc.dilation_h(d, o.dilationH());
        tri_conv2d_desc.dilation_w(d, o.dilationW());
        tri_conv2d_desc.groups(d, o.groups());
        return d;
    }

    @Test
    void resampling() {
        In x = In.randn(31, 3, 5, 14, 14);
        parity("upsample_nearest x2", F32, true, t -> F.upsampleNearest(t[0], 2), x);
        parity("upsample_nearest x3", F32, true, t -> F.upsampleNearest(t[0], 3), In.randn(32, 2, 3, 7, 5));
        parity("avg_pool2d 2", F32, true, t -> F.avgPool2d(t[0], 2), x);
        parity("avg_pool2d 3", F32, true, t -> F.avgPool2d(t[0], 3), In.randn(33, 2, 3, 10, 11));
    }

    @Test
    void normalisations() {
        for (int[] s : new int[][] {{8, 16, 7, 7}, {64, 3, 28, 28}, {2, 64, 1, 1}}) {
            String sh = Arrays.toString(s);
            In x = In.randn(34, s);
            In gamma = In.uniform(35, 0.5f, 1.5f, s[1]);
            In beta = In.randn(36, s[1]);
            parity("batch_norm train " + sh, F32, true, t -> F.batchNorm(t[0], null, null, t[1], t[2], true, 0.1f,
                    1e-5f), x, gamma, beta);
            parity("batch_norm eval " + sh, F32, true, t -> {
                Tensor mean = Tensor.of(t[0].device(), In.randn(37, s[1]).f(), s[1]);
                Tensor var = Tensor.of(t[0].device(), In.uniform(38, 0.5f, 2f, s[1]).f(), s[1]);
                return F.batchNorm(t[0], mean, var, t[1], t[2], false, 0.1f, 1e-5f);
            }, x, gamma, beta);
            if (s[1] % 4 == 0) {
                parity("group_norm " + sh, F32, true, t -> F.groupNorm(t[0], 4, t[1], t[2], 1e-5f), x, gamma, beta);
            }
        }
        float[][] running = new float[2][];
        Device[] devices = {CPU, GPU};
        for (int d = 0; d < 2; d++) {
            try (Scope s = Scope.open()) {
                Tensor mean = Tensor.zeros(devices[d], 16);
                Tensor var = Tensor.ones(devices[d], 16);
                F.batchNorm(In.randn(39, 8, 16, 5, 5).on(devices[d], false), mean, var, null, null, true, 0.1f, 1e-5f);
                running[d] = F.concat(0, mean, var).toFloatArray();
            }
        }
        compare("batch_norm running statistics", F32, running[1], running[0]);
        for (int[] s : new int[][] {{33, 64}, {5, 4099}}) {
            parity("layer_norm " + Arrays.toString(s), F32, true,
                    t -> F.layerNorm(t[0], t[1], t[2], 1e-5f), In.randn(40, s), In.randn(41, s[1]), In.randn(42, s[1]));
        }
    }

    @Test
    void losses() {
        for (int n : new int[] {7, 1000, 100_003}) {
            parity("mse " + n, F32, true, t -> F.mseLoss(t[0], t[1]), In.randn(43, n), In.randn(44, n));
            parity("bce_with_logits " + n, F32, true, t -> F.bceWithLogits(t[0], t[1]), In.randn(45, n),
                    In.uniform(46, 0f, 1f, n));
            parity("gaussian_kl " + n, F32, true, t -> F.gaussianKl(t[0], t[1]), In.randn(47, n), In.randn(48, n));
        }
        parity("cross_entropy [64,10]", F32, true, t -> F.crossEntropy(t[0], t[1]), In.randn(49, 64, 10),
                In.ints(50, 10, 64));
        parity("nll [300,1000]", F32, true, t -> F.nllLoss(F.logSoftmax(t[0], -1), t[1]), In.randn(51, 300, 1000),
                In.ints(52, 1000, 300));
    }

    @Test
    void embeddingAndCopies() {
        parity("embedding", F32, true, t -> F.embedding(t[0], t[1]), In.randn(53, 50, 24), In.ints(54, 50, 7, 9));
        In x = In.randn(55, 4, 5, 6, 7);
        parity("permute", F32, true, t -> F.permute(t[0], 3, 1, 0, 2), x);
        parity("transpose", F32, true, t -> F.transpose(t[0], 1, 3), x);
        parity("slice", F32, true, t -> F.slice(t[0], 2, 1, 5), x);
        parity("concat", F32, true, t -> F.concat(1, t[0], t[1]), x, In.randn(56, 4, 3, 6, 7));
        parity("broadcast_to", F32, true, t -> F.broadcastTo(t[0], 3, 5, 6, 7), In.randn(57, 5, 1, 7));
    }

    @Test
    void samplingKernels() {
        for (int n : new int[] {5, 4096, 100_001}) {
            parity("dropout " + n, F32, true, t -> F.dropout(t[0], 0.3f, true, new Generator(58)), In.randn(59, n));
            parity("reparameterize " + n, F32, true, t -> F.reparameterize(t[0], t[1], new Generator(60)),
                    In.randn(61, n), In.randn(62, n));
            StepCoefficients ddpm = new StepCoefficients(1.02, -0.2, 1.0, 0.9, -0.5, 0.3, 0.6, 0.05, 0.0, 0.1);
            StepCoefficients dpm = new StepCoefficients(1.1, -0.45, 0.0, 0.8, -0.7, 0.4, 0.9, 0.0, -0.3, 0.0);
            for (int out = 0; out < 2; out++) {
                int which = out;
                parity("denoise ddpm-like " + n + (out == 0 ? " x_out" : " x0"), F32, false, t -> {
                    try (Grad.Mode off = Grad.off()) {
                        return F.denoiseStep(t[0], t[1], null, ddpm, new Generator(63))[which];
                    }
                }, In.randn(64, n), In.randn(65, n));
                parity("denoise dpm-like " + n + (out == 0 ? " x_out" : " x0"), F32, false, t -> {
                    try (Grad.Mode off = Grad.off()) {
                        return F.denoiseStep(t[0], t[1], t[2], dpm, null)[which];
                    }
                }, In.randn(66, n), In.randn(67, n), In.randn(68, n));
            }
        }
    }

    @Test
    void optimizerUpdates() {
        List<Function<List<Tensor>, Optimizer>> makers = List.of(
            p -> new Sgd(p, 0.1f, 0.9f, 0f, 1e-3f, true),
            p -> new Sgd(p, 0.05f, 0.5f, 0.1f, 0f, false),
            p -> Adam.adam(p, 1e-2f),
            p -> Adam.adamW(p, 1e-2f));
        String[] names = {"sgd nesterov", "sgd dampened", "adam", "adamw"};
        for (int m = 0; m < makers.size(); m++) {
            float[][] result = new float[2][];
            Device[] devices = {CPU, GPU};
            for (int d = 0; d < 2; d++) {
                try (Scope s = Scope.open()) {
                    Tensor p = In.randn(69, 1000).on(devices[d], true);
                    Tensor target = In.randn(70, 1000).on(devices[d], false);
                    List<Tensor> params = new ArrayList<>(List.of(p));
                    try (Optimizer opt = makers.get(m).apply(params); Ema ema = new Ema(params, 0.9f)) {
                        for (int step = 0; step < 3; step++) {
                            opt.zeroGrad();
                            try (Scope inner = Scope.open()) {
                                F.mseLoss(p, target).backward();
                            }
                            opt.step();
                            ema.update();
                        }
                        result[d] = F.concat(0, p.detach(), ema.average(0)).toFloatArray();
                    }
                }
            }
            compare("optimizer " + names[m] + " + ema", F32, result[1], result[0]);
        }
    }
}
