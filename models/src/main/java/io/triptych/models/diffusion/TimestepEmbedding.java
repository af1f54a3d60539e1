package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;

/**
 * The sinusoidal timestep features of DDPM (Transformer position encodings) as diffusers' get_timestep_embedding
 * with flip_sin_to_cos=True and downscale_freq_shift=0 (UNet2DModel's defaults): for j < dim/2, frequency
 * f_j = 10000^(-j / (dim/2)), features [cos(t f_j), sin(t f_j)]. Computed on the host in double: the timesteps are
 * host integers and need no gradient.
 */
public final class TimestepEmbedding {
    private static final double MAX_PERIOD = 10000;

    private TimestepEmbedding() {
    }

    /** [timesteps.length, dim] features on {@code device}; dim must be even. */
    public static Tensor sinusoidal(int[] timesteps, int dim, Device device) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("timestep embedding dim must be even and >= 2, got " + dim);
        }
        int half = dim / 2;
        float[] out = new float[timesteps.length * dim];
        for (int b = 0; b < timesteps.length; b++) {
            for (int j = 0; j < half; j++) {
                double arg = timesteps[b] * Math.exp(-Math.log(MAX_PERIOD) * j / half);
                out[b * dim + j] = (float) Math.cos(arg);
                out[b * dim + half + j] = (float) Math.sin(arg);
            }
        }
        return Tensor.of(device, out, timesteps.length, dim);
    }
}
