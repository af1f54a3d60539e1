package io.triptych.models.vae;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.Close;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaeTest {
    private static final Device CPU = Device.cpu();

    // A 2-2-1 encoder and 1-2-2 decoder with weights written out, so that the ELBO can be computed by hand.
    private static final float[] W1 = {0.5f, -0.3f, 0.8f, 0.2f};
    private static final float[] B1 = {0.1f, -0.2f};
    private static final float[] WM = {0.7f, -0.4f};
    private static final float[] BM = {0.05f};
    private static final float[] WL = {-0.6f, 0.3f};
    private static final float[] BL = {-0.2f};
    private static final float[] W3 = {1.2f, -0.9f};
    private static final float[] B3 = {0.3f, 0.1f};
    private static final float[] W4 = {0.4f, -1.1f, 0.9f, 0.6f};
    private static final float[] B4 = {-0.1f, 0.2f};
    private static final float[] OUT_LOGVAR = {0.3f, -0.5f};
    private static final float[] X = {0.2f, 0.9f, 0.7f, 0.1f, 1f, 0f};

    private static Vae tiny(Likelihood likelihood) {
        Vae vae = new Vae(new VaeConfig(new VaeArchitecture.Mlp(List.of(2), 2, 1, 1), likelihood, 1f, 1e-3f, 0L), CPU);
        try (Scope s = Scope.open()) {
            Map<String, Tensor> w = new LinkedHashMap<>();
            w.put("encoder.0.weight", Tensor.of(W1, 2, 2));
            w.put("encoder.0.bias", Tensor.of(B1, 2));
            w.put("fc_mu.weight", Tensor.of(WM, 1, 2));
            w.put("fc_mu.bias", Tensor.of(BM, 1));
            w.put("fc_logvar.weight", Tensor.of(WL, 1, 2));
            w.put("fc_logvar.bias", Tensor.of(BL, 1));
            w.put("decoder.0.weight", Tensor.of(W3, 2, 1));
            w.put("decoder.0.bias", Tensor.of(B3, 2));
            w.put("decoder.2.weight", Tensor.of(W4, 2, 2));
            w.put("decoder.2.bias", Tensor.of(B4, 2));
            if (likelihood.learnsVariance()) {
                w.put("output_logvar", Tensor.of(OUT_LOGVAR, 2));
            }
            vae.network().loadStateDict(w);
        }
        return vae;
    }

    /** {ELBO, KL} of row r of X, in double, with the posterior noise eps. */
    private static double[] handElbo(Likelihood likelihood, int r, double eps) {
        double x0 = X[2 * r];
        double x1 = X[2 * r + 1];
        double h0 = Math.max(0, W1[0] * x0 + W1[1] * x1 + B1[0]);
        double h1 = Math.max(0, W1[2] * x0 + W1[3] * x1 + B1[1]);
        double mu = WM[0] * h0 + WM[1] * h1 + BM[0];
        double lv = WL[0] * h0 + WL[1] * h1 + BL[0];
        double z = mu + Math.exp(lv / 2) * eps;
        double d0 = Math.max(0, W3[0] * z + B3[0]);
        double d1 = Math.max(0, W3[1] * z + B3[1]);
        double[] out = {W4[0] * d0 + W4[1] * d1 + B4[0], W4[2] * d0 + W4[3] * d1 + B4[1]};
        double[] x = {x0, x1};
        double logpx = 0;
        for (int i = 0; i < 2; i++) {
            double diff = x[i] - out[i];
            logpx += switch (likelihood) {
                case Likelihood.Bernoulli b -> x[i] * out[i] - Math.log1p(Math.exp(out[i]));
                case Likelihood.Gaussian g -> -0.5 * diff * diff / (g.sigma() * g.sigma())
                        - 0.5 * Math.log(2 * Math.PI * g.sigma() * g.sigma());
                case Likelihood.LearnedGaussian g -> -0.5 * (diff * diff * Math.exp(-OUT_LOGVAR[i]) + OUT_LOGVAR[i]
                        + Math.log(2 * Math.PI));
            };
        }
        double kl = 0.5 * (mu * mu + Math.exp(lv) - 1 - lv);
        return new double[] {logpx - kl, kl};
    }

    @Test
    void elboMatchesTheHandComputedValueOfATinyFixedNetwork() {
        Likelihood[] all = {new Likelihood.Bernoulli(), new Likelihood.Gaussian(0.5), new Likelihood.LearnedGaussian()};
        for (Likelihood likelihood : all) {
            try (Scope s = Scope.open(); Vae vae = tiny(likelihood)) {
                Tensor x = Tensor.of(X, 3, 2);
                float[] eps = new Generator(17).normal(CPU, 0f, 1f, 3, 1).toFloatArray();
                double[] elbo = vae.elbo(x, 17);
                double meanKl = 0;
                for (int r = 0; r < 3; r++) {
                    double[] hand = handElbo(likelihood, r, eps[r]);
                    assertEquals(hand[0], elbo[r], 1e-5 * Math.max(1, Math.abs(hand[0])), likelihood + " row " + r);
                    meanKl += hand[1] / 3;
                }
                Map<String, Double> step = vae.trainStep(x);
                assertEquals(meanKl, step.get("kl"), 1e-6, likelihood + ": kl per sample");
                assertEquals(step.get("recon") + step.get("kl"), step.get("loss"), 1e-9);
            }
        }
    }

    /** {@code copies} copies of three fixed points, one row each. */
    private static Tensor replicated(int copies) {
        float[] pts = {0.3f, -0.8f, 1.1f, 0.4f, -0.5f, 0.9f};
        float[] xy = new float[copies * 6];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(pts, 0, xy, 6 * i, 6);
        }
        return Tensor.of(xy, 3 * copies, 2);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    @Test
    void importanceSampledNllIsMinusTheElboAtOneSampleAndBelowItWithMany() {
        VaeConfig config = new VaeConfig(new VaeArchitecture.Mlp(List.of(2), 16, 1, 2), new Likelihood.Gaussian(0.5),
                1f, 1e-3f, 3L);
        try (Scope s = Scope.open(); Vae vae = new Vae(config, CPU)) {
            Tensor x = replicated(1000);
            double[] elbo = vae.elbo(x, 5);
            double[] nll1 = vae.nll(x, 1, 5);
            // Same seed, same z: the two differ only by the KL's exact value against its one-sample estimate.
            double[] diff = new double[elbo.length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = nll1[i] + elbo[i];
            }
            double m = mean(diff);
            double var = Arrays.stream(diff).map(d -> (d - m) * (d - m)).sum() / (diff.length - 1);
            double se = Math.sqrt(var / diff.length);
            assertTrue(se > 0 && se < 0.05, "standard error " + se);
            assertTrue(Math.abs(m) < 4 * se, "mean of NLL(k=1) + ELBO is " + m + ", standard error " + se);

            Tensor few = replicated(50);
            double negElbo = -mean(vae.elbo(few, 6));
            double nll64 = mean(vae.nll(few, 64, 6));
            assertTrue(nll64 < negElbo, "NLL(k=64) " + nll64 + " vs -ELBO " + negElbo);
        }
    }

    @Test
    void interpolationRunsBetweenTheReconstructionsOfItsEnds() {
        try (Scope s = Scope.open(); Vae vae = new Vae(VaeConfig.conv(), CPU)) {
            Tensor images = Tensor.rand(new Generator(4), 2, 1, 28, 28);
            Tensor a = images.slice(0, 0, 1);
            Tensor b = images.slice(0, 1, 2).reshape(1, 28, 28);
            Tensor path = vae.interpolate(a, b, 5);
            assertArrayEquals(new int[] {5, 1, 28, 28}, path.shape());
            Close.assertClose("t = 0", path.slice(0, 0, 1), vae.decode(vae.encode(a)[0]), 1e-5);
            Close.assertClose("t = 1", path.slice(0, 4, 5), vae.reconstruct(b.reshape(1, 1, 28, 28)), 1e-5);
            assertFalse(Arrays.equals(path.slice(0, 2, 3).toFloatArray(), path.slice(0, 0, 1).toFloatArray()));
            var e = assertThrows(IllegalArgumentException.class, () -> vae.interpolate(images, b, 5));
            assertTrue(e.getMessage().contains("one sample"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> vae.interpolate(a, b, 1));
            assertTrue(e.getMessage().contains("steps"), e.getMessage());
        }
    }

    @Test
    void aConvolutionalTrainStepReportsTheNegativeElboAndItsTerms() {
        try (Scope s = Scope.open(); Vae vae = new Vae(VaeConfig.conv().withBeta(0.5f), CPU)) {
            Map<String, Double> out = vae.trainStep(Tensor.rand(new Generator(5), 2, 1, 28, 28));
            assertEquals(Set.of("loss", "recon", "kl"), out.keySet());
            // 784 Bernoulli pixels near p = 1/2 at the start: about 784 ln 2 = 543 nats.
            assertEquals(784 * Math.log(2), out.get("recon"), 30, out.toString());
            assertTrue(out.get("kl") >= 0, out.toString());
        }
    }

    /** {@code n} points near the ring of 8 modes of radius 1. */
    private static Tensor ring(int n, long seed) {
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
    void anMlpVaesLossFallsOverTwoHundredStepsOnARing() {
        double[] losses = new double[200];
        VaeConfig config = VaeConfig.mlp(2).withArchitecture(new VaeArchitecture.Mlp(List.of(2), 32, 1, 2)).withSeed(1);
        try (Scope s = Scope.open(); Vae vae = new Vae(config, CPU)) {
            for (int step = 0; step < losses.length; step++) {
                try (Scope inner = Scope.open()) {
                    losses[step] = vae.trainStep(ring(32, step)).get("loss");
                }
            }
        }
        double first = mean(Arrays.copyOfRange(losses, 0, 20));
        double last = mean(Arrays.copyOfRange(losses, 180, 200));
        assertTrue(last < 0.75 * first, "mean loss of the first 20 steps " + first + ", of the last 20 " + last);
    }

    @Test
    void saveAndLoadGiveIdenticalSamplesAndEstimates(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vae.safetensors");
        VaeConfig config = VaeConfig.mlp(2).withLikelihood(new Likelihood.LearnedGaussian());
        try (Scope s = Scope.open(); Vae trained = new Vae(config.withSeed(1), CPU);
             Vae other = new Vae(config.withSeed(2), CPU)) {
            for (int step = 0; step < 3; step++) {
                trained.trainStep(ring(32, step));
            }
            trained.save(file);
            Tensor x = ring(8, 99);
            float[] samples = trained.sample(6, 3).toFloatArray();
            double[] elbo = trained.elbo(x, 4);
            assertFalse(Arrays.equals(samples, other.sample(6, 3).toFloatArray()));
            other.load(file);
            assertArrayEquals(samples, other.sample(6, 3).toFloatArray());
            assertArrayEquals(elbo, other.elbo(x, 4));
            try (Vae restored = Vae.fromCheckpoint(file, CPU)) {
                assertEquals(trained.config(), restored.config());
                assertArrayEquals(samples, restored.sample(6, 3).toFloatArray());
            }
            assertTrue(SafeTensors.read(file, CPU).tensors().containsKey("output_logvar"));
        }
    }

    @Test
    void loadRejectsAnotherModelOrFamily(@TempDir Path dir) throws Exception {
        Path learned = dir.resolve("learned.safetensors");
        Path gan = dir.resolve("gan.safetensors");
        try (Scope s = Scope.open(); Vae a = new Vae(VaeConfig.mlp(2).withLikelihood(new Likelihood.LearnedGaussian()),
                CPU); Vae b = new Vae(VaeConfig.mlp(2).withLikelihood(new Likelihood.Gaussian(1)), CPU)) {
            a.save(learned);
            var e = assertThrows(IllegalArgumentException.class, () -> b.load(learned));
            assertTrue(e.getMessage().contains("LearnedGaussian") && e.getMessage().contains("Gaussian[sigma=1.0]"),
                    e.getMessage());
            SafeTensors.write(gan, Map.of("x", Tensor.zeros(2)), Map.of("triptych.gan.config", "{}"));
            e = assertThrows(IllegalArgumentException.class, () -> a.load(gan));
            assertTrue(e.getMessage().contains("not a VAE"), e.getMessage());
        }
    }

    @Test
    void badInputsAreRejectedNamingTheProblem() {
        try (Scope s = Scope.open(); Vae images = new Vae(VaeConfig.mnistMlp(), CPU);
             Vae points = new Vae(VaeConfig.mlp(2), CPU)) {
            var e = assertThrows(IllegalArgumentException.class, () -> images.trainStep(Tensor.zeros(2, 784)));
            assertTrue(e.getMessage().contains("[2, 784]") && e.getMessage().contains("[B, 1, 28, 28]"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> images.elbo(Tensor.full(CPU, 1.5f, 1, 1, 28, 28)));
            assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> points.nll(ring(4, 1), 0, 1));
            assertTrue(e.getMessage().contains("k"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> points.decode(Tensor.zeros(3, 5)));
            assertTrue(e.getMessage().contains("[3, 5]") && e.getMessage().contains("[B, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> points.sample(0, 1));
            assertTrue(e.getMessage().contains("n must be >= 1"), e.getMessage());
            Tensor nan = Tensor.of(new float[] {Float.NaN, 0f, 1f, 0f}, 2, 2);
            var a = assertThrows(ArithmeticException.class, () -> points.trainStep(nan));
            assertTrue(a.getMessage().contains("recon"), a.getMessage());
            a = assertThrows(ArithmeticException.class, () -> points.elbo(nan));
            assertTrue(a.getMessage().contains("ELBO"), a.getMessage());
        }
    }
}
