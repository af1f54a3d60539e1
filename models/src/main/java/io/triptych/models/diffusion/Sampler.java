package io.triptych.models.diffusion;

import io.triptych.engine.ops.StepCoefficients;

import java.util.List;
import java.util.Map;

/**
 * A reverse-process sampler as a plan: the training timesteps it visits and, for each, the coefficients of the fused
 * step kernel (F.denoiseStep), computed in double from diffusers' scheduler formulas. Every sampler's update is linear
 * in the current sample, the model output and the previous step's data prediction, so one plan serves any denoiser
 * and batch.
 */
public sealed interface Sampler permits Ddpm, Ddim, DpmSolver {
    /** Denoising steps (model evaluations) of a full run. */
    int steps();

    TimestepSpacing spacing();

    /** The decreasing training timesteps a full run visits, for a schedule of {@code trainSteps} timesteps. */
    int[] timesteps(int trainSteps);

    /**
     * The steps from index {@code start} of {@link #timesteps} on (0 for a full run; later for image-to-image). A
     * run that starts later begins as a fresh one would: a multistep solver's first step there is first order.
     *
     * @param clipSample clamp the data prediction to [-clipSample, clipSample]; 0 for no clamping
     */
    List<Step> plan(NoiseSchedule schedule, Prediction prediction, double clipSample, int start);

    /** Short name for reports, e.g. "ddim-50". */
    String label();

    /** The sampler's settings with diffusers' names, for configs and checkpoints. */
    Map<String, Object> toJson();

    /** One step of a plan: the model is evaluated at {@code timestep}, then the kernel applies the coefficients. */
    record Step(int timestep, StepCoefficients coefficients) {
    }

    /** Ancestral DDPM with {@code steps} steps (T for the original sampler), leading spacing as diffusers. */
    static Sampler ddpm(int steps) {
        return new Ddpm(steps, TimestepSpacing.LEADING, 0);
    }

    /** Deterministic DDIM (eta 0) with {@code steps} steps; see {@link Ddim#of}. */
    static Sampler ddim(int steps) {
        return Ddim.of(steps, 0);
    }

    /** DPM-Solver++(2M) with {@code steps} steps and diffusers' defaults; see {@link DpmSolver#of}. */
    static Sampler dpmSolver(int steps) {
        return DpmSolver.of(steps);
    }

    /**
     * The sampler a {@link #label} names with default settings: "ddpm-N", "ddim-N" (eta 0), "dpm++2m-N"; an
     * IllegalArgumentException that lists the forms otherwise.
     */
    static Sampler fromLabel(String label) {
        int dash = label.lastIndexOf('-');
        int steps;
        try {
            steps = dash < 0 ? -1 : Integer.parseInt(label.substring(dash + 1));
        } catch (NumberFormatException e) {
            steps = -1;
        }
        String kind = dash < 0 ? label : label.substring(0, dash);
        if (steps < 1 || !List.of("ddpm", "ddim", "dpm++2m").contains(kind)) {
            throw new IllegalArgumentException("unknown sampler '" + label + "'; use ddpm-N, ddim-N or dpm++2m-N with N"
                    + " >= 1 steps, e.g. ddim-50");
        }
        return switch (kind) {
            case "ddpm" -> ddpm(steps);
            case "ddim" -> ddim(steps);
            default -> dpmSolver(steps);
        };
    }

    static Sampler fromJson(Map<String, Object> json) {
        String type = JsonFields.string(json, "type");
        return switch (type) {
            case Ddpm.TYPE -> Ddpm.fromJson(json);
            case Ddim.TYPE -> Ddim.fromJson(json);
            case DpmSolver.TYPE -> DpmSolver.fromJson(json);
            default -> throw new IllegalArgumentException("unknown sampler type '" + type + "'; use " + Ddpm.TYPE
                    + ", " + Ddim.TYPE + " or " + DpmSolver.TYPE);
        };
    }
}
