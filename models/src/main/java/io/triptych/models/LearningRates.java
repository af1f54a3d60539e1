package io.triptych.models;

/** Learning-rate schedules as a scale of the configured rate, shared by the training loop and the families. */
public final class LearningRates {
    private LearningRates() {
    }

    /** {@code scale} itself, or an IllegalArgumentException when it is not in [0, 1]. */
    public static double checkScale(double scale) {
        if (!(scale >= 0 && scale <= 1)) {
            throw new IllegalArgumentException("learning-rate scale must be in [0, 1], got " + scale);
        }
        return scale;
    }

    /** Cosine decay from 1 at step 0 to 0 after {@code steps} steps (SGDR without restarts). */
    public static double cosine(int step, int steps) {
        return steps <= 0 ? 1 : 0.5 * (1 + Math.cos(Math.PI * Math.min(step, steps) / steps));
    }
}
