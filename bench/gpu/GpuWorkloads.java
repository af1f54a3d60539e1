package io.triptych.bench.gpu;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.ops.StepCoefficients;
import io.triptych.engine.random.Generator;

/**
 * The GPU workloads shared by {@link GpuReport} (CUDA-event timings) and {@link GpuBenchmarks} (JMH), and mirrored
 * line for line by bench/gpu/peer_gpu.py (keep the two equal): the models' convolutions at batch 64 and 256, and a
 * DDIM-50 sampling loop over a stack of conv + group-norm + SiLU blocks at the diffusion model's image size.
 */
public final class GpuWorkloads {
    private GpuWorkloads() {
    }

    /** A convolution: input [n, cIn, h, w]; weight [cOut, cIn, k, k] (transposed: [cIn, cOut, k, k]). */
    public record Conv(String name, boolean transposed, int cIn, int h, int w, int cOut, int k, int stride, int pad) {
        public Tensor weight(Generator gen, Device d) {
            return transposed ? Tensor.randn(gen, d, cIn, cOut, k, k) : Tensor.randn(gen, d, cOut, cIn, k, k);
        }

        public Tensor apply(Tensor x, Tensor w) {
            return transposed ? F.convTranspose2d(x, w, null, stride, pad) : F.conv2d(x, w, null, stride, pad);
        }
    }

    /** The DCGAN's convolutions (bench DcganShapes) and the stack's (U1-U3) on 28x28 MNIST images. */
    public static final Conv[] CONVS = {
        new Conv("D1", false, 1, 28, 28, 64, 4, 2, 1),
        new Conv("D2", false, 64, 14, 14, 128, 4, 2, 1),
        new Conv("D3", false, 128, 7, 7, 1, 7, 1, 0),
        new Conv("G1", true, 100, 1, 1, 128, 7, 1, 0),
        new Conv("G2", true, 128, 7, 7, 64, 4, 2, 1),
        new Conv("G3", true, 64, 14, 14, 1, 4, 2, 1),
        new Conv("U1", false, 1, 28, 28, 64, 3, 1, 1),
        new Conv("U2", false, 64, 28, 28, 64, 3, 1, 1),
        new Conv("U3", false, 64, 28, 28, 1, 3, 1, 1),
    };

    public static final int[] BATCHES = {64, 256};

    public static Conv conv(String name) {
        for (Conv c : CONVS) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no GPU workload conv named " + name);
    }

    /** Channels, groups and residual-free blocks of the sampling stack. */
    public static final int WIDTH = 64;
    public static final int GROUPS = 8;
    public static final int BLOCKS = 4;
    public static final int SIZE = 28;
    public static final int STEPS = 50;
    public static final int TRAIN_STEPS = 1000;

    /**
     * eps(x) = U3(blocks(U1(x))), each block GroupNorm(8, 64) -> SiLU -> conv 3x3 64->64, the denoiser the DDIM loop
     * calls once per step. Weights are scaled so activations stay O(1) through the stack.
     */
    public static final class Stack implements AutoCloseable {
        private final Scope scope = Scope.detached("gpu stack");
        private final Tensor inW;
        private final Tensor inB;
        private final Tensor[] w = new Tensor[BLOCKS];
        private final Tensor[] b = new Tensor[BLOCKS];
        private final Tensor gamma;
        private final Tensor beta;
        private final Tensor outW;
        private final Tensor outB;

        public Stack(Device d) {
            Generator gen = new Generator(2024);
            try (Scope.Entered e = scope.enter()) {
                inW = F.affine(Tensor.randn(gen, d, WIDTH, 1, 3, 3), (float) (1 / Math.sqrt(9)), 0f);
                inB = Tensor.zeros(d, WIDTH);
                for (int i = 0; i < BLOCKS; i++) {
                    w[i] = F.affine(Tensor.randn(gen, d, WIDTH, WIDTH, 3, 3), (float) (1 / Math.sqrt(9 * WIDTH)), 0f);
                    b[i] = Tensor.zeros(d, WIDTH);
                }
                gamma = Tensor.ones(d, WIDTH);
                beta = Tensor.zeros(d, WIDTH);
                outW = F.affine(Tensor.randn(gen, d, 1, WIDTH, 3, 3), (float) (1 / Math.sqrt(9 * WIDTH)), 0f);
                outB = Tensor.zeros(d, 1);
            }
        }

        public Tensor eps(Tensor x) {
            Tensor h = F.conv2d(x, inW, inB, 1, 1);
            for (int i = 0; i < BLOCKS; i++) {
                h = F.conv2d(F.silu(F.groupNorm(h, GROUPS, gamma, beta, 1e-5f)), w[i], b[i], 1, 1);
            }
            return F.conv2d(h, outW, outB, 1, 1);
        }

        @Override
        public void close() {
            scope.close();
        }
    }

    /**
     * DDIM (eta 0) over diffusers' linear schedule (betas 1e-4 to 0.02 over 1000 steps), trailing spacing, final
     * alpha-bar 1, epsilon prediction, no clipping: the coefficients of each of the {@link #STEPS} steps.
     */
    public static StepCoefficients[] ddim() {
        double[] abar = new double[TRAIN_STEPS];
        double prod = 1;
        for (int t = 0; t < TRAIN_STEPS; t++) {
            double beta = 1e-4 + (0.02 - 1e-4) * t / (TRAIN_STEPS - 1);
            prod *= 1 - beta;
            abar[t] = prod;
        }
        int stride = TRAIN_STEPS / STEPS;
        StepCoefficients[] c = new StepCoefficients[STEPS];
        for (int i = 0; i < STEPS; i++) {
            int t = TRAIN_STEPS - 1 - i * stride;
            int prev = t - stride;
            double a = Math.sqrt(abar[t]);
            double s = Math.sqrt(1 - abar[t]);
            double abarPrev = prev >= 0 ? abar[prev] : 1.0;
            c[i] = new StepCoefficients(1 / a, -s / a, 0, 1 / s, -a / s, 0, Math.sqrt(abarPrev),
                    Math.sqrt(1 - abarPrev), 0, 0);
        }
        return c;
    }

    /**
     * The whole DDIM loop on x in place (x ends as the sample). Each step's temporaries are freed before the next,
     * so memory stays that of one step (and a captured graph keeps only that much).
     */
    public static void sample(Stack stack, StepCoefficients[] steps, Tensor x) {
        try (Grad.Mode off = Grad.off()) {
            for (StepCoefficients c : steps) {
                try (Scope s = Scope.open()) {
                    F.copyInto(F.denoiseStep(x, stack.eps(x), null, c, null)[0], x);
                }
            }
        }
    }
}
