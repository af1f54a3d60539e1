package io.triptych.models.diffusion;

/** The argument checks every sampler's plan shares. */
final class PlanArguments {
    private PlanArguments() {
    }

    /** Validates the arguments of {@link Sampler#plan} and returns the sampler's timesteps. */
    static int[] timesteps(Sampler sampler, NoiseSchedule schedule, Prediction prediction, double clipSample,
                           int start) {
        if (schedule == null || prediction == null) {
            throw new IllegalArgumentException(sampler.label() + ": schedule and prediction type are required");
        }
        if (!(clipSample >= 0) || Double.isInfinite(clipSample)) {
            throw new IllegalArgumentException(sampler.label() + ": clipSample must be a finite value >= 0 (0 = no "
                    + "clipping), got " + clipSample);
        }
        int[] ts = sampler.timesteps(schedule.trainSteps());
        if (start < 0 || start >= ts.length) {
            throw new IllegalArgumentException(sampler.label() + ": start index " + start + " is outside [0, "
                    + ts.length + ")");
        }
        return ts;
    }
}
