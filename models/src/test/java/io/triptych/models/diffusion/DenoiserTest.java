package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.Parameter;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time embedding, the MLP denoiser and the UNet: shapes, names, parameter counts and gradients. */
class DenoiserTest {
    private static final Device CPU = Device.cpu();

    @Test
    void sinusoidalEmbeddingIsCosThenSinAtGeometricFrequencies() {
        try (Scope s = Scope.open()) {
            float[] e = TimestepEmbedding.sinusoidal(new int[] {0, 5}, 4, CPU).toFloatArray();
            // half = 2: frequencies 1 and 10000^(-1/2) = 0.01
            float[] expected = {1, 1, 0, 0, (float) Math.cos(5), (float) Math.cos(0.05), (float) Math.sin(5),
                (float) Math.sin(0.05)};
            assertArrayEquals(expected, e, 1e-7f);
            assertThrows(IllegalArgumentException.class, () -> TimestepEmbedding.sinusoidal(new int[] {1}, 3, CPU));
        }
    }

    @Test
    void mlpShapesNamesAndParameterCount() {
        try (Scope s = Scope.open(); MlpDenoiser m = new MlpDenoiser(2, 16, 2, 8, CPU, new Generator(1))) {
            Tensor out = m.forward(Tensor.randn(new Generator(2), 5, 2), new int[] {0, 10, 100, 500, 999});
            assertArrayEquals(new int[] {5, 2}, out.shape());
            Map<String, Parameter> names = m.namedParameters();
            assertTrue(names.keySet().containsAll(java.util.List.of("time_mlp.0.weight", "time_mlp.2.bias",
                    "input.weight", "blocks.0.weight", "blocks.1.bias", "output.weight")), names.keySet().toString());
            long expected = (8 * 16 + 16) + (16 * 16 + 16) + (2 * 16 + 16) + 2 * (16 * 16 + 16) + (16 * 2 + 2);
            assertEquals(expected, m.parameterCount());
            assertArrayEquals(new int[] {2}, m.dataShape());
        }
    }

    @Test
    void mlpGradientMatchesFiniteDifferences() {
        try (Scope s = Scope.open(); MlpDenoiser m = new MlpDenoiser(3, 8, 2, 4, CPU, new Generator(3))) {
            int[] t = {3, 700};
            GradCheck.check("mlp denoiser", in -> m.forward(in[0], t), Tensor.randn(new Generator(4), 2, 3));
        }
    }

    @Test
    void unetForwardShapeAndInputGradient() {
        try (Scope s = Scope.open();
             UNetDenoiser u = new UNetDenoiser(new int[] {1, 8, 8}, new int[] {4, 8, 8}, 2, true, CPU,
                     new Generator(5))) {
            int[] t = {17, 901};
            Tensor out = u.forward(Tensor.randn(new Generator(6), 2, 1, 8, 8), t);
            assertArrayEquals(new int[] {2, 1, 8, 8}, out.shape());
            GradCheck.check("unet", in -> u.forward(in[0], t), Tensor.randn(new Generator(7), 2, 1, 8, 8));
        }
    }

    /** Directional derivatives of sum(forward * r) along random directions of single parameters, by central differences. */
    @Test
    void unetParameterGradientsMatchFiniteDifferences() {
        try (Scope s = Scope.open();
             UNetDenoiser u = new UNetDenoiser(new int[] {2, 4, 4}, new int[] {4, 4, 8}, 2, true, CPU,
                     new Generator(8))) {
            int[] t = {250, 3};
            Tensor x = Tensor.randn(new Generator(9), 2, 2, 4, 4);
            Tensor r = Tensor.randn(new Generator(10), 2, 2, 4, 4);
            u.zeroGrad();
            u.forward(x, t).mul(r).sum().backward();
            Map<String, Parameter> params = u.namedParameters();
            Random rnd = new Random(11);
            for (String name : new String[] {"time_mlp.0.weight", "attention.to_q.weight", "mid_0.conv_shortcut.weight",
                "up_0.norm1.weight", "conv_in.bias"}) {
                Parameter p = params.get(name);
                float[] base = p.toFloatArray();
                float[] dir = new float[base.length];
                for (int i = 0; i < dir.length; i++) {
                    dir[i] = (float) rnd.nextGaussian();
                }
                double analytic = 0;
                float[] g = p.grad().toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    analytic += (double) g[i] * dir[i];
                }
                double h = 1e-2;
                double plus = lossAlong(u, p, base, dir, h, x, r, t);
                double minus = lossAlong(u, p, base, dir, -h, x, r, t);
                p.copyFrom(base);
                double numeric = (plus - minus) / (2 * h);
                double err = Math.abs(numeric - analytic) / Math.max(Math.max(Math.abs(numeric), Math.abs(analytic)),
                        1e-3);
                assertTrue(err < 2e-2, name + ": numeric " + numeric + " vs analytic " + analytic);
            }
        }
    }

    private static double lossAlong(UNetDenoiser u, Parameter p, float[] base, float[] dir, double h, Tensor x,
                                    Tensor r, int[] t) {
        float[] moved = new float[base.length];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = (float) (base[i] + h * dir[i]);
        }
        p.copyFrom(moved);
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            float[] y = u.forward(x, t).toFloatArray();
            float[] rr = r.toFloatArray();
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                sum += (double) y[i] * rr[i];
            }
            return sum;
        }
    }

    @Test
    void mnistUnetParameterCount() {
        try (UNetDenoiser u = new UNetDenoiser(new int[] {1, 28, 28}, new int[] {32, 64, 64}, 8, true, CPU,
                new Generator(1))) {
            int tdim = 128;
            long timeMlp = lin(32, tdim) + lin(tdim, tdim);
            long total = timeMlp + conv(1, 32, 3)
                    + res(32, 32, tdim) + conv(32, 32, 3)
                    + res(32, 64, tdim) + conv(64, 64, 3)
                    + res(64, 64, tdim) + (2 * 64 + 4 * lin(64, 64)) + res(64, 64, tdim)
                    + conv(64, 64, 3) + res(128, 64, tdim)
                    + conv(64, 64, 3) + res(96, 32, tdim)
                    + 2 * 32 + conv(32, 1, 3);
            assertEquals(total, u.parameterCount());
            assertEquals(583_713, total);
        }
    }

    private static long lin(int in, int out) {
        return (long) in * out + out;
    }

    private static long conv(int in, int out, int k) {
        return (long) in * out * k * k + out;
    }

    private static long res(int in, int out, int tdim) {
        return 2L * in + conv(in, out, 3) + lin(tdim, out) + 2L * out + conv(out, out, 3)
                + (in == out ? 0 : conv(in, out, 1));
    }

    @Test
    void attentionCanBeLeftOut() {
        try (UNetDenoiser with = new UNetDenoiser(new int[] {1, 8, 8}, new int[] {4, 8, 8}, 2, true, CPU,
                new Generator(1));
             UNetDenoiser without = new UNetDenoiser(new int[] {1, 8, 8}, new int[] {4, 8, 8}, 2, false, CPU,
                     new Generator(1))) {
            assertEquals(with.parameterCount() - (2 * 8 + 4 * lin(8, 8)), without.parameterCount());
            assertTrue(without.namedParameters().keySet().stream().noneMatch(k -> k.startsWith("attention.")));
        }
    }

    @Test
    void badInputsAreNamed() {
        try (Scope s = Scope.open(); MlpDenoiser m = new MlpDenoiser(2, 8, 1, 4, CPU, new Generator(1));
             UNetDenoiser u = new UNetDenoiser(new int[] {1, 8, 8}, new int[] {4, 8, 8}, 2, true, CPU,
                     new Generator(1))) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(3, 5), new int[3]));
            assertTrue(e.getMessage().contains("[3, 5]") && e.getMessage().contains("[batch, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(3, 2), new int[2]));
            assertTrue(e.getMessage().contains("2 timesteps for a batch of 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(1, 2), new int[] {-1}));
            e = assertThrows(IllegalArgumentException.class, () -> u.forward(Tensor.zeros(2, 1, 9, 8), new int[2]));
            assertTrue(e.getMessage().contains("[batch, 1, 8, 8]"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> u.forward(Tensor.zeros(2, 1, 8, 8)));
            assertThrows(IllegalArgumentException.class, () -> new UNetDenoiser(new int[] {1, 10, 8},
                    new int[] {4, 8, 8}, 2, true, CPU, new Generator(1)));
            e = assertThrows(IllegalArgumentException.class, () -> new UNetDenoiser(new int[] {1, 8, 8},
                    new int[] {4, 8, 6}, 4, true, CPU, new Generator(1)));
            assertTrue(e.getMessage().contains("groups=4"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new MlpDenoiser(2, 8, 1, 5, CPU, new Generator(1)));
        }
    }
}
