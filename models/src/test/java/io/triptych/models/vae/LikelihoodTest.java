package io.triptych.models.vae;

import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Log densities against values written out by hand, and the fused training loss against them. */
class LikelihoodTest {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private static double softplus(double v) {
        return Math.log1p(Math.exp(v));
    }

    @Test
    void logProbSumsTheHandComputedDensityOverEachSample() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {0.2f, 1f, 0f, 0.5f}, 2, 2);
            Tensor out = Tensor.of(new float[] {0.5f, -1f, 2f, 0f}, 2, 2);
            Tensor logvar = Tensor.of(new float[] {0.3f, -0.7f}, 2);
            double[] bernoulli = {0.2 * 0.5 - softplus(0.5) + 1 * -1.0 - softplus(-1.0),
                -softplus(2.0) + 0.5 * 0 - softplus(0.0)};
            double[] gaussian = {-2 * (0.3 * 0.3 + 2 * 2) - Math.log(2 * Math.PI * 0.25),
                -2 * (2 * 2 + 0.5 * 0.5) - Math.log(2 * Math.PI * 0.25)};
            double[] learned = {-0.5 * (0.09 * Math.exp(-0.3) + 4 * Math.exp(0.7) + 0.3 - 0.7 + 2 * LOG_2PI),
                -0.5 * (4 * Math.exp(-0.3) + 0.25 * Math.exp(0.7) + 0.3 - 0.7 + 2 * LOG_2PI)};
            assertClose(bernoulli, new Likelihood.Bernoulli().logProb(x, out, null));
            assertClose(gaussian, new Likelihood.Gaussian(0.5).logProb(x, out, null));
            assertClose(learned, new Likelihood.LearnedGaussian().logProb(x, out, logvar));
        }
    }

    private static void assertClose(double[] expected, Tensor actual) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "sample " + i);
        }
    }

    @Test
    void theTrainingLossIsMinusTheMeanLogProb() {
        Likelihood[] all = {new Likelihood.Bernoulli(), new Likelihood.Gaussian(0.3), new Likelihood.LearnedGaussian()};
        try (Scope s = Scope.open()) {
            Generator gen = new Generator(8);
            Tensor x = Tensor.rand(gen, 4, 3, 5);
            Tensor out = Tensor.randn(gen, 4, 3, 5);
            Tensor logvar = Tensor.randn(gen, 3, 5);
            for (Likelihood l : all) {
                float fused = l.negLogLikelihood(x, out, logvar).item();
                float composed = -F.mean(l.logProb(x, out, logvar)).item();
                assertEquals(composed, fused, 1e-5 * Math.abs(composed), l.toString());
            }
        }
    }

    @Test
    void meansAreTheSigmoidOfLogitsOrTheOutputItself() {
        try (Scope s = Scope.open()) {
            Tensor out = Tensor.of(new float[] {0f, 2f}, 1, 2);
            assertArrayEquals(new float[] {0.5f, (float) (1 / (1 + Math.exp(-2)))},
                    new Likelihood.Bernoulli().mean(out).toFloatArray(), 1e-6f);
            assertArrayEquals(out.toFloatArray(), new Likelihood.Gaussian(1).mean(out).toFloatArray());
        }
    }

    @Test
    void sigmaMustBePositiveAndFinite() {
        for (double sigma : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new Likelihood.Gaussian(sigma));
        }
    }
}
