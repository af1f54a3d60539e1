package io.triptych.models.diffusion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules against a float64 reference written here and against the values diffusers' tests publish. */
class NoiseScheduleTest {
    /** diffusers' DDPMScheduler._get_variance for fixed_small: (1 - abar_{t-1}) / (1 - abar_t) beta_t. */
    private static double ddpmVariance(NoiseSchedule s, int t) {
        double prev = t > 0 ? s.alphaBar(t - 1) : 1.0;
        return Math.max((1 - prev) / (1 - s.alphaBar(t)) * (1 - s.alphaBar(t) / prev), 1e-20);
    }

    /** diffusers' DDIMScheduler._get_variance(t, prev). */
    private static double ddimVariance(NoiseSchedule s, int t, int prev) {
        double a = s.alphaBar(t);
        double ap = s.alphaBar(prev);
        return (1 - ap) / (1 - a) * (1 - a / ap);
    }

    @Test
    void linearMatchesLinspaceAndCumulativeProduct() {
        NoiseSchedule s = NoiseSchedule.linear(1000, 1e-4, 0.02);
        assertEquals(1000, s.trainSteps());
        double prod = 1;
        for (int t = 0; t < 1000; t++) {
            double beta = 1e-4 + (0.02 - 1e-4) * t / 999.0;
            prod *= 1 - beta;
            assertEquals(beta, s.beta(t), 1e-15, "beta " + t);
            assertEquals(prod, s.alphaBar(t), 1e-13 * prod + 1e-18, "alphas_cumprod " + t);
        }
        // sqrt(alphas_cumprod[999]) = 0.00635..., the signal left at the end of DDPM's schedule
        assertEquals(4.0358e-5, s.alphaBar(999), 1e-8);
        assertEquals(1e-4, s.betas()[0], 0);
        assertEquals(0.02, s.betas()[999], 0);
    }

    @Test
    void cosineMatchesBetasForAlphaBarWithItsCap() {
        int steps = 1000;
        NoiseSchedule s = NoiseSchedule.cosine(steps);
        assertEquals(NoiseSchedule.COSINE, s.name());
        double prod = 1;
        for (int t = 0; t < steps; t++) {
            double f1 = Math.pow(Math.cos(((double) t / steps + 0.008) / 1.008 * Math.PI / 2), 2);
            double f2 = Math.pow(Math.cos(((double) (t + 1) / steps + 0.008) / 1.008 * Math.PI / 2), 2);
            double beta = Math.min(1 - f2 / f1, 0.999);
            prod *= 1 - beta;
            assertEquals(beta, s.beta(t), 1e-15, "beta " + t);
            assertEquals(prod, s.alphaBar(t), 1e-12 * prod + 1e-300, "alphas_cumprod " + t);
        }
        assertEquals(0.999, s.beta(steps - 1), 0, "the last beta hits max_beta");
        // alphas_cumprod follows f(t)/f(0) until the cap: the schedule's defining property
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        double f500 = Math.pow(Math.cos((0.5 + 0.008) / 1.008 * Math.PI / 2), 2);
        assertEquals(f500 / f0, s.alphaBar(499), 1e-12);
    }

    @Test
    void variancesMatchDiffusersPublishedValues() {
        // tests/schedulers/test_scheduler_ddpm.py::test_variance and test_scheduler_ddim.py::test_variance
        NoiseSchedule s = NoiseSchedule.linear(1000, 1e-4, 0.02);
        assertEquals(0.0, ddpmVariance(s, 0), 1e-5);
        assertEquals(0.00979, ddpmVariance(s, 487), 1e-5);
        assertEquals(0.02, ddpmVariance(s, 999), 1e-5);
        assertEquals(0.14771, ddimVariance(s, 420, 400), 1e-5);
        assertEquals(0.32460, ddimVariance(s, 980, 960), 1e-5);
        assertEquals(0.00979, ddimVariance(s, 487, 486), 1e-5);
        assertEquals(0.02, ddimVariance(s, 999, 998), 1e-5);
    }

    @Test
    void ddpmSamplerNoiseIsTheFixedSmallVariance() {
        NoiseSchedule s = NoiseSchedule.linear(1000, 1e-4, 0.02);
        var plan = Sampler.ddpm(1000).plan(s, Prediction.EPSILON, 0, 0);
        assertEquals(1000, plan.size());
        assertEquals(487, plan.get(999 - 487).timestep());
        assertEquals(0.00979, Math.pow(plan.get(999 - 487).coefficients().outNoise(), 2), 1e-5);
        assertEquals(0.02, Math.pow(plan.get(0).coefficients().outNoise(), 2), 1e-5);
        assertEquals(0.0, plan.get(999).coefficients().outNoise(), 0, "no noise at t = 0");
    }

    @Test
    void byNameAndBadArguments() {
        assertEquals(NoiseSchedule.LINEAR, NoiseSchedule.of("linear", 10, 1e-3, 1e-2).name());
        assertEquals(NoiseSchedule.COSINE, NoiseSchedule.of("squaredcos_cap_v2", 10, 0, 0).name());
        var e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.of("scaled_linear", 10, 1e-3, 1e-2));
        assertTrue(e.getMessage().contains("scaled_linear"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(0, 1e-4, 0.02));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(10, 0, 0.02));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(10, 0.03, 0.02));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(10, 1e-4, 1.0));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(10, Double.NaN, 0.02));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.cosine(-1));
        NoiseSchedule s = NoiseSchedule.linear(10, 1e-4, 0.02);
        assertThrows(IllegalArgumentException.class, () -> s.alphaBar(10));
        assertThrows(IllegalArgumentException.class, () -> s.beta(-1));
    }
}
