package io.triptych.models.compare;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.random.Generator;
import io.triptych.models.GenerativeModel;
import io.triptych.models.data.Dataset;
import io.triptych.models.data.Mixture;
import io.triptych.models.diffusion.Diffusion;
import io.triptych.models.diffusion.Sampler;
import io.triptych.models.eval.ModeMetrics;
import io.triptych.models.eval.Prdc;
import io.triptych.models.eval.Throughput;
import io.triptych.models.gan.Gan;
import io.triptych.models.report.SvgChart;
import io.triptych.models.train.Trainer;
import io.triptych.models.vae.Vae;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures the families on a 2-D mixture (PacGAN protocol): modes captured, high-quality share and reverse KL from
 * ModeMetrics, precision/recall/density/coverage on the raw coordinates against the test split, sampling speed,
 * and each family's extra (truncation sweep, likelihood and interpolation, samplers, inpainting, image-to-image).
 * Figures are drawn only when a {@link Figures} is given (the first seed).
 */
final class PointEvaluation {
    private final Mixture mixture;
    private final Budget budget;
    private final Device device;
    private final long seed;
    private final Figures figures;
    private final float[] test;
    private final Prdc.Reference reference;

    PointEvaluation(Mixture mixture, Dataset data, Budget budget, Device device, long seed, Figures figures) {
        this.mixture = mixture;
        this.budget = budget;
        this.device = device;
        this.seed = seed;
        this.figures = figures;
        this.test = Arrays.copyOf(data.testData(), 2 * budget.evalSamples());
        this.reference = Prdc.reference(test, 2);
    }

    private static float[] sampled(Supplier<Tensor> sample) {
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            return sample.get().toFloatArray();
        }
    }

    /** Mode metrics and PRDC of 2-D points. */
    Map<String, Object> quality(float[] points) {
        ModeMetrics m = ModeMetrics.of(points, mixture);
        Prdc p = reference.against(points);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("modes_captured", m.modesCaptured());
        q.put("mode_count", m.modeCount());
        q.put("high_quality", FamilyRun.round(m.highQualityFraction()));
        q.put("reverse_kl", FamilyRun.round(m.reverseKl()));
        q.put("precision", FamilyRun.round(p.precision()));
        q.put("recall", FamilyRun.round(p.recall()));
        q.put("density", FamilyRun.round(p.density()));
        q.put("coverage", FamilyRun.round(p.coverage()));
        return q;
    }

    private FamilyRun common(String family, GenerativeModel model, Trainer.Result training) throws IOException {
        FamilyRun run = new FamilyRun(training);
        float[] points = sampled(() -> model.sample(budget.evalSamples(), seed + 1));
        run.metrics.putAll(quality(points));
        Throughput t = Throughput.measure(budget.evalSamples(), 1, 3, () -> sampled(() -> model.sample(
                budget.evalSamples(), seed + 2)));
        run.put("samples_per_second", t.samplesPerSecond());
        if (figures != null) {
            scatter(family, family + "_samples.svg", family.toUpperCase(java.util.Locale.ROOT) + " samples (blue) over "
                    + "the true modes (red)", points);
            figures.losses(family, training.curveSteps(), training.curves());
        }
        return run;
    }

    private void scatter(String family, String file, String caption, float[] points) throws IOException {
        int n = Math.min(points.length / 2, 2500);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = points[2 * i];
            y[i] = points[2 * i + 1];
        }
        float[][] modes = mixture.modes();
        double[] mx = Arrays.stream(modes).mapToDouble(m -> m[0]).toArray();
        double[] my = Arrays.stream(modes).mapToDouble(m -> m[1]).toArray();
        figures.chart(family, file, caption, caption, "x", "y", List.of(SvgChart.Series.dots("samples", x, y, 1.2),
                SvgChart.Series.dots("modes", mx, my, 4)), false);
    }

    FamilyRun gan(Gan gan, Trainer.Result training) throws IOException {
        FamilyRun run = common("gan", gan, training);
        List<Map<String, Object>> sweep = new ArrayList<>();
        for (double psi : budget.psis()) {
            float[] points = sampled(() -> gan.sample(budget.evalSamples(), seed + 3, psi));
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("psi", Double.isInfinite(psi) ? "inf" : psi);
            q.putAll(quality(points));
            sweep.add(q);
        }
        run.put("truncation", sweep);
        if (figures != null) {
            Sweep.truncationChart(figures, sweep);
        }
        return run;
    }

    FamilyRun vae(Vae vae, Trainer.Result training) throws IOException {
        FamilyRun run = common("vae", vae, training);
        int n = Math.min(budget.nllSamples(), test.length / 2);
        try (Scope s = Scope.open()) {
            Tensor batch = Tensor.of(device, Arrays.copyOf(test, 2 * n), n, 2);
            run.put("nll_nats", mean(vae.nll(batch, budget.nllImportance(), seed + 4)));
            run.put("nll_importance_samples", budget.nllImportance());
            run.put("neg_elbo_nats", -mean(vae.elbo(batch, seed + 5)));
            if (figures != null) {
                interpolation(vae);
            }
        }
        return run;
    }

    /** The decoded path between two test points of different modes: a VAE's latent space is continuous. */
    private void interpolation(Vae vae) throws IOException {
        float[][] modes = mixture.modes();
        float[] a = nearestTest(modes[0]);
        float[] b = nearestTest(modes[modes.length / 2]);
        float[] path = sampled(() -> vae.interpolate(Tensor.of(device, a, 1, 2), Tensor.of(device, b, 1, 2), 40));
        scatter("vae", "vae_interpolation.svg", "VAE: decoded latent interpolation between two test points of "
                + "opposite modes", path);
    }

    private float[] nearestTest(float[] mode) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < test.length / 2; i++) {
            double d = Math.hypot(test[2 * i] - mode[0], test[2 * i + 1] - mode[1]);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return new float[] {test[2 * best], test[2 * best + 1]};
    }

    /**
     * Every sampler of the budget (the model's default one included) on the same seed; the default sampler's row
     * gives the family's headline numbers, so no sampler runs twice.
     */
    FamilyRun diffusion(Diffusion model, Trainer.Result training) throws IOException {
        FamilyRun run = new FamilyRun(training);
        Sampler main = model.config().sampler();
        Map<String, Object> samplers = new LinkedHashMap<>();
        float[] mainPoints = null;
        for (Sampler sampler : Budget.withDefault(budget.samplers(), main)) {
            long t0 = System.nanoTime();
            float[] points = sampled(() -> model.sample(budget.evalSamples(), seed + 1, sampler));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> q = new LinkedHashMap<>(quality(points));
            q.put("steps", sampler.steps());
            q.put("samples_per_second", FamilyRun.round(budget.evalSamples() / seconds));
            samplers.put(sampler.label(), q);
            if (sampler.equals(main)) {
                mainPoints = points;
                run.metrics.putAll(q);
                run.metrics.remove("steps");
            }
        }
        run.put("default_sampler", main.label());
        run.put("samplers", samplers);
        inpaintAndRefine(model, run);
        if (figures != null) {
            scatter("diffusion", "diffusion_samples.svg", "DIFFUSION samples (" + main.label() + ", blue) over the "
                    + "true modes (red)", mainPoints);
            figures.losses("diffusion", training.curveSteps(), training.curves());
            Sweep.samplerChart(figures, samplers, "high_quality", "high-quality share");
        }
        return run;
    }

    /**
     * Inpainting: x is known, y is generated; a good model puts y on a mode whose x matches. Image-to-image: points
     * pushed off the modes are noised to strength 0.3 and denoised back.
     */
    private void inpaintAndRefine(Diffusion model, FamilyRun run) throws IOException {
        int n = 500;
        float[] known = Arrays.copyOf(test, 2 * n);
        float[] inpainted;
        float[] off = new float[2 * n];
        float[] refined;
        try (Scope s = Scope.open()) {
            Tensor mask = Tensor.of(device, new float[] {1f, 0f}, 1, 2);
            inpainted = sampled(() -> model.inpaint(Tensor.of(device, known, n, 2), mask, seed + 6));
            float[] noise = new Generator(seed + 7).normal(Device.cpu(), 0f, 0.15f, 2 * n).toFloatArray();
            for (int i = 0; i < 2 * n; i++) {
                off[i] = known[i] + noise[i];
            }
            refined = sampled(() -> model.imageToImage(Tensor.of(device, off, n, 2), 0.3, seed + 8));
        }
        run.put("inpaint_high_quality", ModeMetrics.of(inpainted, mixture).highQualityFraction());
        run.put("img2img_high_quality_before", ModeMetrics.of(off, mixture).highQualityFraction());
        run.put("img2img_high_quality_after", ModeMetrics.of(refined, mixture).highQualityFraction());
        if (figures != null) {
            scatter("diffusion", "diffusion_inpaint.svg", "Diffusion inpainting: x of 500 test points kept, y "
                    + "generated", inpainted);
            scatter("diffusion", "diffusion_img2img.svg", "Diffusion image-to-image (strength 0.3) of points pushed "
                    + "off the modes", refined);
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
