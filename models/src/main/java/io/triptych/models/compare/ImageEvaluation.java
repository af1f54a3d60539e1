package io.triptych.models.compare;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.models.data.Dataset;
import io.triptych.models.diffusion.Diffusion;
import io.triptych.models.diffusion.Sampler;
import io.triptych.models.eval.FrechetDistance;
import io.triptych.models.eval.LeNet;
import io.triptych.models.eval.Prdc;
import io.triptych.models.eval.Throughput;
import io.triptych.models.gan.Gan;
import io.triptych.models.train.Trainer;
import io.triptych.models.vae.Vae;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the families on MNIST in the feature space of a LeNet classifier trained by the engine: precision,
 * recall (k=3), density, coverage (k=5) and the Fréchet distance against the test split, sampling speed, and each
 * family's extra (truncation sweep; test -ELBO, importance-sampled NLL, reconstructions and interpolations;
 * samplers, inpainting and image-to-image). Images enter and leave every family in [0, 1].
 */
final class ImageEvaluation {
    /** Samples are drawn in chunks of this many so that large evaluations stay within memory. */
    private static final int CHUNK = 250;

    private final Dataset data;
    private final Budget budget;
    private final Device device;
    private final long seed;
    private final Figures figures;
    private final LeNet lenet;
    private final Prdc.Reference reference;
    private final FrechetDistance.Gaussian testGaussian;

    ImageEvaluation(Dataset data, Budget budget, Device device, long seed, Figures figures, LeNet lenet,
                    float[] testFeatures) {
        this.data = data;
        this.budget = budget;
        this.device = device;
        this.seed = seed;
        this.figures = figures;
        this.lenet = lenet;
        this.reference = Prdc.reference(testFeatures, LeNet.FEATURES);
        this.testGaussian = FrechetDistance.Gaussian.fit(testFeatures, LeNet.FEATURES);
    }

    /** Precision, recall, density, coverage and FD of images [n, 1, 28, 28] in [0, 1]. */
    Map<String, Object> quality(Tensor images) {
        float[] f = lenet.featureArray(images);
        Prdc p = reference.against(f);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("precision", FamilyRun.round(p.precision()));
        q.put("recall", FamilyRun.round(p.recall()));
        q.put("density", FamilyRun.round(p.density()));
        q.put("coverage", FamilyRun.round(p.coverage()));
        q.put("fd", FamilyRun.round(FrechetDistance.between(FrechetDistance.Gaussian.fit(f, LeNet.FEATURES),
                testGaussian)));
        return q;
    }

    /** Draws {@code size} images with the seed given; chunk k of a large draw uses seed base + k. */
    private interface Chunk {
        Tensor draw(int size, long seed);
    }

    /** {@code n} images drawn in chunks (seeds base, base + 1, ...) and concatenated, in the current scope. */
    private static Tensor sampleAll(int n, long base, Chunk chunk) {
        List<Tensor> parts = new ArrayList<>();
        for (int start = 0, k = 0; start < n; start += CHUNK, k++) {
            parts.add(chunk.draw(Math.min(CHUNK, n - start), base + k));
        }
        return parts.size() == 1 ? parts.get(0) : F.concat(0, parts.toArray(new Tensor[0]));
    }

    private FamilyRun common(String family, Trainer.Result training, Chunk sample) throws IOException {
        FamilyRun run = new FamilyRun(training);
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            Tensor images = sampleAll(budget.evalSamples(), seed + 100, sample);
            run.metrics.putAll(quality(images));
            Throughput t = Throughput.measure(64, 1, 3, () -> {
                try (Scope inner = Scope.open()) {
                    sample.draw(64, seed + 2).toFloatArray();
                }
            });
            run.put("samples_per_second", t.samplesPerSecond());
            if (figures != null) {
                figures.grid(family, family + "_samples.png", family.toUpperCase(java.util.Locale.ROOT)
                        + " samples", images.slice(0, 0, 64), 8);
                figures.losses(family, training.curveSteps(), training.curves());
            }
        }
        return run;
    }

    /**
     * The floor: the same metrics for {@code count} held-out real digits (the train split's first) against the test
     * split; the Fréchet distance depends on the count, so it is that of the samples compared with it.
     */
    Map<String, Object> floor(int count) {
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            int n = Math.min(count, data.trainSize());
            int[] idx = new int[n];
            Arrays.setAll(idx, i -> i);
            return quality(data.trainTensor(device, idx));
        }
    }

    FamilyRun gan(Gan gan, Trainer.Result training) throws IOException {
        FamilyRun run = common("gan", training, gan::sample);
        List<Map<String, Object>> sweep = new ArrayList<>();
        for (double psi : budget.psis()) {
            try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
                Tensor images = sampleAll(budget.evalSamples(), seed + 200, (n, sd) -> gan.sample(n, sd, psi));
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("psi", Double.isInfinite(psi) ? "inf" : psi);
                q.putAll(quality(images));
                sweep.add(q);
            }
        }
        run.put("truncation", sweep);
        if (figures != null) {
            Sweep.truncationChart(figures, sweep);
        }
        return run;
    }

    FamilyRun vae(Vae vae, Trainer.Result training) throws IOException {
        FamilyRun run = common("vae", training, vae::sample);
        try (Scope s = Scope.open()) {
            Tensor test = data.testTensor(device);
            double sumElbo = 0;
            for (int start = 0; start < test.dim(0); start += CHUNK) {
                for (double e : vae.elbo(test.slice(0, start, Math.min(test.dim(0), start + CHUNK)), seed + 5)) {
                    sumElbo += e;
                }
            }
            run.put("neg_elbo_nats", -sumElbo / test.dim(0));
            int n = Math.min(budget.nllSamples(), test.dim(0));
            double sumNll = 0;
            for (int start = 0; start < n; start += 50) {
                for (double v : vae.nll(test.slice(0, start, Math.min(n, start + 50)), budget.nllImportance(),
                        seed + 6)) {
                    sumNll += v;
                }
            }
            run.put("nll_nats", sumNll / n);
            run.put("nll_importance_samples", budget.nllImportance());
            if (figures != null) {
                Tensor originals = test.slice(0, 0, 8);
                figures.grid("vae", "vae_reconstructions.png", "VAE: test digits (top) and their reconstructions "
                        + "(bottom)", F.concat(0, originals, vae.reconstruct(originals)), 8);
                List<Tensor> rows = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    rows.add(vae.interpolate(test.slice(0, 2 * i, 2 * i + 1), test.slice(0, 2 * i + 1, 2 * i + 2), 8));
                }
                figures.grid("vae", "vae_interpolations.png", "VAE: latent interpolations between pairs of test "
                        + "digits, one pair per row", F.concat(0, rows.toArray(new Tensor[0])), 8);
            }
        }
        return run;
    }

    /** [-1, 1] model space to [0, 1] images. */
    private static Tensor toImages(Tensor x) {
        return F.clamp(F.affine(x, 0.5f, 0.5f), 0f, 1f);
    }

    private static Tensor toModel(Tensor images) {
        return F.affine(images, 2f, -1f);
    }

    /**
     * Samplers of 500+ steps draw at most 500 images (DDPM-1000 takes about 4 s an image on one CPU core), the others
     * the budget's count. Not fewer: on 200 images the Fréchet distance's bias hid most of the gap between DDIM-50 and
     * DDPM-1000 (19% there, 69% on 500).
     */
    private int samplesFor(Sampler sampler) {
        return sampler.steps() >= 500 ? Math.min(budget.evalSamples(), 500) : budget.evalSamples();
    }

    /**
     * Every sampler of the budget (the model's default one included) on the same seeds; the default sampler's row
     * gives the family's headline numbers. The Fréchet distance is biased by the sample count, so each sampler also
     * reports "fd_matched" over its first "matched_samples" images, the count every sampler drew: the samplers are
     * compared on those.
     */
    FamilyRun diffusion(Diffusion model, Trainer.Result training) throws IOException {
        FamilyRun run = new FamilyRun(training);
        Sampler main = model.config().sampler();
        List<Sampler> all = Budget.withDefault(budget.samplers(), main);
        int matched = all.stream().mapToInt(this::samplesFor).min().orElseThrow();
        Map<String, Object> samplers = new LinkedHashMap<>();
        for (Sampler sampler : all) {
            try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
                int n = samplesFor(sampler);
                long t0 = System.nanoTime();
                Tensor images = sampleAll(n, seed + 300, (size, sd) -> toImages(model.sample(size, sd, sampler)));
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> q = new LinkedHashMap<>(quality(images));
                q.put("fd_matched", n == matched ? q.get("fd") : quality(images.slice(0, 0, matched)).get("fd"));
                q.put("matched_samples", matched);
                q.put("steps", sampler.steps());
                q.put("samples", n);
                q.put("samples_per_second", FamilyRun.round(n / seconds));
                samplers.put(sampler.label(), q);
                if (sampler.equals(main)) {
                    run.metrics.putAll(q);
                    List.of("steps", "fd_matched", "matched_samples").forEach(run.metrics::remove);
                    if (figures != null) {
                        figures.grid("diffusion", "diffusion_samples.png", "DIFFUSION samples (" + main.label() + ")",
                                images.slice(0, 0, Math.min(64, n)), 8);
                        figures.losses("diffusion", training.curveSteps(), training.curves());
                    }
                }
            }
        }
        run.put("default_sampler", main.label());
        run.put("samplers", samplers);
        if (figures != null) {
            Sweep.samplerChart(figures, samplers, "fd_matched", "Fréchet distance (LeNet features, " + matched
                    + " samples each)");
            try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
                Tensor originals = data.testTensor(device).slice(0, 0, 8);
                float[] mask = new float[28 * 28];
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 14; x++) {
                        mask[y * 28 + x] = 1f;
                    }
                }
                Tensor known = Tensor.of(device, mask, 1, 1, 28, 28);
                Tensor inpainted = toImages(model.inpaint(toModel(originals), known, seed + 7));
                figures.grid("diffusion", "diffusion_inpaint.png", "Diffusion inpainting: test digits (top), their "
                        + "left halves (middle), the right halves generated (bottom)", F.concat(0, originals,
                        F.mul(originals, known), inpainted), 8);
                Tensor refined = toImages(model.imageToImage(toModel(originals), 0.5, seed + 8));
                figures.grid("diffusion", "diffusion_img2img.png", "Diffusion image-to-image at strength 0.5: test "
                        + "digits (top) and the results (bottom)", F.concat(0, originals, refined), 8);
            }
        }
        return run;
    }
}
