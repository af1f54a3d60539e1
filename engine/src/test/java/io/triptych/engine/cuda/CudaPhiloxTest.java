package io.triptych.engine.cuda;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.ops.StepCoefficients;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.RequiresCuda;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The Philox streams of the CUDA library are the CPU library's bit for bit, for every kernel that draws: uniform,
 * normal, dropout's mask, the reparameterisation's eps and the denoising step's noise. Sizes not divisible by 4 and
 * non-zero offsets included.
 */
@RequiresCuda
class CudaPhiloxTest {
    private static final int[] SIZES = {1, 3, 4, 5, 1023, 4096, 100_003};
    private static final long[] OFFSETS = {0, 1, 7, 1L << 33};

    /** {@code draw} run with a fresh generator at {@code offset} on the CPU and on the GPU: the bits must agree. */
    private static void same(String what, BiFunction<Generator, Device, Tensor> draw) {
        for (long offset : OFFSETS) {
            float[][] out = new float[2][];
            Device[] devices = {Device.cpu(), Device.cuda(0)};
            for (int d = 0; d < 2; d++) {
                try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
                    Generator g = new Generator(0x7121_07C4L);
                    g.offset(offset);
                    out[d] = draw.apply(g, devices[d]).toFloatArray();
                }
            }
            assertArrayEquals(out[0], out[1], what + " at offset " + offset);
        }
    }

    @Test
    void uniformAndNormal() {
        for (int n : SIZES) {
            same("uniform n=" + n, (g, d) -> g.uniform(d, -2f, 3f, n));
            same("normal n=" + n, (g, d) -> g.normal(d, 0.5f, 2f, n));
        }
    }

    @Test
    void dropoutMask() {
        for (int n : SIZES) {
            same("dropout n=" + n, (g, d) -> F.dropout(Tensor.ones(d, n), 0.25f, true, g));
        }
    }

    @Test
    void reparameterizeNoise() {
        // mu = 0 and logvar = 0 make z exactly the drawn eps.
        for (int n : SIZES) {
            same("reparameterize n=" + n, (g, d) -> F.reparameterize(Tensor.zeros(d, n), Tensor.zeros(d, n), g));
        }
    }

    @Test
    void denoiseStepNoise() {
        // Only the noise term is on, so x_out is exactly the drawn z.
        StepCoefficients noiseOnly = new StepCoefficients(0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        for (int n : SIZES) {
            same("denoise noise n=" + n, (g, d) -> F.denoiseStep(Tensor.ones(d, n), Tensor.ones(d, n), null,
                    noiseOnly, g)[0]);
        }
    }
}
