package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diffusion model end to end on small instances: training, sampling with the EMA weights, inpainting and
 * image-to-image wiring, checkpoints, and bad input. The networks are kept small (32 wide, batch 64): this is about
 * behaviour, and `triptych compare` measures convergence.
 */
class DiffusionTest {
    private static final Device CPU = Device.cpu();

    private static DiffusionConfig small() {
        return DiffusionConfig.points(2).withDenoiser(new DenoiserSpec.Mlp(32, 1, 16)).withEmaDecay(0.9)
                .withLearningRate(2e-3).withGradClipNorm(0).withSampler(Sampler.ddim(10));
    }

    /** n points of a ring of 8 Gaussians (radius 1, sigma 0.01), as the PacGAN protocol's ring8. */
    private static Tensor ring(int n, Random rnd) {
        float[] v = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * rnd.nextInt(8) / 8;
            v[2 * i] = (float) (Math.cos(angle) + 0.01 * rnd.nextGaussian());
            v[2 * i + 1] = (float) (Math.sin(angle) + 0.01 * rnd.nextGaussian());
        }
        return Tensor.of(v, n, 2);
    }

    private static void train(Diffusion d, int steps, Random rnd) {
        for (int i = 0; i < steps; i++) {
            try (Scope s = Scope.open()) {
                d.trainStep(ring(64, rnd));
            }
        }
    }

    @Test
    void lossFallsOnRingData() {
        Random rnd = new Random(1);
        double first = 0;
        double last = 0;
        try (Diffusion d = new Diffusion(small(), CPU)) {
            for (int step = 0; step < 200; step++) {
                double loss;
                try (Scope s = Scope.open()) {
                    loss = d.trainStep(ring(64, rnd)).get("loss");
                }
                if (step < 20) {
                    first += loss / 20;
                } else if (step >= 180) {
                    last += loss / 20;
                }
            }
            assertEquals(200, d.steps());
            assertTrue(last < 0.6 * first, "epsilon MSE fell from " + first + " to " + last);
        }
    }

    @Test
    void vPredictionWithGradientClippingReportsTheNorm() {
        DiffusionConfig config = small().withPrediction(Prediction.V_PREDICTION).withGradClipNorm(0.5)
                .withSchedule(NoiseSchedule.COSINE, 100);
        try (Diffusion d = new Diffusion(config, CPU); Scope s = Scope.open()) {
            Map<String, Double> out = d.trainStep(ring(64, new Random(2)));
            assertTrue(Double.isFinite(out.get("loss")) && out.get("loss") > 0, out.toString());
            assertTrue(out.get("grad_norm") > 0, out.toString());
            assertEquals(NoiseSchedule.COSINE, d.schedule().name());
        }
    }

    @Test
    void samplesAreDeterministicForASeedAndUseEveryPathsSampler() {
        try (Diffusion d = new Diffusion(small(), CPU)) {
            train(d, 5, new Random(3));
            try (Scope s = Scope.open()) {
                Tensor a = d.sample(16, 5);
                assertArrayEquals(new int[] {16, 2}, a.shape());
                assertArrayEquals(a.toFloatArray(), d.sample(16, 5).toFloatArray());
                assertFalse(Arrays.equals(a.toFloatArray(), d.sample(16, 6).toFloatArray()));
                for (Sampler sampler : new Sampler[] {Sampler.ddpm(1000), Sampler.dpmSolver(15), Ddim.of(8, 0.5)}) {
                    float[] v = d.sample(4, 7, sampler).toFloatArray();
                    assertEquals(8, v.length);
                    for (float f : v) {
                        assertTrue(Float.isFinite(f), sampler.label());
                    }
                }
            }
        }
    }

    @Test
    void samplingUsesTheAveragedWeights() {
        DiffusionConfig config = small().withEmaDecay(0.5);
        try (Diffusion d = new Diffusion(config, CPU); Diffusion live = new Diffusion(config.withEmaDecay(0), CPU)) {
            train(d, 3, new Random(4));
            train(live, 3, new Random(4));
            try (Scope s = Scope.open()) {
                float[] averaged = d.sample(8, 1).toFloatArray();
                float[] direct = live.sample(8, 1).toFloatArray();
                assertFalse(Arrays.equals(averaged, direct), "an EMA of 0.5 differs from the last weights");
                // decay 0 makes the average the live weights: sampling with the trained denoiser itself agrees
                float[] fromDenoiser = live.process().sample(live.denoiser(), 8, 1, config.sampler()).toFloatArray();
                assertArrayEquals(direct, fromDenoiser);
            }
        }
    }

    @Test
    void inpaintingAndImageToImageThroughTheModel() {
        try (Diffusion d = new Diffusion(small(), CPU); Scope s = Scope.open()) {
            Tensor image = ring(6, new Random(5));
            Tensor mask = Tensor.of(new float[] {1, 0}, 1, 2);
            float[] out = d.inpaint(image, mask, 3).toFloatArray();
            float[] in = image.toFloatArray();
            for (int i = 0; i < 6; i++) {
                assertEquals(in[2 * i], out[2 * i], 1e-6f, "known x of point " + i);
            }
            Tensor edited = d.imageToImage(image, 0.5, 3);
            assertArrayEquals(image.shape(), edited.shape());
            assertArrayEquals(edited.toFloatArray(), d.imageToImage(image, 0.5, 3, Sampler.ddim(10)).toFloatArray());
        }
    }

    @Test
    void checkpointsRoundTripWeightsEmaConfigAndStep(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("diffusion.safetensors");
        float[] before;
        try (Diffusion d = new Diffusion(small(), CPU)) {
            train(d, 4, new Random(6));
            try (Scope s = Scope.open()) {
                before = d.sample(8, 9).toFloatArray();
            }
            d.save(file);
        }
        try (Scope s = Scope.open()) {
            SafeTensors.Contents c = SafeTensors.read(file, CPU);
            assertTrue(c.tensors().containsKey("time_mlp.0.weight"), c.tensors().keySet().toString());
            assertTrue(c.tensors().containsKey("ema.output.bias"), c.tensors().keySet().toString());
            assertEquals("4", c.metadata().get(Diffusion.STEP_KEY));
            assertTrue(c.metadata().get(Diffusion.CONFIG_KEY).contains("\"prediction_type\":\"epsilon\""));
        }
        // a model initialised differently (another seed) takes the checkpoint's weights
        try (Diffusion other = new Diffusion(small().withSeed(99), CPU); Scope s = Scope.open()) {
            assertFalse(Arrays.equals(before, other.sample(8, 9).toFloatArray()));
            other.load(file);
            assertArrayEquals(before, other.sample(8, 9).toFloatArray());
            assertEquals(4, other.steps());
        }
        try (Diffusion opened = Diffusion.open(file, CPU); Scope s = Scope.open()) {
            assertEquals(small(), opened.config());
            assertArrayEquals(before, opened.sample(8, 9).toFloatArray());
        }
    }

    @Test
    void loadRejectsOtherModelsAndBrokenFilesWithoutChangingWeights(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("wide.safetensors");
        try (Diffusion wide = new Diffusion(small().withDenoiser(new DenoiserSpec.Mlp(16, 1, 16)), CPU)) {
            wide.save(file);
        }
        try (Diffusion d = new Diffusion(small(), CPU); Scope s = Scope.open()) {
            float[] before = d.sample(4, 1).toFloatArray();
            var e = assertThrows(IllegalArgumentException.class, () -> d.load(file));
            assertTrue(e.getMessage().contains("denoiser"), e.getMessage());

            Path truncated = dir.resolve("truncated.safetensors");
            byte[] bytes = Files.readAllBytes(file);
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
            assertThrows(IOException.class, () -> d.load(truncated));

            Path foreign = dir.resolve("foreign.safetensors");
            Map<String, Tensor> t = new LinkedHashMap<>();
            t.put("weight", Tensor.zeros(2, 2));
            SafeTensors.write(foreign, t, Map.of());
            e = assertThrows(IllegalArgumentException.class, () -> d.load(foreign));
            assertTrue(e.getMessage().contains(Diffusion.CONFIG_KEY), e.getMessage());

            // the right config but a missing EMA tensor: nothing is loaded
            Path partial = dir.resolve("partial.safetensors");
            d.save(partial);
            SafeTensors.Contents c = SafeTensors.read(partial, CPU);
            Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
            tensors.remove("ema.output.weight");
            tensors.replaceAll((k, v) -> k.startsWith("ema.") ? v : v.add(1f));
            SafeTensors.write(partial, tensors, c.metadata());
            e = assertThrows(IllegalArgumentException.class, () -> d.load(partial));
            assertTrue(e.getMessage().contains("output.weight"), e.getMessage());
            assertArrayEquals(before, d.sample(4, 1).toFloatArray());
        }
    }

    @Test
    void aZeroLearningRateLeavesTheModelAsItWas() {
        try (Diffusion d = new Diffusion(small().withEmaDecay(0), CPU); Scope s = Scope.open()) {
            float[] before = d.sample(4, 2).toFloatArray();
            d.learningRate(0);
            train(d, 2, new Random(8));
            assertArrayEquals(before, d.sample(4, 2).toFloatArray());
            d.learningRate(1e-2);
            train(d, 1, new Random(8));
            assertFalse(Arrays.equals(before, d.sample(4, 2).toFloatArray()));
            assertThrows(IllegalArgumentException.class, () -> d.learningRate(-1));
        }
    }

    @Test
    void trainStepRejectsBadBatches() {
        try (Diffusion d = new Diffusion(small(), CPU); Scope s = Scope.open()) {
            var e = assertThrows(IllegalArgumentException.class, () -> d.trainStep(Tensor.zeros(8, 3)));
            assertTrue(e.getMessage().contains("[8, 3]") && e.getMessage().contains("[batch, 2]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> d.trainStep(Tensor.zeros(2)));
            assertThrows(IllegalArgumentException.class, () -> d.trainStep(Tensor.ofInts(new int[4], 2, 2)));
            Tensor nan = Tensor.of(new float[] {0, Float.NaN, 1, 1}, 2, 2);
            var a = assertThrows(ArithmeticException.class, () -> d.trainStep(nan));
            assertTrue(a.getMessage().contains("MSE loss"), a.getMessage());
            assertEquals(0, d.steps(), "a failed step changes nothing");
        }
    }

    @Test
    void tinyUnetTrainsAndSamples() {
        DiffusionConfig config = DiffusionConfig.images(1, 8, 8).withDenoiser(new DenoiserSpec.Unet(new int[] {4, 8, 8},
                2, true)).withSampler(Sampler.ddim(3));
        try (Diffusion d = new Diffusion(config, CPU); Scope s = Scope.open()) {
            Tensor batch = new Generator(1).uniform(CPU, -1f, 1f, 4, 1, 8, 8);
            double loss = d.trainStep(batch).get("loss");
            assertTrue(Double.isFinite(loss));
            Tensor x = d.sample(2, 3);
            assertArrayEquals(new int[] {2, 1, 8, 8}, x.shape());
            assertEquals(Diffusion.FAMILY, d.family());
            assertArrayEquals(new int[] {1, 8, 8}, d.dataShape());
            assertEquals(d.denoiser().parameterCount(), d.parameterCount());
        }
    }

    @Test
    void closedModelsRefuseWork() {
        Diffusion d = new Diffusion(small(), CPU);
        d.close();
        d.close();
        try (Scope s = Scope.open()) {
            assertThrows(IllegalStateException.class, () -> d.sample(2, 1));
            assertThrows(IllegalStateException.class, () -> d.trainStep(Tensor.zeros(2, 2)));
        }
        assertThrows(IllegalArgumentException.class, () -> new Diffusion(null, CPU));
    }

    @Test
    void configValidatesAndRoundTripsThroughJson() {
        DiffusionConfig c = DiffusionConfig.images(1, 28, 28).withPrediction(Prediction.V_PREDICTION)
                .withSampler(new DpmSolver(20, TimestepSpacing.TRAILING, 0, false, DpmSolver.FinalSigma.SIGMA_MIN));
        assertEquals(c, DiffusionConfig.fromJson(c.toJson()));
        assertEquals(DiffusionConfig.points(2), DiffusionConfig.fromJson(DiffusionConfig.points(2).toJson()));
        assertThrows(IllegalArgumentException.class, () -> small().withEmaDecay(1.0));
        assertThrows(IllegalArgumentException.class, () -> small().withLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> small().withClipSample(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> small().withGradClipNorm(-1));
        assertThrows(IllegalArgumentException.class, () -> small().withSchedule("cosine", 1000));
        var e = assertThrows(IllegalArgumentException.class, () -> small().withSchedule(NoiseSchedule.LINEAR, 100)
                .withSampler(Sampler.ddpm(1000)));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        Map<String, Object> json = small().toJson();
        json.remove("seed");
        e = assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.fromJson(json));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Diffusion(DiffusionConfig.images(1, 28, 28)
                .withDenoiser(new DenoiserSpec.Mlp(8, 1, 4)), CPU));
    }
}
