package io.triptych.models.diffusion;

import io.triptych.engine.ops.StepCoefficients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * DPM-Solver++(2M) (Lu et al. 2022) as diffusers' DPMSolverMultistepScheduler with algorithm_type "dpmsolver++",
 * solver_order 2, solver_type "midpoint". With sigma = sqrt((1 - abar) / abar), alpha_t = 1 / sqrt(sigma^2 + 1),
 * sigma_t = sigma alpha_t, lambda = log alpha_t - log sigma_t and h = lambda_next - lambda_now:
 * <ul>
 * <li>first order (the first step, and the last when lower_order_final applies): x_next = (sigma_next / sigma_now)
 * x - alpha_next (e^-h - 1) x0;</li>
 * <li>second order: x_next = (sigma_next / sigma_now) x - alpha_next (e^-h - 1) (D0 + D1 / 2), D0 = x0, D1 =
 * (x0 - x0_prev) / r0, r0 = h_prev / h.</li>
 * </ul>
 * The data prediction x0 of each step is the kernel's x0 output, passed back as the next step's previous x0. diffusers'
 * solver has no clip_sample; clipping here clamps x0, which for range 1 is its thresholding with sample_max_value 1. The step after the last timestep goes to sigma 0 (final_sigmas_type "zero", which returns x0 and
 * forces a first-order last step) or to the sigma of timestep 0 ("sigma_min").
 */
public record DpmSolver(int steps, TimestepSpacing spacing, int stepsOffset, boolean lowerOrderFinal,
                        FinalSigma finalSigma) implements Sampler {
    static final String TYPE = "dpmsolver++";
    /** diffusers applies lower_order_final only below this many steps. */
    private static final int LOWER_ORDER_FINAL_BELOW = 15;

    /** Where the last step ends: diffusers' final_sigmas_type. */
    public enum FinalSigma {
        ZERO("zero"), SIGMA_MIN("sigma_min");

        private final String id;

        FinalSigma(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static FinalSigma of(String id) {
            for (FinalSigma f : values()) {
                if (f.id.equals(id)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown final_sigmas_type '" + id + "'; use zero or sigma_min");
        }
    }

    public DpmSolver {
        Objects.requireNonNull(spacing, "spacing");
        Objects.requireNonNull(finalSigma, "finalSigma");
        if (steps < 1 || stepsOffset < 0) {
            throw new IllegalArgumentException("DPM-Solver++ needs steps >= 1 and steps_offset >= 0, got steps=" + steps
                    + " steps_offset=" + stepsOffset);
        }
    }

    /** diffusers' defaults: linspace spacing, lower_order_final, final sigma zero. */
    public static DpmSolver of(int steps) {
        return new DpmSolver(steps, TimestepSpacing.LINSPACE, 0, true, FinalSigma.ZERO);
    }

    @Override
    public int[] timesteps(int trainSteps) {
        return spacing.dpmSolverTimesteps(trainSteps, steps, stepsOffset);
    }

    @Override
    public List<Step> plan(NoiseSchedule schedule, Prediction prediction, double clipSample, int start) {
        int[] ts = PlanArguments.timesteps(this, schedule, prediction, clipSample, start);
        int n = ts.length;
        double[] sigmas = new double[n + 1];
        for (int i = 0; i < n; i++) {
            sigmas[i] = sigma(schedule.alphaBar(ts[i]));
        }
        sigmas[n] = finalSigma == FinalSigma.ZERO ? 0 : sigma(schedule.alphaBar(0));
        List<Step> plan = new ArrayList<>(n - start);
        for (int i = start; i < n; i++) {
            double alphaNow = alpha(sigmas[i]);
            double sigmaNow = sigmas[i] * alphaNow;
            double alphaNext = alpha(sigmas[i + 1]);
            double sigmaNext = sigmas[i + 1] * alphaNext;
            // at sigma 0, lambda is +inf and e^-h is 0: the step returns x0, with no 0 * inf
            double h = lambda(alphaNext, sigmaNext) - lambda(alphaNow, sigmaNow);
            double expm = Math.exp(-h) - 1;
            boolean lastLowered = i == n - 1
                    && ((lowerOrderFinal && n < LOWER_ORDER_FINAL_BELOW) || finalSigma == FinalSigma.ZERO);
            double outX0 = -alphaNext * expm;
            double outPrevX0 = 0;
            if (i > start && !lastLowered) {
                double alphaPrev = alpha(sigmas[i - 1]);
                double r0 = (lambda(alphaNow, sigmaNow) - lambda(alphaPrev, sigmas[i - 1] * alphaPrev)) / h;
                outX0 = -alphaNext * expm * (1 + 0.5 / r0);
                outPrevX0 = 0.5 * alphaNext * expm / r0;
            }
            plan.add(new Step(ts[i], new StepCoefficients(
                    prediction.x0FromX(alphaNow, sigmaNow), prediction.x0FromModel(alphaNow, sigmaNow), clipSample,
                    0, 0,
                    sigmaNext / sigmaNow, outX0, 0, outPrevX0,
                    0)));
        }
        return plan;
    }

    private static double sigma(double alphaBar) {
        return Math.sqrt((1 - alphaBar) / alphaBar);
    }

    private static double alpha(double sigma) {
        return 1 / Math.sqrt(sigma * sigma + 1);
    }

    private static double lambda(double alpha, double sigma) {
        return Math.log(alpha) - Math.log(sigma);
    }

    @Override
    public String label() {
        return "dpm++2m-" + steps;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("num_inference_steps", (long) steps);
        m.put("timestep_spacing", spacing.id());
        m.put("steps_offset", (long) stepsOffset);
        m.put("lower_order_final", lowerOrderFinal);
        m.put("final_sigmas_type", finalSigma.id());
        return m;
    }

    static DpmSolver fromJson(Map<String, Object> json) {
        return new DpmSolver(JsonFields.int32(json, "num_inference_steps"),
                TimestepSpacing.of(JsonFields.string(json, "timestep_spacing")),
                JsonFields.int32(json, "steps_offset"), JsonFields.bool(json, "lower_order_final"),
                FinalSigma.of(JsonFields.string(json, "final_sigmas_type")));
    }
}
