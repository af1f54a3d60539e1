package io.triptych.models.vae;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.Json;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The networks' shapes, sizes and names, on batches of 2 and 3. */
class VaeNetworksTest {
    private static final Device CPU = Device.cpu();

    private static void assertShapes(Vae vae, int batch, int[] data) {
        Generator gen = new Generator(1);
        int[] shape = new int[data.length + 1];
        shape[0] = batch;
        System.arraycopy(data, 0, shape, 1, data.length);
        Tensor x = Tensor.rand(gen, shape);
        Tensor[] q = vae.encode(x);
        assertArrayEquals(new int[] {batch, vae.latentDim()}, q[0].shape());
        assertArrayEquals(new int[] {batch, vae.latentDim()}, q[1].shape());
        assertArrayEquals(shape, vae.decode(q[0]).shape());
        assertArrayEquals(shape, vae.decoderOutput(q[0]).shape());
        assertArrayEquals(shape, vae.reconstruct(x).shape());
        assertArrayEquals(shape, vae.sample(batch, 2).shape());
    }

    @Test
    void convolutionalVaeMapsImagesToLatentsAndBack() {
        try (Scope s = Scope.open(); Vae vae = new Vae(VaeConfig.conv(), CPU)) {
            assertShapes(vae, 2, new int[] {1, 28, 28});
            long encoder = (16 * 32 + 32) + (32 * 64 * 16 + 64) + (3136 * 256 + 256);
            long heads = 2 * (256 * 20 + 20);
            long decoder = (20 * 256 + 256) + (256 * 3136 + 3136) + (64 * 32 * 16 + 32) + (32 * 16 + 1);
            assertEquals(encoder + heads + decoder, vae.parameterCount());
        }
    }

    @Test
    void pytorchsExampleVaeIs784To400To20() {
        try (Scope s = Scope.open(); Vae vae = new Vae(VaeConfig.mnistMlp(), CPU)) {
            assertShapes(vae, 3, new int[] {1, 28, 28});
            // fc1, fc21, fc22, fc3, fc4 of pytorch/examples' vae/main.py.
            assertEquals((784 * 400 + 400) + 2 * (400 * 20 + 20) + (20 * 400 + 400) + (400 * 784 + 784),
                    vae.parameterCount());
            assertEquals(Set.of("encoder.1.weight", "encoder.1.bias", "fc_mu.weight", "fc_mu.bias",
                    "fc_logvar.weight", "fc_logvar.bias", "decoder.0.weight", "decoder.0.bias", "decoder.2.weight",
                    "decoder.2.bias"), vae.network().stateDict().keySet());
        }
    }

    @Test
    void mlpVaeForPointsLearnsOneOutputLogVariancePerDimension() {
        VaeConfig config = VaeConfig.mlp(2).withLikelihood(new Likelihood.LearnedGaussian());
        try (Scope s = Scope.open(); Vae vae = new Vae(config, CPU)) {
            assertShapes(vae, 3, new int[] {2});
            Tensor logvar = vae.network().stateDict().get("output_logvar");
            assertArrayEquals(new float[] {0f, 0f}, logvar.toFloatArray());
        }
    }

    @Test
    void badSizesAndSettingsAreRejectedWithTheirValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> new VaeArchitecture.Conv(1, 30, 28, 64, 8));
        assertTrue(e.getMessage().contains("height=30"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new VaeArchitecture.Mlp(List.of(2, 0), 8, 1, 2));
        assertTrue(e.getMessage().contains("[2, 0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.mlp(2).withBeta(-0.5f));
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("-0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.mlp(2).withLearningRate(Float.NaN));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    }

    @Test
    void configSurvivesJson() {
        for (VaeConfig c : new VaeConfig[] {VaeConfig.conv().withBeta(0.5f), VaeConfig.mnistMlp().withSeed(9),
            VaeConfig.mlp(3).withLikelihood(new Likelihood.Gaussian(0.1)).withLearningRate(3e-4f)}) {
            assertEquals(c, VaeConfig.fromJson((Map<?, ?>) Json.parse(Json.write(c.toJson()))));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.fromJson(Map.of("architecture",
                Map.of("type", "mlp", "shape", List.of(2), "hidden", 8, "hidden_layers", 1, "latent_dim", 2),
                "likelihood", Map.of("type", "poisson"))));
        assertTrue(e.getMessage().contains("poisson"), e.getMessage());
    }
}
