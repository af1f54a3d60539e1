package io.triptych.models.vae;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Vae} is: its networks, its likelihood, the weight beta of the KL term in the training objective
 * (recon + beta * KL; 1 is the ELBO), Adam's learning rate, and the seed of its weights and training noise. Saved
 * with every checkpoint (as JSON) so that a checkpoint can rebuild its model.
 */
public record VaeConfig(VaeArchitecture architecture, Likelihood likelihood, float beta, float learningRate,
                        long seed) {
    public VaeConfig {
        if (architecture == null || likelihood == null) {
            throw new IllegalArgumentException("VaeConfig: architecture and likelihood must not be null, got "
                    + architecture + ", " + likelihood);
        }
        if (!(beta >= 0f) || Float.isInfinite(beta)) {
            throw new IllegalArgumentException("VaeConfig: beta (the KL weight) must be finite and >= 0, got " + beta);
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("VaeConfig: learningRate must be finite and > 0, got " + learningRate);
        }
    }

    /** The convolutional VAE on 1x28x28 images: hidden 256, latent 20, Bernoulli pixels, Adam(1e-3). */
    public static VaeConfig conv() {
        return new VaeConfig(new VaeArchitecture.Conv(1, 28, 28, 256, 20), new Likelihood.Bernoulli(), 1f, 1e-3f, 0L);
    }

    /** PyTorch's example VAE on 1x28x28 images: MLP 784-400-20, Bernoulli pixels, Adam(1e-3). */
    public static VaeConfig mnistMlp() {
        return new VaeConfig(new VaeArchitecture.Mlp(List.of(1, 28, 28), 400, 1, 20), new Likelihood.Bernoulli(), 1f,
                1e-3f, 0L);
    }

    /**
     * MLPs for {@code dataDim}-dimensional points: two hidden layers of 128, latent 2, Gaussian with sigma 0.1,
     * Adam(1e-3). A fixed sigma, because on the 2-D ring a learned variance grows to the data's own variance faster
     * than the latents become useful, and the model collapses to N(data mean, data variance) with KL 0.
     */
    public static VaeConfig mlp(int dataDim) {
        return new VaeConfig(new VaeArchitecture.Mlp(List.of(dataDim), 128, 2, 2), new Likelihood.Gaussian(0.1), 1f,
                1e-3f, 0L);
    }

    public VaeConfig withArchitecture(VaeArchitecture a) {
        return new VaeConfig(a, likelihood, beta, learningRate, seed);
    }

    public VaeConfig withLikelihood(Likelihood l) {
        return new VaeConfig(architecture, l, beta, learningRate, seed);
    }

    public VaeConfig withBeta(float b) {
        return new VaeConfig(architecture, likelihood, b, learningRate, seed);
    }

    public VaeConfig withLearningRate(float lr) {
        return new VaeConfig(architecture, likelihood, beta, lr, seed);
    }

    public VaeConfig withSeed(long s) {
        return new VaeConfig(architecture, likelihood, beta, learningRate, s);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> a = new LinkedHashMap<>();
        switch (architecture) {
            case VaeArchitecture.Conv c -> {
                a.put("type", "conv");
                a.put("channels", c.channels());
                a.put("height", c.height());
                a.put("width", c.width());
                a.put("hidden", c.hidden());
                a.put("latent_dim", c.latentDim());
            }
            case VaeArchitecture.Mlp m -> {
                a.put("type", "mlp");
                a.put("shape", m.shape());
                a.put("hidden", m.hidden());
                a.put("hidden_layers", m.hiddenLayers());
                a.put("latent_dim", m.latentDim());
            }
        }
        Map<String, Object> l = new LinkedHashMap<>();
        switch (likelihood) {
            case Likelihood.Bernoulli b -> l.put("type", "bernoulli");
            case Likelihood.Gaussian g -> {
                l.put("type", "gaussian");
                l.put("sigma", g.sigma());
            }
            case Likelihood.LearnedGaussian g -> l.put("type", "learned_gaussian");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("architecture", a);
        out.put("likelihood", l);
        out.put("beta", beta);
        out.put("learning_rate", learningRate);
        out.put("seed", seed);
        return out;
    }

    /** The config {@link #toJson} wrote; IllegalArgumentException naming the missing or bad field. */
    public static VaeConfig fromJson(Map<?, ?> json) {
        Map<?, ?> a = object(json, "architecture");
        VaeArchitecture arch = switch (String.valueOf(a.get("type"))) {
            case "conv" -> new VaeArchitecture.Conv(integer(a, "channels"), integer(a, "height"), integer(a, "width"),
                    integer(a, "hidden"), integer(a, "latent_dim"));
            case "mlp" -> new VaeArchitecture.Mlp(shape(a), integer(a, "hidden"), integer(a, "hidden_layers"),
                    integer(a, "latent_dim"));
            default -> throw new IllegalArgumentException("VAE config: unknown architecture type '" + a.get("type")
                    + "' (expected conv or mlp)");
        };
        Map<?, ?> l = object(json, "likelihood");
        Likelihood likelihood = switch (String.valueOf(l.get("type"))) {
            case "bernoulli" -> new Likelihood.Bernoulli();
            case "gaussian" -> new Likelihood.Gaussian(number(l, "sigma").doubleValue());
            case "learned_gaussian" -> new Likelihood.LearnedGaussian();
            default -> throw new IllegalArgumentException("VAE config: unknown likelihood type '" + l.get("type")
                    + "' (expected bernoulli, gaussian or learned_gaussian)");
        };
        return new VaeConfig(arch, likelihood, number(json, "beta").floatValue(),
                number(json, "learning_rate").floatValue(), number(json, "seed").longValue());
    }

    private static Map<?, ?> object(Map<?, ?> json, String key) {
        if (!(json.get(key) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("VAE config: '" + key + "' is missing or not an object in " + json);
        }
        return m;
    }

    private static List<Integer> shape(Map<?, ?> json) {
        if (!(json.get("shape") instanceof List<?> dims)) {
            throw new IllegalArgumentException("VAE config: 'shape' is missing or not a list in " + json);
        }
        List<Integer> out = new ArrayList<>();
        for (Object d : dims) {
            if (!(d instanceof Number n)) {
                throw new IllegalArgumentException("VAE config: 'shape' holds a non-number in " + json);
            }
            out.add(Math.toIntExact(n.longValue()));
        }
        return out;
    }

    private static Number number(Map<?, ?> json, String key) {
        if (!(json.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("VAE config: '" + key + "' is missing or not a number in " + json);
        }
        return n;
    }

    private static int integer(Map<?, ?> json, String key) {
        return Math.toIntExact(number(json, key).longValue());
    }
}
