package io.triptych.models.gan;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.random.Generator;

/**
 * Standard normal latents truncated to [-psi, psi] by resampling, as in BigGAN's truncation trick: every component
 * whose magnitude exceeds psi is replaced by later draws from the same stream until all fit. The first draw is the
 * untruncated one, so psi = +infinity gives exactly {@code gen.normal(...)}, and the result depends only on the
 * generator's seed and offset.
 */
public final class TruncatedNormal {
    /** Caps one resampling draw (16 MiB of floats) when psi is so small that almost every candidate is rejected. */
    private static final int MAX_DRAW = 1 << 22;

    private TruncatedNormal() {
    }

    /**
     * Normal samples of {@code shape} on {@code device}, each in [-psi, psi], in the current scope.
     *
     * @param psi the threshold, > 0; +infinity means no truncation
     */
    public static Tensor sample(Generator gen, double psi, Device device, int... shape) {
        if (!(psi > 0)) {
            throw new IllegalArgumentException("truncation psi must be > 0 (the threshold on |z|), got " + psi);
        }
        if (psi == Double.POSITIVE_INFINITY) {
            return gen.normal(device, 0f, 1f, shape);
        }
        float[] z = normals(gen, shape);
        resample(gen, psi, z);
        return Tensor.of(device, z, shape);
    }

    /** The generator's next standard normals, on the host (the stream is the same on every device). */
    private static float[] normals(Generator gen, int... shape) {
        try (Scope s = Scope.open()) {
            return gen.normal(Device.cpu(), 0f, 1f, shape).toFloatArray();
        }
    }

    private static void resample(Generator gen, double psi, float[] z) {
        int[] rejected = new int[z.length];
        int count = 0;
        for (int i = 0; i < z.length; i++) {
            if (!(Math.abs(z[i]) <= psi)) {
                rejected[count++] = i;
            }
        }
        // The acceptance rate seen so far (smoothed, so that a few rejections cannot make it zero) sizes the next
        // draw, so most calls finish in one or two more draws.
        long seen = z.length;
        long accepted = z.length - count;
        int filled = 0;
        while (filled < count) {
            double rate = (accepted + 1.0) / (seen + 2.0);
            long want = (long) Math.ceil((count - filled) / rate * 1.2) + 16;
            int draw = (int) Math.min(want, MAX_DRAW);
            float[] candidates = normals(gen, draw);
            for (int j = 0; j < draw && filled < count; j++) {
                seen++;
                if (Math.abs(candidates[j]) <= psi) {
                    z[rejected[filled++]] = candidates[j];
                    accepted++;
                }
            }
        }
    }
}
