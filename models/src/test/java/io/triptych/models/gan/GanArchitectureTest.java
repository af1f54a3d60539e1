package io.triptych.models.gan;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.Json;
import io.triptych.engine.nn.Module;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The networks' shapes, sizes, names and initialisation, on batches of 2 and 3. */
class GanArchitectureTest {
    private static final Device CPU = Device.cpu();

    @Test
    void dcganMapsLatentsToImagesAndImagesToOneLogit() {
        GanArchitecture a = new GanArchitecture.Dcgan(100, 64);
        Generator gen = new Generator(1);
        try (Scope s = Scope.open(); Module g = a.generator(CPU, gen); Module d = a.discriminator(CPU, gen)) {
            Tensor images = g.forward(Tensor.randn(gen, 3, 100, 1, 1));
            assertArrayEquals(new int[] {3, 1, 28, 28}, images.shape());
            for (float v : images.toFloatArray()) {
                assertTrue(v >= -1f && v <= 1f, "tanh output " + v);
            }
            assertArrayEquals(new int[] {3, 1, 1, 1}, d.forward(images).shape());
            // Bias-free convolutions as in the DCGAN paper, and BN scale and shift.
            assertEquals(100 * 128 * 49 + 2 * 128 + 128 * 64 * 16 + 2 * 64 + 64 * 16, g.parameterCount());
            assertEquals(16 * 64 + 64 * 128 * 16 + 2 * 128 + 128 * 49, d.parameterCount());
        }
    }

    @Test
    void dcganStartsFromTheDcganInitialisation() {
        GanArchitecture a = new GanArchitecture.Dcgan(100, 64);
        try (Scope s = Scope.open(); Module g = a.generator(CPU, new Generator(2))) {
            float[] w = g.namedParameters().get("0.weight").toFloatArray();
            double sq = 0;
            for (float v : w) {
                sq += (double) v * v;
            }
            double std = Math.sqrt(sq / w.length);
            assertEquals(0.02, std, 0.001, "conv weights ~ N(0, 0.02); " + w.length + " values");
            double bnMean = 0;
            for (float v : g.namedParameters().get("1.weight").toFloatArray()) {
                bnMean += v / 128.0;
            }
            assertEquals(1.0, bnMean, 0.01, "BN scales ~ N(1, 0.02)");
            for (float v : g.namedParameters().get("1.bias").toFloatArray()) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void mlpPairMapsLatentsToPointsAndPointsToOneLogit() {
        GanArchitecture a = new GanArchitecture.Mlp(2, 8, 16, 3);
        Generator gen = new Generator(3);
        try (Scope s = Scope.open(); Module g = a.generator(CPU, gen); Module d = a.discriminator(CPU, gen)) {
            Tensor points = g.forward(Tensor.randn(gen, 2, 8));
            assertArrayEquals(new int[] {2, 2}, points.shape());
            assertArrayEquals(new int[] {2, 1}, d.forward(points).shape());
            assertEquals((8 * 16 + 16) + 2 * (16 * 16 + 16) + (16 * 2 + 2), g.parameterCount());
            assertEquals((2 * 16 + 16) + 2 * (16 * 16 + 16) + (16 + 1), d.parameterCount());
        }
    }

    @Test
    void badSizesAndSettingsAreRejectedWithTheirValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GanArchitecture.Mlp(2, 0, 16, 3));
        assertTrue(e.getMessage().contains("latentDim=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GanArchitecture.Dcgan(100, -1));
        assertTrue(e.getMessage().contains("width=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GanConfig.dcgan().withLearningRate(0f));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GanConfig.dcgan().withBetas(0.5f, 1f));
        assertTrue(e.getMessage().contains("beta2=1.0"), e.getMessage());
    }

    @Test
    void configSurvivesJson() {
        for (GanConfig c : new GanConfig[] {GanConfig.dcgan().withSeed(42).withLearningRate(1e-3f),
            GanConfig.mlp(3).withBetas(0.9f, 0.99f)}) {
            assertEquals(c, GanConfig.fromJson((Map<?, ?>) Json.parse(Json.write(c.toJson()))));
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> GanConfig.fromJson(Map.of("architecture", Map.of("type", "unet"))));
        assertTrue(e.getMessage().contains("unet"), e.getMessage());
    }
}
