package io.triptych.engine.ops;

/**
 * The coefficients of one reverse-diffusion step (see tri_denoise_step_f32 in triptych.h): per element,
 * x0 = x0FromX*x + x0FromModel*model (clamped to [-clip, clip] when clip > 0), eps = epsFromX*x + epsFromX0*x0,
 * xOut = outX*x + outX0*x0 + outEps*eps + outPrevX0*prevX0 + outNoise*z. Samplers compute them from the schedule.
 */
public record StepCoefficients(double x0FromX, double x0FromModel, double clip, double epsFromX, double epsFromX0,
                               double outX, double outX0, double outEps, double outPrevX0, double outNoise) {
    public StepCoefficients {
        double[] all = {x0FromX, x0FromModel, clip, epsFromX, epsFromX0, outX, outX0, outEps, outPrevX0, outNoise};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("step coefficients must be finite: " + this);
            }
        }
        if (clip < 0) {
            throw new IllegalArgumentException("clip must be >= 0 (0 = no clipping), got " + clip);
        }
    }
}
