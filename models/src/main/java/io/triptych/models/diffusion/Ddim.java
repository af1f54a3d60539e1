package io.triptych.models.diffusion;

import io.triptych.engine.ops.StepCoefficients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * DDIM (Song et al. 2021) as diffusers' DDIMScheduler.step: x_prev = sqrt(abar_prev) x_0 + sqrt(1 - abar_prev -
 * s^2) eps + s z with s = eta sqrt((1 - abar_prev) / (1 - abar_t) (1 - abar_t / abar_prev)). As in diffusers the
 * previous timestep is t - T // steps (not the next entry of the spacing, which differs for linspace spacing and for
 * step counts that do not divide T), and a negative one takes final_alpha_cumprod: 1 with set_alpha_to_one,
 * alphas_cumprod[0] without.
 *
 * <p>With clipping, eps is re-derived from the clamped x_0, which is diffusers' {@code use_clipped_model_output=True}
 * (the default there re-uses the unclipped eps; the fused kernel sees only the clamped x_0). The two agree whenever
 * the clamp does not bite, as in diffusers' own test loops.
 */
public record Ddim(int steps, double eta, TimestepSpacing spacing, int stepsOffset, boolean setAlphaToOne)
        implements Sampler {
    static final String TYPE = "ddim";

    public Ddim {
        Objects.requireNonNull(spacing, "spacing");
        if (steps < 1 || stepsOffset < 0) {
            throw new IllegalArgumentException("DDIM needs steps >= 1 and steps_offset >= 0, got steps=" + steps
                    + " steps_offset=" + stepsOffset);
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("DDIM eta must be in [0, 1] (0 deterministic, 1 DDPM-like), got " + eta);
        }
    }

    /**
     * {@code steps} steps with trailing spacing, which starts at the last training timestep (leading spacing, diffusers'
     * default, never visits it, a poor start for models trained from scratch; Lin et al. 2023), and
     * set_alpha_to_one.
     */
    public static Ddim of(int steps, double eta) {
        return new Ddim(steps, eta, TimestepSpacing.TRAILING, 0, true);
    }

    @Override
    public int[] timesteps(int trainSteps) {
        return spacing.timesteps(trainSteps, steps, stepsOffset);
    }

    @Override
    public List<Step> plan(NoiseSchedule schedule, Prediction prediction, double clipSample, int start) {
        int[] ts = PlanArguments.timesteps(this, schedule, prediction, clipSample, start);
        int stride = schedule.trainSteps() / steps;
        double finalAlphaCumprod = setAlphaToOne ? 1.0 : schedule.alphaBar(0);
        List<Step> plan = new ArrayList<>(ts.length - start);
        for (int i = start; i < ts.length; i++) {
            int t = ts[i];
            int prev = t - stride;
            double abarT = schedule.alphaBar(t);
            double abarPrev = prev >= 0 ? schedule.alphaBar(prev) : finalAlphaCumprod;
            double alpha = Math.sqrt(abarT);
            double sigma = Math.sqrt(1 - abarT);
            double variance = (1 - abarPrev) / (1 - abarT) * (1 - abarT / abarPrev);
            double std = eta * Math.sqrt(variance);
            // 1 - abar_prev - std^2 >= 0 for eta <= 1; the max only absorbs rounding at eta = 1
            plan.add(new Step(t, new StepCoefficients(
                    prediction.x0FromX(alpha, sigma), prediction.x0FromModel(alpha, sigma), clipSample,
                    1 / sigma, -alpha / sigma,
                    0, Math.sqrt(abarPrev), Math.sqrt(Math.max(1 - abarPrev - std * std, 0)), 0,
                    std)));
        }
        return plan;
    }

    @Override
    public String label() {
        return eta == 0 ? "ddim-" + steps : "ddim-" + steps + "-eta" + eta;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE);
        m.put("num_inference_steps", (long) steps);
        m.put("eta", eta);
        m.put("timestep_spacing", spacing.id());
        m.put("steps_offset", (long) stepsOffset);
        m.put("set_alpha_to_one", setAlphaToOne);
        return m;
    }

    static Ddim fromJson(Map<String, Object> json) {
        return new Ddim(JsonFields.int32(json, "num_inference_steps"), JsonFields.number(json, "eta"),
                TimestepSpacing.of(JsonFields.string(json, "timestep_spacing")),
                JsonFields.int32(json, "steps_offset"), JsonFields.bool(json, "set_alpha_to_one"));
    }
}
