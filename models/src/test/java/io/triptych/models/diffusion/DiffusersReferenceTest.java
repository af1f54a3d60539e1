package io.triptych.models.diffusion;

import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * diffusers' own RNG-free scheduler loops, reproduced exactly (tests/schedulers/test_scheduler_ddim.py and
 * test_scheduler_dpm_multi.py): the deterministic sample arange(768) / 768 laid out [3, 8, 8, 4] and permuted to
 * [4, 3, 8, 8], the dummy model sample * t / (t + 1), 10 steps, and the published sum and mean of |x| at the end,
 * with diffusers' tolerances (1e-2 on the sum, 1e-3 on the mean).
 */
class DiffusersReferenceTest {
    private static final int T = 1000;

    /** dummy_sample_deter (flip = false) or dummy_noise_deter (flip = true) of SchedulerCommonTest. */
    private static Tensor deterministic(boolean flip) {
        int n = 4 * 3 * 8 * 8;
        float[] v = new float[n];
        for (int b = 0; b < 4; b++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 8; h++) {
                    for (int w = 0; w < 8; w++) {
                        int source = ((c * 8 + h) * 8 + w) * 4 + b;
                        int value = flip ? n - 1 - source : source;
                        v[((b * 3 + c) * 8 + h) * 8 + w] = (float) value / n;
                    }
                }
            }
        }
        return Tensor.of(v, 4, 3, 8, 8);
    }

    /** Runs the plan with the dummy model from x; returns {sum |x|, mean |x|}. */
    private static double[] loop(List<Sampler.Step> plan, Tensor x) {
        Tensor prevX0 = Tensor.zerosLike(x);
        for (Sampler.Step step : plan) {
            int t = step.timestep();
            Tensor residual = x.mul((float) t / (t + 1));
            Tensor[] next = F.denoiseStep(x, residual, prevX0, step.coefficients(), new Generator(0));
            x = next[0];
            prevX0 = next[1];
        }
        double sum = 0;
        for (float v : x.toFloatArray()) {
            sum += Math.abs(v);
        }
        return new double[] {sum, sum / x.numel()};
    }

    private static void check(String what, double[] result, double sum, double mean) {
        if (!Double.isNaN(sum)) {
            assertEquals(sum, result[0], 1e-2, what + ": sum of |x|");
        }
        assertEquals(mean, result[1], 1e-3, what + ": mean of |x|");
    }

    private static NoiseSchedule linear(double betaStart) {
        return NoiseSchedule.linear(T, betaStart, 0.02);
    }

    /** DDIMSchedulerTest's config: clip_sample True, leading spacing, steps_offset 0, eta 0. */
    private static List<Sampler.Step> ddim(NoiseSchedule s, Prediction p, boolean alphaToOne, int start) {
        return new Ddim(10, 0, TimestepSpacing.LEADING, 0, alphaToOne).plan(s, p, 1.0, start);
    }

    /** DPMSolverMultistepSchedulerTest's config: linspace, lower_order_final False, final_sigmas_type sigma_min. */
    private static DpmSolver dpm() {
        return new DpmSolver(10, TimestepSpacing.LINSPACE, 0, false, DpmSolver.FinalSigma.SIGMA_MIN);
    }

    @Test
    void ddimFullLoops() {
        try (Scope s = Scope.open()) {
            check("test_full_loop_no_noise", loop(ddim(linear(1e-4), Prediction.EPSILON, true, 0),
                    deterministic(false)), 172.0067, 0.223967);
            check("test_full_loop_with_v_prediction", loop(ddim(linear(1e-4), Prediction.V_PREDICTION, true, 0),
                    deterministic(false)), 52.5302, 0.0684);
            check("test_full_loop_with_set_alpha_to_one", loop(ddim(linear(0.01), Prediction.EPSILON, true, 0),
                    deterministic(false)), 149.8295, 0.1951);
            check("test_full_loop_with_no_set_alpha_to_one", loop(ddim(linear(0.01), Prediction.EPSILON, false, 0),
                    deterministic(false)), 149.0784, 0.1941);
        }
    }

    @Test
    void ddimLoopFromANoisedSample() {
        // test_full_loop_with_noise: add_noise at timesteps[8] (100), then the last two steps
        try (Scope s = Scope.open()) {
            NoiseSchedule schedule = linear(1e-4);
            DiffusionProcess process = new DiffusionProcess(schedule, Prediction.EPSILON, 1.0);
            List<Sampler.Step> plan = ddim(schedule, Prediction.EPSILON, true, 8);
            Tensor x = process.addNoise(deterministic(false), deterministic(true), new int[] {100, 100, 100, 100});
            assertEquals(100, plan.get(0).timestep());
            check("test_full_loop_with_noise", loop(plan, x), 354.5418, 0.4616);
        }
    }

    @Test
    void dpmSolverFullLoops() {
        try (Scope s = Scope.open()) {
            NoiseSchedule schedule = linear(1e-4);
            check("test_full_loop_no_noise", loop(dpm().plan(schedule, Prediction.EPSILON, 0, 0),
                    deterministic(false)), Double.NaN, 0.3301);
            check("test_full_loop_with_v_prediction", loop(dpm().plan(schedule, Prediction.V_PREDICTION, 0, 0),
                    deterministic(false)), Double.NaN, 0.2251);
        }
    }

    @Test
    void dpmSolverLoopFromANoisedSample() {
        // test_full_loop_with_noise: add_noise at timesteps[5] (500), then the last five steps, the first first-order
        try (Scope s = Scope.open()) {
            NoiseSchedule schedule = linear(1e-4);
            DiffusionProcess process = new DiffusionProcess(schedule, Prediction.EPSILON, 0);
            List<Sampler.Step> plan = dpm().plan(schedule, Prediction.EPSILON, 0, 5);
            assertEquals(500, plan.get(0).timestep());
            Tensor x = process.addNoise(deterministic(false), deterministic(true), new int[] {500, 500, 500, 500});
            check("test_full_loop_with_noise", loop(plan, x), 318.4111, 0.4146);
        }
    }
}
