package io.triptych.engine.ops;

import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.Close;
import io.triptych.engine.testing.GradCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fused sampling kernels against the same math written out in double here, with the same Philox noise. */
class SamplingKernelTest {
    @Test
    void reparameterizeUsesTheGeneratorsNormalStream() {
        try (Scope s = Scope.open()) {
            Generator g = new Generator(11);
            g.offset(5);
            Tensor mu = Tensor.randn(new Generator(1), 3, 7);
            Tensor logvar = Tensor.randn(new Generator(2), 3, 7);
            Tensor z = F.reparameterize(mu, logvar, g);
            assertEquals(5 + 6, g.offset(), "21 numbers take 6 Philox blocks");
            Generator replay = new Generator(11);
            replay.offset(5);
            float[] eps = replay.normal(mu.device(), 0f, 1f, 21).toFloatArray();
            float[] m = mu.toFloatArray();
            float[] lv = logvar.toFloatArray();
            float[] expected = new float[21];
            for (int i = 0; i < 21; i++) {
                expected[i] = (float) (m[i] + Math.exp(0.5 * lv[i]) * eps[i]);
            }
            Close.assertClose("z", z.toFloatArray(), expected, 1e-6);
        }
    }

    @Test
    void reparameterizeGradientMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            GradCheck.check("reparameterize", in -> F.reparameterize(in[0], in[1], new Generator(5)),
                    Tensor.randn(new Generator(1), 4, 3), Tensor.randn(new Generator(2), 4, 3).mul(0.5f));
        }
    }

    @Test
    void denoiseStepEvaluatesTheCoefficientsWithClippingPreviousX0AndNoise() {
        try (Scope s = Scope.open()) {
            int n = 37;
            Tensor x = Tensor.randn(new Generator(1), n).mul(2f);
            Tensor model = Tensor.randn(new Generator(2), n);
            Tensor prev = Tensor.randn(new Generator(3), n);
            StepCoefficients c = new StepCoefficients(1.3, -0.7, 1.0, 0.4, -0.9, 0.8, 0.6, 0.3, -0.25, 0.15);
            Generator g = new Generator(99);
            Tensor[] out = F.denoiseStep(x, model, prev, c, g);
            float[] z = new Generator(99).normal(x.device(), 0f, 1f, n).toFloatArray();
            float[] xs = x.toFloatArray();
            float[] ms = model.toFloatArray();
            float[] ps = prev.toFloatArray();
            float[] expectedOut = new float[n];
            float[] expectedX0 = new float[n];
            for (int i = 0; i < n; i++) {
                double x0 = Math.max(-1.0, Math.min(1.0, 1.3 * xs[i] - 0.7 * ms[i]));
                double eps = 0.4 * xs[i] - 0.9 * x0;
                expectedX0[i] = (float) x0;
                expectedOut[i] = (float) (0.8 * xs[i] + 0.6 * x0 + 0.3 * eps - 0.25 * ps[i] + 0.15 * z[i]);
            }
            Close.assertClose("x0", out[1].toFloatArray(), expectedX0, 1e-6);
            Close.assertClose("x_prev", out[0].toFloatArray(), expectedOut, 1e-6);
            assertEquals(10, g.offset(), "noise used ceil(37/4) blocks");
        }
    }

    @Test
    void deterministicStepsDrawNoNoise() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Generator(1), 8);
            StepCoefficients ddim = new StepCoefficients(1, 0, 0, 0, 0, 2, 0, 0, 0, 0);
            Tensor[] out = F.denoiseStep(x, Tensor.zerosLike(x), null, ddim, null);
            assertArrayEquals(x.mul(2f).toFloatArray(), out[0].toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aStepThatNeedsMissingInputsIsRejected() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(4);
            StepCoefficients usesPrev = new StepCoefficients(1, 0, 0, 0, 0, 1, 0, 0, 0.5, 0);
            assertThrows(IllegalArgumentException.class, () -> F.denoiseStep(x, x, null, usesPrev, null));
            StepCoefficients noisy = new StepCoefficients(1, 0, 0, 0, 0, 1, 0, 0, 0, 0.5);
            assertThrows(IllegalArgumentException.class, () -> F.denoiseStep(x, x, null, noisy, null));
            assertThrows(IllegalArgumentException.class, () -> F.denoiseStep(x, Tensor.zeros(5), null,
                    new StepCoefficients(1, 0, 0, 0, 0, 1, 0, 0, 0, 0), null));
            assertThrows(IllegalArgumentException.class, () -> new StepCoefficients(Double.NaN, 0, 0, 0, 0, 1, 0, 0,
                    0, 0));
        }
    }
}
