package io.triptych.models.diffusion;

import io.triptych.engine.ops.StepCoefficients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ancestral sampling of Ho et al. (2020) as diffusers' DDPMScheduler with variance_type "fixed_small": x_{t'} =
 * c0 x_0 + c1 x_t + sigma z for the next timestep t' of the plan (-1 after the last, where alphas_cumprod is 1), with
 * c0 = sqrt(abar_t') beta_t / (1 - abar_t), c1 = sqrt(alpha_t) (1 - abar_t') / (1 - abar_t), alpha_t = abar_t /
 * abar_t', beta_t = 1 - alpha_t, and sigma^2 = max((1 - abar_t') / (1 - abar_t) beta_t, 1e-20), no noise at t = 0.
 */
public record Ddpm(int steps, TimestepSpacing spacing, int stepsOffset) implements Sampler {
    static final String TYPE = "ddpm";

    public Ddpm {
        Objects.requireNonNull(spacing, "spacing");
        if (steps < 1 || stepsOffset < 0) {
            throw new IllegalArgumentException("DDPM needs steps >= 1 and steps_offset >= 0, got steps=" + steps
                    + " steps_offset=" + stepsOffset);
        }
    }

    @Override
    public int[] timesteps(int trainSteps) {
        return spacing.timesteps(trainSteps, steps, stepsOffset);
    }

    @Override
    public List<Step> plan(NoiseSchedule schedule, Prediction prediction, double clipSample, int start) {
        int[] ts = PlanArguments.timesteps(this, schedule, prediction, clipSample, start);
        List<Step> plan = new ArrayList<>(ts.length - start);
        for (int i = start; i < ts.length; i++) {
            int t = ts[i];
            double abarT = schedule.alphaBar(t);
            double abarPrev = i + 1 < ts.length ? schedule.alphaBar(ts[i + 1]) : 1.0;
            double betaProdT = 1 - abarT;
            double betaProdPrev = 1 - abarPrev;
            double alphaT = abarT / abarPrev;
            double betaT = 1 - alphaT;
            double alpha = Math.sqrt(abarT);
            double sigma = Math.sqrt(betaProdT);
            double variance = Math.max(betaProdPrev / betaProdT * betaT, 1e-20);
            plan.add(new Step(t, new StepCoefficients(
                    prediction.x0FromX(alpha, sigma), prediction.x0FromModel(alpha, sigma), clipSample,
                    0, 0,
                    Math.sqrt(alphaT) * betaProdPrev / betaProdT,
                    Math.sqrt(abarPrev) * betaT / betaProdT,
                    0, 0,
                    t > 0 ? Math.sqrt(variance) : 0)));
        }
        return plan;
    }

    @Override
    public String label() {
        return "ddpm-" + steps;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("num_inference_steps", (long) steps);
        m.put("timestep_spacing", spacing.id());
        m.put("steps_offset", (long) stepsOffset);
        return m;
    }

    static Ddpm fromJson(Map<String, Object> json) {
        return new Ddpm(JsonFields.int32(json, "num_inference_steps"),
                TimestepSpacing.of(JsonFields.string(json, "timestep_spacing")),
                JsonFields.int32(json, "steps_offset"));
    }
}
