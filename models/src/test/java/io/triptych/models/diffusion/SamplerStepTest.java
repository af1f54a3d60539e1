package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.ops.StepCoefficients;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.Close;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each sampler's planned step, evaluated by the fused kernel, against the diffusers update written out here in
 * float64 (scheduler code transcribed line by line, with its own alphas_cumprod), for epsilon and v prediction, with
 * and without clipping, with the kernel's Philox noise replayed for the stochastic samplers.
 */
class SamplerStepTest {
    private static final int T = 1000;
    private static final int N = 70;
    private static final double TOL = 2e-5;
    private static final long NOISE_SEED = 77;

    private static final double[] AC = alphasCumprod();

    private static double[] alphasCumprod() {
        double[] ac = new double[T];
        double prod = 1;
        for (int t = 0; t < T; t++) {
            prod *= 1 - (1e-4 + (0.02 - 1e-4) * t / (T - 1));
            ac[t] = prod;
        }
        return ac;
    }

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(T, 1e-4, 0.02);

    private static double[] randn(long seed, double scale) {
        Random r = new Random(seed);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = r.nextGaussian() * scale;
        }
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** The kernel's normal draws for a step run with a fresh Generator(NOISE_SEED). */
    private static double[] philoxNoise() {
        try (Scope s = Scope.open()) {
            return toDouble(new Generator(NOISE_SEED).normal(Device.cpu(), 0f, 1f, N).toFloatArray());
        }
    }

    /** Runs one planned step on float32 inputs (rounded from x and m); returns {x_prev, x0}. */
    private static double[][] kernel(double[] x, double[] m, double[] prevX0, StepCoefficients c) {
        try (Scope s = Scope.open()) {
            Tensor prev = prevX0 == null ? null : Tensor.of(toFloat(prevX0), N);
            Tensor[] out = F.denoiseStep(Tensor.of(toFloat(x), N), Tensor.of(toFloat(m), N), prev, c,
                    new Generator(NOISE_SEED));
            return new double[][] {toDouble(out[0].toFloatArray()), toDouble(out[1].toFloatArray())};
        }
    }

    private static double[] rounded(double[] v) {
        return toDouble(toFloat(v));
    }

    private static void assertClose(String what, double[] actual, double[] expected) {
        Close.assertClose(what, toFloat(actual), toFloat(expected), TOL);
    }

    // ------------------------------------------------------------------ the diffusers updates, in float64

    /** pred_original_sample of DDPM/DDIM step for prediction p at alphas_cumprod a. */
    private static double x0(Prediction p, double x, double m, double a) {
        return switch (p) {
            case EPSILON -> (x - Math.sqrt(1 - a) * m) / Math.sqrt(a);
            case V_PREDICTION -> Math.sqrt(a) * x - Math.sqrt(1 - a) * m;
            case SAMPLE -> m;
        };
    }

    private static double clip(double v, double range) {
        return range > 0 ? Math.max(-range, Math.min(range, v)) : v;
    }

    /** DDPMScheduler.step, variance_type fixed_small, with previous timestep prevT (-1 = none). */
    private static double[] ddpmReference(double[] x, double[] m, int t, int prevT, Prediction p, double range,
                                          double[] z) {
        double a = AC[t];
        double ap = prevT >= 0 ? AC[prevT] : 1.0;
        double betaProd = 1 - a;
        double betaProdPrev = 1 - ap;
        double curAlpha = a / ap;
        double curBeta = 1 - curAlpha;
        double c0 = Math.sqrt(ap) * curBeta / betaProd;
        double cx = Math.sqrt(curAlpha) * betaProdPrev / betaProd;
        double var = Math.max(betaProdPrev / betaProd * curBeta, 1e-20);
        double[] out = new double[N];
        for (int i = 0; i < N; i++) {
            double x0 = clip(x0(p, x[i], m[i], a), range);
            out[i] = c0 * x0 + cx * x[i] + (t > 0 ? Math.sqrt(var) * z[i] : 0);
        }
        return out;
    }

    /** DDIMScheduler.step with the given use_clipped_model_output. */
    private static double[] ddimReference(double[] x, double[] m, int t, int steps, boolean alphaToOne, Prediction p,
                                          double range, double eta, boolean useClippedModelOutput, double[] z) {
        int prevT = t - T / steps;
        double a = AC[t];
        double ap = prevT >= 0 ? AC[prevT] : alphaToOne ? 1.0 : AC[0];
        double b = 1 - a;
        double variance = (1 - ap) / b * (1 - a / ap);
        double std = eta * Math.sqrt(variance);
        double[] out = new double[N];
        for (int i = 0; i < N; i++) {
            double x0 = x0(p, x[i], m[i], a);
            double eps = switch (p) {
                case EPSILON -> m[i];
                case V_PREDICTION -> Math.sqrt(a) * m[i] + Math.sqrt(b) * x[i];
                case SAMPLE -> (x[i] - Math.sqrt(a) * x0) / Math.sqrt(b);
            };
            x0 = clip(x0, range);
            if (useClippedModelOutput) {
                eps = (x[i] - Math.sqrt(a) * x0) / Math.sqrt(b);
            }
            out[i] = Math.sqrt(ap) * x0 + Math.sqrt(1 - ap - std * std) * eps + std * z[i];
        }
        return out;
    }

    private static double sigmaOf(int t) {
        return Math.sqrt((1 - AC[t]) / AC[t]);
    }

    /** DPMSolverMultistepScheduler (dpmsolver++, midpoint): convert_model_output, then the first/second-order update. */
    private static double[][] dpmReference(double[] x, double[] m, double[] prevX0, double sigmaPrev, double sigmaNow,
                                           double sigmaNext, Prediction p, double range) {
        double alphaNow = 1 / Math.sqrt(sigmaNow * sigmaNow + 1);
        double sNow = sigmaNow * alphaNow;
        double alphaNext = 1 / Math.sqrt(sigmaNext * sigmaNext + 1);
        double sNext = sigmaNext * alphaNext;
        double lambdaNow = Math.log(alphaNow) - Math.log(sNow);
        double h = Math.log(alphaNext) - Math.log(sNext) - lambdaNow;
        double[] out = new double[N];
        double[] x0s = new double[N];
        for (int i = 0; i < N; i++) {
            double x0 = switch (p) {
                case EPSILON -> (x[i] - sNow * m[i]) / alphaNow;
                case V_PREDICTION -> alphaNow * x[i] - sNow * m[i];
                case SAMPLE -> m[i];
            };
            x0 = clip(x0, range);
            x0s[i] = x0;
            if (prevX0 == null) {
                out[i] = (sNext / sNow) * x[i] - alphaNext * (Math.exp(-h) - 1) * x0;
            } else {
                double alphaPrev = 1 / Math.sqrt(sigmaPrev * sigmaPrev + 1);
                double lambdaPrev = Math.log(alphaPrev) - Math.log(sigmaPrev * alphaPrev);
                double r0 = (lambdaNow - lambdaPrev) / h;
                double d1 = (x0 - prevX0[i]) / r0;
                out[i] = (sNext / sNow) * x[i] - alphaNext * (Math.exp(-h) - 1) * x0
                        - 0.5 * alphaNext * (Math.exp(-h) - 1) * d1;
            }
        }
        return new double[][] {out, x0s};
    }

    // ------------------------------------------------------------------ tests

    @Test
    void ddpmStepsMatchDiffusers() {
        double[] z = philoxNoise();
        for (Prediction p : new Prediction[] {Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE}) {
            for (double range : new double[] {0, 1}) {
                List<Sampler.Step> full = Sampler.ddpm(T).plan(SCHEDULE, p, range, 0);
                for (int t : new int[] {999, 487, 1, 0}) {
                    double[] x = rounded(randn(t, t > 500 ? 1.0 : 0.5));
                    double[] m = rounded(randn(t + 1, 1.0));
                    Sampler.Step step = full.get(999 - t);
                    assertEquals(t, step.timestep());
                    double[] expected = ddpmReference(x, m, t, t - 1, p, range, z);
                    assertClose("DDPM " + p + " clip " + range + " t " + t, kernel(x, m, null,
                            step.coefficients())[0], expected);
                }
                // a shorter DDPM takes the next planned timestep as the previous one
                List<Sampler.Step> short10 = new Ddpm(10, TimestepSpacing.TRAILING, 0).plan(SCHEDULE, p, range, 0);
                double[] x = rounded(randn(5, 1.0));
                double[] m = rounded(randn(6, 1.0));
                assertClose("DDPM-10 " + p, kernel(x, m, null, short10.get(3).coefficients())[0],
                        ddpmReference(x, m, 699, 599, p, range, z));
            }
        }
    }

    @Test
    void ddimStepsMatchDiffusersWithAndWithoutEta() {
        double[] z = philoxNoise();
        for (Prediction p : new Prediction[] {Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE}) {
            for (double eta : new double[] {0, 0.5, 1}) {
                for (boolean alphaToOne : new boolean[] {true, false}) {
                    // linspace visits 999, 888, ... but steps each to t - T // steps, as diffusers does
                    TimestepSpacing spacing = alphaToOne ? TimestepSpacing.LEADING : TimestepSpacing.LINSPACE;
                    Ddim ddim = new Ddim(10, eta, spacing, 0, alphaToOne);
                    List<Sampler.Step> plan = ddim.plan(SCHEDULE, p, 0, 0);
                    for (int i : new int[] {0, 4, 9}) {
                        int t = plan.get(i).timestep();
                        double[] x = rounded(randn(i, 1.0));
                        double[] m = rounded(randn(i + 50, 1.0));
                        assertClose("DDIM " + p + " eta " + eta + " t " + t, kernel(x, m, null,
                                plan.get(i).coefficients())[0],
                                ddimReference(x, m, t, 10, alphaToOne, p, 0, eta, false, z));
                    }
                }
            }
        }
    }

    @Test
    void ddimWithClippingRederivesTheNoiseFromTheClippedPrediction() {
        double[] z = philoxNoise();
        for (Prediction p : new Prediction[] {Prediction.EPSILON, Prediction.V_PREDICTION}) {
            Ddim ddim = Ddim.of(20, 0.3);
            List<Sampler.Step> plan = ddim.plan(SCHEDULE, p, 1.0, 0);
            int i = 5;
            int t = plan.get(i).timestep();
            double[] x = rounded(randn(9, 1.5));
            double[] m = rounded(randn(10, 1.0));
            int clamped = 0;
            for (int k = 0; k < N; k++) {
                clamped += Math.abs(x0(p, x[k], m[k], AC[t])) > 1 ? 1 : 0;
            }
            assertTrue(clamped > 5, "the clamp must bite for the test to mean anything: " + clamped);
            assertClose("DDIM clipped " + p, kernel(x, m, null, plan.get(i).coefficients())[0],
                    ddimReference(x, m, t, 20, true, p, 1.0, 0.3, true, z));
        }
    }

    @Test
    void dpmSolverFirstAndSecondOrderStepsMatchDiffusers() {
        for (Prediction p : new Prediction[] {Prediction.EPSILON, Prediction.V_PREDICTION, Prediction.SAMPLE}) {
            for (double range : new double[] {0, 1}) {
                DpmSolver solver = new DpmSolver(12, TimestepSpacing.LINSPACE, 0, true, DpmSolver.FinalSigma.ZERO);
                int[] ts = solver.timesteps(T);
                List<Sampler.Step> plan = solver.plan(SCHEDULE, p, range, 0);
                double[] x = rounded(randn(1, 1.0));
                double[] m0 = rounded(randn(2, 1.0));
                double[][] first = kernel(x, m0, null, plan.get(0).coefficients());
                double[][] ref1 = dpmReference(x, m0, null, 0, sigmaOf(ts[0]), sigmaOf(ts[1]), p, range);
                assertClose("DPM++ first order " + p + " clip " + range, first[0], ref1[0]);
                assertClose("DPM++ x0 " + p, first[1], ref1[1]);
                assertEquals(0, plan.get(0).coefficients().outPrevX0(), "the first step is first order");

                double[] x1 = first[0];
                double[] m1 = rounded(randn(3, 1.0));
                double[][] second = kernel(x1, m1, first[1], plan.get(1).coefficients());
                double[][] ref2 = dpmReference(x1, m1, first[1], sigmaOf(ts[0]), sigmaOf(ts[1]), sigmaOf(ts[2]), p,
                        range);
                assertClose("DPM++ second order " + p + " clip " + range, second[0], ref2[0]);

                // the last step lands on sigma 0: first order, returning the data prediction
                int last = ts.length - 1;
                double[] xl = rounded(randn(4, 0.2));
                double[] ml = rounded(randn(5, 0.2));
                double[][] end = kernel(xl, ml, rounded(randn(6, 1.0)), plan.get(last).coefficients());
                double[][] refEnd = dpmReference(xl, ml, null, 0, sigmaOf(ts[last]), 0, p, range);
                assertClose("DPM++ final step " + p, end[0], refEnd[0]);
                assertClose("DPM++ final step returns x0 " + p, end[0], end[1]);
            }
        }
    }

    @Test
    void dpmSolverSigmaMinEndAndLowerOrderFinal() {
        Prediction p = Prediction.EPSILON;
        int[] ts = TimestepSpacing.LINSPACE.dpmSolverTimesteps(T, 10, 0);
        double sigmaMin = sigmaOf(0);
        double[] x = rounded(randn(7, 0.3));
        double[] m = rounded(randn(8, 0.3));
        double[] prev = rounded(randn(9, 0.3));
        // no lower_order_final: the last step is second order, towards sigma(t = 0)
        DpmSolver second = new DpmSolver(10, TimestepSpacing.LINSPACE, 0, false, DpmSolver.FinalSigma.SIGMA_MIN);
        assertClose("DPM++ second-order last step", kernel(x, m, prev, second.plan(SCHEDULE, p, 0, 0).get(9)
                .coefficients())[0], dpmReference(x, m, prev, sigmaOf(ts[8]), sigmaOf(ts[9]), sigmaMin, p, 0)[0]);
        // lower_order_final below 15 steps: first order
        DpmSolver lowered = new DpmSolver(10, TimestepSpacing.LINSPACE, 0, true, DpmSolver.FinalSigma.SIGMA_MIN);
        assertEquals(0, lowered.plan(SCHEDULE, p, 0, 0).get(9).coefficients().outPrevX0());
        assertClose("DPM++ lowered last step", kernel(x, m, null, lowered.plan(SCHEDULE, p, 0, 0).get(9)
                .coefficients())[0], dpmReference(x, m, null, 0, sigmaOf(ts[9]), sigmaMin, p, 0)[0]);
        // 15 steps or more keep second order to the end
        DpmSolver many = new DpmSolver(15, TimestepSpacing.LINSPACE, 0, true, DpmSolver.FinalSigma.SIGMA_MIN);
        assertTrue(many.plan(SCHEDULE, p, 0, 0).get(14).coefficients().outPrevX0() != 0);
    }

    @Test
    void aPlanStartedLaterBeginsWithAFirstOrderStep() {
        DpmSolver solver = DpmSolver.of(20);
        List<Sampler.Step> full = solver.plan(SCHEDULE, Prediction.EPSILON, 0, 0);
        List<Sampler.Step> late = solver.plan(SCHEDULE, Prediction.EPSILON, 0, 8);
        assertEquals(12, late.size());
        assertEquals(full.get(8).timestep(), late.get(0).timestep());
        assertTrue(full.get(8).coefficients().outPrevX0() != 0);
        assertEquals(0, late.get(0).coefficients().outPrevX0());
        assertEquals(full.get(9).coefficients(), late.get(1).coefficients());
    }

    @Test
    void samplersRoundTripThroughJsonAndRejectBadSettings() {
        for (Sampler s : new Sampler[] {Sampler.ddpm(1000), new Ddpm(50, TimestepSpacing.LINSPACE, 0),
            new Ddim(50, 0.5, TimestepSpacing.LEADING, 1, false), Sampler.ddim(20),
            new DpmSolver(25, TimestepSpacing.TRAILING, 0, false, DpmSolver.FinalSigma.SIGMA_MIN)}) {
            assertEquals(s, Sampler.fromJson(s.toJson()), s.label());
        }
        assertThrows(IllegalArgumentException.class, () -> Ddim.of(10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Ddim.of(10, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Sampler.ddim(0));
        assertThrows(IllegalArgumentException.class, () -> Sampler.dpmSolver(-3));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Sampler.ddim(2000).plan(SCHEDULE, Prediction.EPSILON, 0, 0));
        assertTrue(e.getMessage().contains("2000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sampler.ddim(10).plan(SCHEDULE, Prediction.EPSILON, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampler.ddim(10).plan(SCHEDULE, Prediction.EPSILON, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> Sampler.fromJson(new java.util.LinkedHashMap<>(
                java.util.Map.of("type", "euler"))));
    }
}
