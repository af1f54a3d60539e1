package io.triptych.models.gan;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.testing.Close;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanTest {
    private static final Device CPU = Device.cpu();

    /** {@code n} fixed 1x28x28 images with pixels in [0, 1]. */
    static Tensor images(int n) {
        float[] px = new float[n * 784];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                int r = p / 28;
                int c = p % 28;
                px[i * 784 + p] = (float) (0.5 + 0.5 * Math.sin((r * (i + 1) + 2 * c) / 5.0));
            }
        }
        return Tensor.of(px, n, 1, 28, 28);
    }

    /** {@code n} points near the ring of 8 modes of radius 1. */
    static Tensor ring(int n, long seed) {
        Random rnd = new Random(seed);
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * rnd.nextInt(8) / 8;
            xy[2 * i] = (float) (Math.cos(angle) + 0.01 * rnd.nextGaussian());
            xy[2 * i + 1] = (float) (Math.sin(angle) + 0.01 * rnd.nextGaussian());
        }
        return Tensor.of(xy, n, 2);
    }

    @Test
    void aDiscriminatorStepLowersTheDiscriminatorLossOnAFixedBatch() {
        for (GanConfig config : new GanConfig[] {GanConfig.dcgan(), GanConfig.mlp(2)}) {
            try (Scope s = Scope.open(); Gan gan = new Gan(config, CPU)) {
                Tensor real = config.architecture().images() ? images(3) : ring(3, 1);
                Tensor fake = gan.sample(3, 1);
                double before = gan.discriminatorStep(real, fake).get("d_loss");
                double after = gan.discriminatorStep(real, fake).get("d_loss");
                assertTrue(after < before, config.architecture() + ": d_loss " + before + " -> " + after);
            }
        }
    }

    @Test
    void trainStepReportsBothLossesAndTheMeanDiscriminatorOutputs() {
        try (Scope s = Scope.open(); Gan gan = new Gan(GanConfig.dcgan(), CPU)) {
            Map<String, Double> out = gan.trainStep(images(2));
            assertEquals(Set.of("d_loss", "g_loss", "d_real", "d_fake"), out.keySet());
            assertTrue(out.get("d_loss") > 0 && out.get("g_loss") > 0, out.toString());
            assertTrue(out.get("d_real") > 0 && out.get("d_real") < 1, out.toString());
            assertTrue(out.get("d_fake") > 0 && out.get("d_fake") < 1, out.toString());
            assertTrue(gan.generator().isTraining() && gan.discriminator().isTraining());
            gan.discriminator().parameters().forEach(p -> assertTrue(p.requiresGrad(), "D unfrozen after the G step"));
        }
    }

    @Test
    void samplesAreImagesDeterministicPerSeedAndIndependentOfTheirBatch() {
        try (Scope s = Scope.open(); Gan gan = new Gan(GanConfig.dcgan().withSeed(3), CPU)) {
            gan.trainStep(images(3));
            Tensor a = gan.sample(4, 7, 0.5);
            assertArrayEquals(new int[] {4, 1, 28, 28}, a.shape());
            for (float v : a.toFloatArray()) {
                assertTrue(v >= 0f && v <= 1f, "pixel " + v);
            }
            assertArrayEquals(a.toFloatArray(), gan.sample(4, 7, 0.5).toFloatArray());
            assertFalse(Arrays.equals(a.toFloatArray(), gan.sample(4, 8, 0.5).toFloatArray()));
            assertFalse(Arrays.equals(a.toFloatArray(), gan.sample(4, 7, 1.5).toFloatArray()));
            assertArrayEquals(gan.sample(4, 7).toFloatArray(),
                    gan.sample(4, 7, Double.POSITIVE_INFINITY).toFloatArray());
            // Eval-mode BatchNorm: the first two of four samples are the two samples of the same seed.
            Close.assertClose("sample(2) vs sample(4)[:2]", gan.sample(2, 9), gan.sample(4, 9).slice(0, 0, 2), 1e-5);
            assertTrue(gan.generator().isTraining(), "sampling restores training mode");
        }
    }

    @Test
    void saveAndLoadGiveIdenticalSamples(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gan.safetensors");
        try (Scope s = Scope.open(); Gan trained = new Gan(GanConfig.dcgan().withSeed(1), CPU);
             Gan other = new Gan(GanConfig.dcgan().withSeed(2), CPU)) {
            trained.trainStep(images(3));
            trained.trainStep(images(3));
            trained.save(file);
            float[] expected = trained.sample(3, 5, 0.8).toFloatArray();
            assertFalse(Arrays.equals(expected, other.sample(3, 5, 0.8).toFloatArray()));
            other.load(file);
            assertArrayEquals(expected, other.sample(3, 5, 0.8).toFloatArray());
            try (Gan restored = Gan.fromCheckpoint(file, CPU)) {
                assertEquals(trained.config(), restored.config());
                assertArrayEquals(expected, restored.sample(3, 5, 0.8).toFloatArray());
            }
            Map<String, Tensor> saved = SafeTensors.read(file, CPU).tensors();
            assertTrue(saved.containsKey("generator.1.running_mean") && saved.containsKey("discriminator.3.weight"),
                    saved.keySet().toString());
            assertTrue(saved.keySet().stream().allMatch(k -> k.startsWith("generator.") || k.startsWith(
                    "discriminator.")), saved.keySet().toString());
        }
    }

    @Test
    void loadRejectsAnotherArchitectureOrFamily(@TempDir Path dir) throws Exception {
        Path dcgan = dir.resolve("dcgan.safetensors");
        Path vae = dir.resolve("vae.safetensors");
        try (Scope s = Scope.open(); Gan images = new Gan(GanConfig.dcgan(), CPU);
             Gan points = new Gan(GanConfig.mlp(2), CPU)) {
            images.save(dcgan);
            var e = assertThrows(IllegalArgumentException.class, () -> points.load(dcgan));
            assertTrue(e.getMessage().contains("Dcgan") && e.getMessage().contains("Mlp"), e.getMessage());
            SafeTensors.write(vae, Map.of("x", Tensor.zeros(2)), Map.of("triptych.vae.config", "{}"));
            e = assertThrows(IllegalArgumentException.class, () -> points.load(vae));
            assertTrue(e.getMessage().contains("not a GAN"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Gan.fromCheckpoint(vae, CPU));
            assertTrue(e.getMessage().contains("not a GAN"), e.getMessage());
        }
    }

    @Test
    void anMlpGanTrainsFiftyStepsOnARingWithoutNaNAndReproducibly() {
        double[] first = train50();
        for (double v : first) {
            assertTrue(Double.isFinite(v), Arrays.toString(first));
        }
        assertArrayEquals(first, train50(), "same seed, same losses");
    }

    private static double[] train50() {
        GanConfig config = GanConfig.mlp(2).withArchitecture(new GanArchitecture.Mlp(2, 4, 32, 2)).withSeed(4);
        try (Scope s = Scope.open(); Gan gan = new Gan(config, CPU)) {
            Map<String, Double> last = null;
            for (int step = 0; step < 50; step++) {
                try (Scope inner = Scope.open()) {
                    last = gan.trainStep(ring(32, step));
                }
            }
            float[] samples = gan.sample(256, 1).toFloatArray();
            for (float v : samples) {
                assertTrue(Float.isFinite(v), "sample " + v);
            }
            return new double[] {last.get("d_loss"), last.get("g_loss"), last.get("d_real"), last.get("d_fake")};
        }
    }

    @Test
    void badInputsAreRejectedNamingTheProblem() {
        try (Scope s = Scope.open(); Gan images = new Gan(GanConfig.dcgan(), CPU);
             Gan points = new Gan(GanConfig.mlp(2), CPU)) {
            var e = assertThrows(IllegalArgumentException.class, () -> images.trainStep(Tensor.zeros(2, 784)));
            assertTrue(e.getMessage().contains("[2, 784]") && e.getMessage().contains("[B, 1, 28, 28]"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> images.trainStep(images(2).mul(2f)));
            assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> points.discriminatorStep(ring(2, 1),
                    Tensor.zeros(2, 3)));
            assertTrue(e.getMessage().contains("fake batch") && e.getMessage().contains("[2, 3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> points.sample(0, 1));
            assertTrue(e.getMessage().contains("n must be >= 1"), e.getMessage());
            for (double psi : new double[] {0, -0.5, Double.NaN}) {
                e = assertThrows(IllegalArgumentException.class, () -> points.sample(4, 1, psi));
                assertTrue(e.getMessage().contains("psi"), e.getMessage());
            }
            Tensor nan = Tensor.of(new float[] {Float.NaN, 0f, 1f, 0f}, 2, 2);
            var a = assertThrows(ArithmeticException.class, () -> points.trainStep(nan));
            assertTrue(a.getMessage().contains("d_loss"), a.getMessage());
        }
    }
}
