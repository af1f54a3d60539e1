package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.Close;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reverse process with a perfect denoiser (one that knows the data and outputs the exact noise, v or x0 for it):
 * every deterministic sampler must land on the data, inpainting must keep the known pixels, and image-to-image must
 * run the last floor(k * strength) steps of the grid.
 */
class DiffusionProcessTest {
    private static final Device CPU = Device.cpu();
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000, 1e-4, 0.02);

    /** Outputs what a perfectly trained denoiser would for data {@code data}; records the timesteps it was asked. */
    private static final class Oracle extends Denoiser {
        private final Tensor data;
        private final Prediction prediction;
        private final List<Integer> calls = new ArrayList<>();

        Oracle(Tensor data, Prediction prediction) {
            super(CPU);
            this.data = data;
            this.prediction = prediction;
        }

        @Override
        public int[] dataShape() {
            int[] s = data.shape();
            return Arrays.copyOfRange(s, 1, s.length);
        }

        @Override
        protected Tensor predict(Tensor x, int[] timesteps) {
            calls.add(timesteps[0]);
            float a = (float) Math.sqrt(SCHEDULE.alphaBar(timesteps[0]));
            float s = (float) Math.sqrt(1 - SCHEDULE.alphaBar(timesteps[0]));
            Tensor eps = x.sub(data.mul(a)).div(s);
            return switch (prediction) {
                case EPSILON -> eps;
                case V_PREDICTION -> eps.mul(a).sub(data.mul(s));
                case SAMPLE -> data.mul(1f);
            };
        }
    }

    private static Tensor points(int n, int d, long seed) {
        return Tensor.randn(new Generator(seed), n, d).mul(0.7f);
    }

    @Test
    void deterministicSamplersWithAPerfectDenoiserRecoverTheData() {
        try (Scope s = Scope.open()) {
            Tensor data = points(6, 3, 1);
            for (Prediction p : Prediction.values()) {
                DiffusionProcess process = new DiffusionProcess(SCHEDULE, p, 0);
                for (Sampler sampler : new Sampler[] {Sampler.ddim(10), Sampler.ddim(1),
                    new Ddim(7, 0, TimestepSpacing.LINSPACE, 0, true), Sampler.dpmSolver(8),
                    new DpmSolver(20, TimestepSpacing.TRAILING, 0, false, DpmSolver.FinalSigma.ZERO)}) {
                    try (Oracle oracle = new Oracle(data, p)) {
                        Tensor out = process.sample(oracle, 6, 42, sampler);
                        Close.assertClose(sampler.label() + " " + p.id(), out, data, 1e-4);
                        assertEquals(sampler.steps(), oracle.calls.size());
                    }
                }
            }
        }
    }

    @Test
    void ancestralDdpmWithAPerfectDenoiserEndsOnTheData() {
        try (Scope s = Scope.open(); Oracle oracle = new Oracle(points(4, 2, 2), Prediction.EPSILON)) {
            DiffusionProcess process = new DiffusionProcess(SCHEDULE, Prediction.EPSILON, 0);
            Tensor out = process.sample(oracle, 4, 3, Sampler.ddpm(1000));
            Close.assertClose("DDPM-1000", out, oracle.data, 1e-4);
            assertEquals(999, oracle.calls.get(0));
            assertEquals(0, oracle.calls.get(999));
        }
    }

    @Test
    void inpaintingKeepsKnownPixelsAndFillsTheRest() {
        try (Scope s = Scope.open()) {
            Tensor image = points(3, 8, 4).clamp(-1f, 1f);
            float[] m = new float[8];
            for (int i = 0; i < 8; i++) {
                m[i] = i < 3 ? 1f : 0f;
            }
            Tensor mask = Tensor.of(m, 1, 8);
            DiffusionProcess process = new DiffusionProcess(SCHEDULE, Prediction.EPSILON, 1.0);
            try (MlpDenoiser untrained = new MlpDenoiser(8, 16, 1, 8, CPU, new Generator(5))) {
                float[] out = process.inpaint(untrained, image, mask, 9, Sampler.ddim(10)).toFloatArray();
                float[] in = image.toFloatArray();
                int changed = 0;
                for (int i = 0; i < in.length; i++) {
                    if (m[i % 8] == 1f) {
                        assertEquals(in[i], out[i], 1e-6f, "known pixel " + i);
                    } else if (Math.abs(in[i] - out[i]) > 1e-3) {
                        changed++;
                    }
                }
                assertTrue(changed > 10, "the unknown pixels are generated, not copied: " + changed + " changed");
            }
            // a denoiser that knows the whole image restores the unknown pixels too, also with ancestral noise
            try (Oracle oracle = new Oracle(image, Prediction.EPSILON)) {
                Close.assertClose("oracle inpainting", process.inpaint(oracle, image, mask, 9, Sampler.ddpm(100)),
                        image, 1e-4);
            }
        }
    }

    @Test
    void imageToImageRunsTheLastStepsOfTheGridFromTheNoisedImage() {
        try (Scope s = Scope.open()) {
            Tensor image = points(2, 4, 6);
            DiffusionProcess process = new DiffusionProcess(SCHEDULE, Prediction.EPSILON, 0);
            Sampler ddim = Sampler.ddim(10);
            try (Oracle oracle = new Oracle(image, Prediction.EPSILON)) {
                Tensor out = process.imageToImage(oracle, image, 0.35, 1, ddim);
                assertEquals(List.of(299, 199, 99), oracle.calls, "floor(10 * 0.35) = 3 steps from timesteps[7]");
                Close.assertClose("SDEdit with a perfect denoiser", out, image, 1e-4);
            }
            try (Oracle oracle = new Oracle(image, Prediction.EPSILON)) {
                process.imageToImage(oracle, image, 1.0, 1, Sampler.dpmSolver(5));
                assertEquals(5, oracle.calls.size());
                assertEquals(999, oracle.calls.get(0));
            }
            try (MlpDenoiser untrained = new MlpDenoiser(4, 8, 1, 4, CPU, new Generator(7))) {
                float[] a = process.imageToImage(untrained, image, 0.5, 11, ddim).toFloatArray();
                assertArrayEquals(a, process.imageToImage(untrained, image, 0.5, 11, ddim).toFloatArray());
                assertFalse(Arrays.equals(a, process.imageToImage(untrained, image, 0.5, 12, ddim).toFloatArray()));
            }
        }
    }

    @Test
    void samplingIsDeterministicForASeed() {
        try (Scope s = Scope.open(); MlpDenoiser m = new MlpDenoiser(2, 16, 1, 8, CPU, new Generator(8))) {
            DiffusionProcess process = new DiffusionProcess(SCHEDULE, Prediction.EPSILON, 0);
            for (Sampler sampler : new Sampler[] {Sampler.ddpm(50), Ddim.of(10, 1.0), Sampler.dpmSolver(10)}) {
                float[] a = process.sample(m, 9, 123, sampler).toFloatArray();
                assertArrayEquals(a, process.sample(m, 9, 123, sampler).toFloatArray(), sampler.label());
                assertFalse(Arrays.equals(a, process.sample(m, 9, 124, sampler).toFloatArray()), sampler.label());
            }
        }
    }

    @Test
    void addNoiseAndTargetsFollowTheirDefinitions() {
        try (Scope s = Scope.open()) {
            Tensor x0 = points(2, 3, 9);
            Tensor noise = points(2, 3, 10);
            int[] t = {0, 800};
            float[] xs = x0.toFloatArray();
            float[] ns = noise.toFloatArray();
            float[] noisy = new float[6];
            float[] v = new float[6];
            for (int i = 0; i < 6; i++) {
                double ab = SCHEDULE.alphaBar(t[i / 3]);
                noisy[i] = (float) (Math.sqrt(ab) * xs[i] + Math.sqrt(1 - ab) * ns[i]);
                v[i] = (float) (Math.sqrt(ab) * ns[i] - Math.sqrt(1 - ab) * xs[i]);
            }
            DiffusionProcess eps = new DiffusionProcess(SCHEDULE, Prediction.EPSILON, 0);
            Close.assertClose("q_sample", eps.addNoise(x0, noise, t).toFloatArray(), noisy, 1e-6);
            assertArrayEquals(ns, eps.target(x0, noise, t).toFloatArray());
            Close.assertClose("v target", new DiffusionProcess(SCHEDULE, Prediction.V_PREDICTION, 0)
                    .target(x0, noise, t).toFloatArray(), v, 1e-6);
            assertArrayEquals(xs, new DiffusionProcess(SCHEDULE, Prediction.SAMPLE, 0).target(x0, noise, t)
                    .toFloatArray());
            var e = assertThrows(IllegalArgumentException.class, () -> eps.addNoise(x0, points(3, 3, 1), t));
            assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 3]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> eps.target(x0, noise, new int[] {1}));
        }
    }

    @Test
    void badArgumentsAreNamed() {
        DiffusionProcess process = new DiffusionProcess(SCHEDULE, Prediction.EPSILON, 0);
        try (MlpDenoiser m = new MlpDenoiser(4, 8, 1, 4, CPU, new Generator(1))) {
            assertThrows(IllegalStateException.class, () -> process.sample(m, 2, 1, Sampler.ddim(5)),
                    "the result needs a scope to live in");
            try (Scope s = Scope.open()) {
                Tensor image = points(2, 4, 1);
                assertThrows(IllegalArgumentException.class, () -> process.sample(m, 0, 1, Sampler.ddim(5)));
                assertThrows(IllegalArgumentException.class, () -> process.sample(m, 2, 1, Sampler.ddim(1001)));
                assertThrows(IllegalArgumentException.class, () -> process.sample(m, 2, 1, null));
                var e = assertThrows(IllegalArgumentException.class,
                        () -> process.inpaint(m, image, Tensor.full(CPU, 0.5f, 1, 4), 1, Sampler.ddim(5)));
                assertTrue(e.getMessage().contains("0.5"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class,
                        () -> process.inpaint(m, image, Tensor.ones(2, 3), 1, Sampler.ddim(5)));
                assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class,
                        () -> process.inpaint(m, points(2, 5, 1), Tensor.ones(2, 5), 1, Sampler.ddim(5)));
                assertTrue(e.getMessage().contains("[n, 4]"), e.getMessage());
                Tensor nan = Tensor.of(new float[] {0, 1, Float.NaN, 0}, 1, 4);
                assertThrows(IllegalArgumentException.class, () -> process.imageToImage(m, nan, 0.5, 1,
                        Sampler.ddim(5)));
                for (double strength : new double[] {0, -0.1, 1.5, Double.NaN}) {
                    e = assertThrows(IllegalArgumentException.class, () -> process.imageToImage(m, image, strength, 1,
                            Sampler.ddim(5)));
                    assertTrue(e.getMessage().contains("strength"), e.getMessage());
                }
                e = assertThrows(IllegalArgumentException.class, () -> process.imageToImage(m, image, 0.1, 1,
                        Sampler.ddim(5)));
                assertTrue(e.getMessage().contains("no step"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> new DiffusionProcess(SCHEDULE, Prediction.EPSILON,
                        -1));
            }
        }
    }
}
