package io.triptych.models.eval;

import io.triptych.models.data.Mixture;

/**
 * Mode coverage of 2-D samples from a Gaussian mixture, as in the PacGAN protocol. A sample is high quality when it
 * lies within 3 sigma of its nearest mode; a mode is captured when it is the nearest mode of at least one
 * high-quality sample. The reverse KL is KL(p_model || p_data) over the modes, with p_model the histogram of the
 * high-quality samples over their nearest modes (smoothed by {@link #EPSILON}) and p_data uniform; it is 0 for a
 * perfectly balanced model, log(modes) for one that puts everything on one mode, and +infinity when no sample is
 * high quality (the histogram is then empty).
 *
 * @param modesCaptured       modes nearest to at least one high-quality sample
 * @param modeCount           modes of the mixture
 * @param highQualityFraction share of the samples within 3 sigma of their nearest mode
 * @param reverseKl           KL(p_model || p_data) over the modes, in nats
 * @param highQualityPerMode  high-quality samples per mode
 */
public record ModeMetrics(int modesCaptured, int modeCount, double highQualityFraction, double reverseKl,
                          int[] highQualityPerMode) {
    /** Added to every mode's count so that missed modes give finite logs. */
    public static final double EPSILON = 1e-10;
    /** Distance to the nearest mode, in sigmas, within which a sample counts as high quality. */
    public static final double QUALITY_SIGMAS = 3.0;

    public ModeMetrics {
        highQualityPerMode = highQualityPerMode.clone();
    }

    @Override
    public int[] highQualityPerMode() {
        return highQualityPerMode.clone();
    }

    /** The metrics of {@code points} [n * 2] (row-major x, y) against {@code mixture}'s modes and sigma. */
    public static ModeMetrics of(float[] points, Mixture mixture) {
        return of(points, mixture.modes(), mixture.sigma());
    }

    /** The metrics of {@code points} [n * 2] against {@code modes} [k][2] with a common {@code sigma}. */
    public static ModeMetrics of(float[] points, float[][] modes, double sigma) {
        if (points == null || points.length == 0 || points.length % 2 != 0) {
            throw new IllegalArgumentException("ModeMetrics: points must be a non-empty [n * 2] array, got "
                    + (points == null ? "null" : points.length + " values"));
        }
        if (modes == null || modes.length == 0) {
            throw new IllegalArgumentException("ModeMetrics: no modes");
        }
        for (int m = 0; m < modes.length; m++) {
            if (modes[m] == null || modes[m].length != 2) {
                throw new IllegalArgumentException("ModeMetrics: mode " + m + " is not a 2-D point");
            }
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("ModeMetrics: sigma must be positive and finite, got " + sigma);
        }
        int n = points.length / 2;
        int[] perMode = new int[modes.length];
        double radius2 = QUALITY_SIGMAS * sigma * QUALITY_SIGMAS * sigma;
        int highQuality = 0;
        for (int i = 0; i < n; i++) {
            double x = points[2 * i];
            double y = points[2 * i + 1];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("ModeMetrics: point " + i + " is (" + x + ", " + y + ")");
            }
            int nearest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int m = 0; m < modes.length; m++) {
                double dx = x - modes[m][0];
                double dy = y - modes[m][1];
                double d2 = dx * dx + dy * dy;
                if (d2 < best) {
                    best = d2;
                    nearest = m;
                }
            }
            if (best <= radius2) {
                perMode[nearest]++;
                highQuality++;
            }
        }
        int captured = 0;
        for (int c : perMode) {
            if (c > 0) {
                captured++;
            }
        }
        return new ModeMetrics(captured, modes.length, (double) highQuality / n, reverseKl(perMode, highQuality),
                perMode);
    }

    private static double reverseKl(int[] perMode, int total) {
        if (total == 0) {
            return Double.POSITIVE_INFINITY;
        }
        int k = perMode.length;
        double norm = total + k * EPSILON;
        double kl = 0;
        for (int c : perMode) {
            double p = (c + EPSILON) / norm;
            kl += p * Math.log(p * k);
        }
        return kl;
    }
}
