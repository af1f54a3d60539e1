package io.triptych.models.gan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Gan} is: its networks, the Adam settings both networks train with, and the seed of its weights and
 * training noise. Saved with every checkpoint (as JSON) so that a checkpoint can rebuild its model.
 */
public record GanConfig(GanArchitecture architecture, float learningRate, float beta1, float beta2, long seed) {
    public GanConfig {
        if (architecture == null) {
            throw new IllegalArgumentException("GanConfig: architecture is null");
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("GanConfig: learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("GanConfig: Adam betas must be in [0, 1), got beta1=" + beta1
                    + " beta2=" + beta2);
        }
    }

    /** DCGAN on 1x28x28 images, latent 100, width 64, Adam(2e-4, betas 0.5, 0.999) as in the DCGAN paper. */
    public static GanConfig dcgan() {
        return new GanConfig(new GanArchitecture.Dcgan(100, 64), 2e-4f, 0.5f, 0.999f, 0L);
    }

    /** MLPs for {@code dataDim}-dimensional points: latent 8, three hidden layers of 128; the DCGAN Adam settings. */
    public static GanConfig mlp(int dataDim) {
        return new GanConfig(new GanArchitecture.Mlp(dataDim, 8, 128, 3), 2e-4f, 0.5f, 0.999f, 0L);
    }

    public GanConfig withArchitecture(GanArchitecture a) {
        return new GanConfig(a, learningRate, beta1, beta2, seed);
    }

    public GanConfig withLearningRate(float lr) {
        return new GanConfig(architecture, lr, beta1, beta2, seed);
    }

    public GanConfig withBetas(float b1, float b2) {
        return new GanConfig(architecture, learningRate, b1, b2, seed);
    }

    public GanConfig withSeed(long s) {
        return new GanConfig(architecture, learningRate, beta1, beta2, s);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> a = new LinkedHashMap<>();
        switch (architecture) {
            case GanArchitecture.Dcgan d -> {
                a.put("type", "dcgan");
                a.put("latent_dim", d.latentDim());
                a.put("width", d.width());
            }
            case GanArchitecture.Mlp m -> {
                a.put("type", "mlp");
                a.put("data_dim", m.dataDim());
                a.put("latent_dim", m.latentDim());
                a.put("hidden", m.hidden());
                a.put("hidden_layers", m.hiddenLayers());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("architecture", a);
        out.put("learning_rate", learningRate);
        out.put("beta1", beta1);
        out.put("beta2", beta2);
        out.put("seed", seed);
        return out;
    }

    /** The config {@link #toJson} wrote; IllegalArgumentException naming the missing or bad field. */
    public static GanConfig fromJson(Map<?, ?> json) {
        if (!(json.get("architecture") instanceof Map<?, ?> a)) {
            throw new IllegalArgumentException("GAN config has no 'architecture' object: " + json);
        }
        GanArchitecture arch = switch (String.valueOf(a.get("type"))) {
            case "dcgan" -> new GanArchitecture.Dcgan(integer(a, "latent_dim"), integer(a, "width"));
            case "mlp" -> new GanArchitecture.Mlp(integer(a, "data_dim"), integer(a, "latent_dim"),
                    integer(a, "hidden"), integer(a, "hidden_layers"));
            default -> throw new IllegalArgumentException("GAN config: unknown architecture type '" + a.get("type")
                    + "' (expected dcgan or mlp)");
        };
        return new GanConfig(arch, number(json, "learning_rate").floatValue(), number(json, "beta1").floatValue(),
                number(json, "beta2").floatValue(), number(json, "seed").longValue());
    }

    private static Number number(Map<?, ?> json, String key) {
        if (!(json.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("GAN config: '" + key + "' is missing or not a number in " + json);
        }
        return n;
    }

    private static int integer(Map<?, ?> json, String key) {
        return Math.toIntExact(number(json, key).longValue());
    }
}
