package io.triptych.models.diffusion;

/**
 * What the denoiser predicts from x_t = alpha x_0 + sigma eps (alpha = sqrt(alphas_cumprod[t]), sigma =
 * sqrt(1 - alphas_cumprod[t])). Every choice makes the data prediction linear in x_t and the model output, which is
 * what the fused step kernel evaluates: x_0 = x0FromX * x_t + x0FromModel * output.
 */
public enum Prediction {
    /** The noise eps (DDPM): x_0 = (x_t - sigma * output) / alpha. */
    EPSILON("epsilon"),
    /** v = alpha eps - sigma x_0 (Salimans & Ho 2022): x_0 = alpha x_t - sigma * output. */
    V_PREDICTION("v_prediction"),
    /** x_0 itself. */
    SAMPLE("sample");

    private final String id;

    Prediction(String id) {
        this.id = id;
    }

    /** diffusers' prediction_type. */
    public String id() {
        return id;
    }

    public static Prediction of(String id) {
        for (Prediction p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown prediction type '" + id + "'; use epsilon, v_prediction or sample");
    }

    public double x0FromX(double alpha, double sigma) {
        return switch (this) {
            case EPSILON -> 1 / alpha;
            case V_PREDICTION -> alpha;
            case SAMPLE -> 0;
        };
    }

    public double x0FromModel(double alpha, double sigma) {
        return switch (this) {
            case EPSILON -> -sigma / alpha;
            case V_PREDICTION -> -sigma;
            case SAMPLE -> 1;
        };
    }

    /** The regression target's coefficients on (x_0, eps): target = targetFromX0 * x_0 + targetFromNoise * eps. */
    public double targetFromX0(double alpha, double sigma) {
        return switch (this) {
            case EPSILON -> 0;
            case V_PREDICTION -> -sigma;
            case SAMPLE -> 1;
        };
    }

    public double targetFromNoise(double alpha, double sigma) {
        return switch (this) {
            case EPSILON -> 1;
            case V_PREDICTION -> alpha;
            case SAMPLE -> 0;
        };
    }
}
