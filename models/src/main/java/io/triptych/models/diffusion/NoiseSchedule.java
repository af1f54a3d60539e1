package io.triptych.models.diffusion;

/**
 * The forward process's variances beta_t and their cumulative products alphas_cumprod[t] = prod_{s<=t} (1 - beta_s),
 * as diffusers defines them, for t = 0 .. T-1. Everything is computed in double: diffusers keeps float32 tensors,
 * whose cumulative product drifts by about 1e-6 relative over 1000 steps; the samplers' coefficients are derived
 * from these values and rounded to float32 only when handed to the kernel.
 */
public final class NoiseSchedule {
    /** diffusers' name of the linear schedule. */
    public static final String LINEAR = "linear";
    /** diffusers' name of the cosine schedule of Nichol & Dhariwal (2021). */
    public static final String COSINE = "squaredcos_cap_v2";
    /** betas_for_alpha_bar's cap, which keeps beta_{T-1} below 1 where alpha_bar reaches 0. */
    private static final double MAX_BETA = 0.999;

    private final String name;
    private final double[] betas;
    private final double[] alphasCumprod;

    private NoiseSchedule(String name, double[] betas) {
        this.name = name;
        this.betas = betas;
        this.alphasCumprod = new double[betas.length];
        double prod = 1;
        for (int t = 0; t < betas.length; t++) {
            prod *= 1 - betas[t];
            alphasCumprod[t] = prod;
        }
    }

    /** {@code linear} or {@code squaredcos_cap_v2} (the beta range applies to the linear schedule only). */
    public static NoiseSchedule of(String name, int trainSteps, double betaStart, double betaEnd) {
        return switch (name) {
            case LINEAR -> linear(trainSteps, betaStart, betaEnd);
            case COSINE -> cosine(trainSteps);
            default -> throw new IllegalArgumentException("unknown noise schedule '" + name + "'; use '" + LINEAR
                    + "' or '" + COSINE + "'");
        };
    }

    /** betas = linspace(betaStart, betaEnd, T), diffusers' "linear" (DDPM used 1e-4, 0.02, T = 1000). */
    public static NoiseSchedule linear(int trainSteps, double betaStart, double betaEnd) {
        checkSteps(trainSteps);
        if (!(betaStart > 0 && betaStart <= betaEnd && betaEnd < 1)) {
            throw new IllegalArgumentException("linear schedule needs 0 < betaStart <= betaEnd < 1, got betaStart="
                    + betaStart + " betaEnd=" + betaEnd);
        }
        double[] betas = new double[trainSteps];
        double step = trainSteps == 1 ? 0 : (betaEnd - betaStart) / (trainSteps - 1);
        for (int t = 0; t < trainSteps; t++) {
            betas[t] = betaStart + t * step;
        }
        betas[trainSteps - 1] = trainSteps == 1 ? betaStart : betaEnd;
        return new NoiseSchedule(LINEAR, betas);
    }

    /**
     * diffusers' betas_for_alpha_bar: beta_t = min(1 - abar((t+1)/T) / abar(t/T), 0.999) with
     * abar(s) = cos((s + 0.008) / 1.008 * pi / 2)^2.
     */
    public static NoiseSchedule cosine(int trainSteps) {
        checkSteps(trainSteps);
        double[] betas = new double[trainSteps];
        for (int t = 0; t < trainSteps; t++) {
            double a1 = cosineAlphaBar((double) t / trainSteps);
            double a2 = cosineAlphaBar((double) (t + 1) / trainSteps);
            betas[t] = Math.min(1 - a2 / a1, MAX_BETA);
        }
        return new NoiseSchedule(COSINE, betas);
    }

    private static double cosineAlphaBar(double s) {
        double c = Math.cos((s + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    private static void checkSteps(int trainSteps) {
        if (trainSteps < 1) {
            throw new IllegalArgumentException("a noise schedule needs at least 1 training timestep, got " + trainSteps);
        }
    }

    public String name() {
        return name;
    }

    /** T, the number of training timesteps. */
    public int trainSteps() {
        return betas.length;
    }

    public double beta(int t) {
        return betas[check(t)];
    }

    /** alphas_cumprod[t]: x_t = sqrt(alphaBar) x_0 + sqrt(1 - alphaBar) eps. */
    public double alphaBar(int t) {
        return alphasCumprod[check(t)];
    }

    public double[] betas() {
        return betas.clone();
    }

    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    private int check(int t) {
        if (t < 0 || t >= betas.length) {
            throw new IllegalArgumentException("timestep " + t + " is outside [0, " + betas.length + ")");
        }
        return t;
    }

    @Override
    public String toString() {
        return "NoiseSchedule[" + name + ", T=" + betas.length + ", beta " + betas[0] + " .. " + betas[betas.length - 1]
                + ", alphas_cumprod[T-1]=" + alphasCumprod[betas.length - 1] + "]";
    }
}
