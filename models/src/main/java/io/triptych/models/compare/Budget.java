package io.triptych.models.compare;

import io.triptych.models.diffusion.DiffusionConfig;
import io.triptych.models.diffusion.Sampler;
import io.triptych.models.gan.GanConfig;
import io.triptych.models.vae.VaeConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much work each family gets for a data set and budget: the same steps, batch size and learning-rate schedule
 * (cosine decay) for all three, sized so that the quick budget on ring8 finishes in minutes on a 2-core CPU. Also the evaluation settings: sample
 * counts, the samplers compared, the truncation sweep.
 */
public record Budget(String name, GanConfig gan, VaeConfig vae, DiffusionConfig diffusion, int ganSteps, int vaeSteps,
                     int diffusionSteps, int batchSize, int evalSamples, List<Sampler> samplers, double[] psis,
                     int nllSamples, int nllImportance) {

    public static Budget of(CompareOptions o) {
        boolean full = o.budget().equals("full");
        if (o.images()) {
            return new Budget(o.budget(), GanConfig.dcgan(), VaeConfig.conv(), DiffusionConfig.images(1, 28, 28),
                    full ? 8000 : 2000, full ? 8000 : 2000, full ? 8000 : 2000, 64, full ? 2000 : 500,
                    full ? List.of(Sampler.ddim(10), Sampler.ddim(20), Sampler.ddim(50), Sampler.ddim(100),
                            Sampler.dpmSolver(20), Sampler.ddpm(1000))
                            : List.of(Sampler.ddim(10), Sampler.ddim(50), Sampler.dpmSolver(20)),
                    new double[] {0.5, 1.0, 1.5, 2.0, Double.POSITIVE_INFINITY}, full ? 1000 : 200, full ? 100 : 20);
        }
        return new Budget(o.budget(), GanConfig.mlp(2), VaeConfig.mlp(2), DiffusionConfig.points(2),
                full ? 20000 : 10000, full ? 20000 : 10000, full ? 20000 : 10000, 512, 2500,
                List.of(Sampler.ddpm(1000), Sampler.ddim(10), Sampler.ddim(20), Sampler.ddim(50), Sampler.ddim(100),
                        Sampler.dpmSolver(10), Sampler.dpmSolver(20)),
                new double[] {0.25, 0.5, 1.0, 1.5, 2.0, Double.POSITIVE_INFINITY}, 1000, full ? 200 : 50);
    }

    /** {@code samplers} with {@code main} first when it is not among them. */
    static List<Sampler> withDefault(List<Sampler> samplers, Sampler main) {
        if (samplers.contains(main)) {
            return samplers;
        }
        List<Sampler> all = new java.util.ArrayList<>();
        all.add(main);
        all.addAll(samplers);
        return all;
    }

    /** The settings, for config.json. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("batch_size", batchSize);
        m.put("gan", Map.of("steps", ganSteps, "config", gan.toJson()));
        m.put("vae", Map.of("steps", vaeSteps, "config", vae.toJson()));
        m.put("diffusion", Map.of("steps", diffusionSteps, "config", diffusion.toJson()));
        m.put("eval_samples", evalSamples);
        m.put("samplers", samplers.stream().map(Sampler::label).toList());
        m.put("truncation_psi", java.util.Arrays.stream(psis).mapToObj(p -> Double.isInfinite(p) ? "inf"
                : Double.toString(p)).toList());
        m.put("nll_samples", nllSamples);
        m.put("nll_importance_samples", nllImportance);
        return m;
    }
}
