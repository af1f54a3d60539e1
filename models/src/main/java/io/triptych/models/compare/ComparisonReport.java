package io.triptych.models.compare;

import io.triptych.models.report.Report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * report.md and report.html of a comparison: the classic qualitative table beside the measured numbers (one column per
 * family run), the claims that compare two families run, checked one by one, every family's metrics, the sampler and
 * truncation sweeps, and the figures.
 */
final class ComparisonReport {
    private static final Map<String, String> TITLES = Map.of("gan", "GAN", "vae", "VAE", "diffusion", "Diffusion");

    private final CompareOptions options;
    private final Budget budget;
    private final Map<String, Object> metrics;
    private final List<Figures.Figure> figures;
    private final List<String> families;

    ComparisonReport(CompareOptions options, Budget budget, Map<String, Object> metrics, List<Figures.Figure> figures) {
        this.options = options;
        this.budget = budget;
        this.metrics = metrics;
        this.figures = figures;
        this.families = options.families();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> family(String f) {
        return (Map<String, Object>) metrics.get(f);
    }

    private static String num(Object v) {
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.3g", d);
        }
        return v == null ? "n/a" : v.toString();
    }

    /** "value" or "value ± se" when several seeds were run. */
    private String val(String family, String key) {
        Map<String, Object> m = family(family);
        Object v = m.get(key);
        Object se = m.get(key + "_se");
        return se == null ? num(v) : num(v) + " ± " + num(se);
    }

    private double d(String family, String key) {
        Object v = family(family).get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    void write(Path dir) throws IOException {
        boolean images = options.images();
        Report r = new Report("Triptych compare: " + String.join(", ", families.stream().map(TITLES::get).toList())
                + " on " + options.data());
        r.paragraph("Budget " + budget.name() + ", " + options.seeds() + " seed(s) from " + options.baseSeed()
                + ", device " + options.device() + ", " + metrics.get("threads") + " threads, Triptych "
                + metrics.get("version") + ". The settings are in config.json and every number below in "
                + "metrics.json; rerunning the same command on the same device with the same thread count "
                + "repeats it bit for bit."
                + (options.seeds() > 1 ? " Values are mean ± standard error over the seeds." : ""));
        r.heading(2, "The classic comparison, measured");
        r.table(header(""), classicRows(images));
        r.heading(2, "Do the classic claims hold here?");
        List<String> claims = claims(images);
        if (claims.isEmpty()) {
            r.paragraph("No claim compares the families run here; run at least two.");
        }
        claims.forEach(r::paragraph);
        r.heading(2, "All measurements");
        r.table(header("metric"), allRows());
        if (images) {
            r.paragraph("LeNet feature extractor test accuracy: " + num(metrics.get("lenet_test_accuracy"))
                    + ". Floor (held-out real digits against the test split): " + metrics.get("floor") + ".");
        }
        if (options.runs("diffusion")) {
            r.heading(2, "Diffusion samplers");
            r.table(samplerHeader(images), samplerRows(images));
        }
        if (options.runs("gan")) {
            r.heading(2, "GAN truncation trick");
            r.table(List.of("psi", "precision", "recall", images ? "fd" : "high quality", images ? "coverage"
                    : "modes captured"), truncationRows(images));
        }
        for (String f : List.of("all", "gan", "vae", "diffusion")) {
            List<Figures.Figure> mine = figures.stream().filter(x -> x.family().equals(f)).toList();
            if (!mine.isEmpty()) {
                r.heading(2, "Figures: " + (f.equals("all") ? "data" : f.toUpperCase(Locale.ROOT)));
                mine.forEach(x -> r.figure(x.file(), x.caption()));
            }
        }
        r.write(dir);
    }

    /** {@code first}, then one column per family run. */
    private List<String> header(String first) {
        List<String> h = new ArrayList<>();
        h.add(first);
        families.forEach(f -> h.add(TITLES.get(f)));
        return h;
    }

    private List<String> row(String label, Function<String, String> cell) {
        List<String> row = new ArrayList<>();
        row.add(label);
        families.forEach(f -> row.add(cell.apply(f)));
        return row;
    }

    private List<List<String>> classicRows(boolean images) {
        String fidelity = images ? "precision" : "high_quality";
        return List.of(
                row("fidelity", f -> "claim: " + (f.equals("vae") ? "low, blurry" : "high") + ". measured: "
                        + (images ? "precision " : "high-quality share ") + val(f, fidelity)),
                row("diversity", f -> "claim: " + (f.equals("gan") ? "low (mode collapse)" : "high")
                        + ". measured: " + (images ? "recall " + val(f, "recall") : "modes captured "
                        + val(f, "modes_captured") + "/" + num(family(f).get("mode_count")))),
                row("training", f -> switch (f) {
                    case "gan" -> "claim: hard, no convergence signal. measured: " + val(f, "train_seconds")
                            + " s, final D/G loss " + val(f, "final_d_loss") + " / " + val(f, "final_g_loss");
                    case "vae" -> "claim: easy (ELBO). measured: " + val(f, "train_seconds") + " s, final -ELBO "
                            + val(f, "final_loss");
                    default -> "claim: easy (L2). measured: " + val(f, "train_seconds") + " s, final loss "
                            + val(f, "final_loss");
                } + divergence(f)),
                row("sampling speed", f -> f.equals("diffusion")
                        ? "claim: slow, one pass per step. measured: " + val(f, "samples_per_second")
                        + " samples/s with " + family(f).get("default_sampler")
                        : "claim: fast, one pass. measured: " + val(f, "samples_per_second") + " samples/s"),
                row("extras", f -> switch (f) {
                    case "gan" -> "truncation trades diversity for fidelity (see the sweep)";
                    case "vae" -> "encoder: any input's latent code; test NLL " + val(f, "nll_nats") + " nats";
                    default -> images ? "inpainting and image-to-image (see the figures)"
                            : "inpainting: " + val(f, "inpaint_high_quality") + " high quality; image-to-image "
                            + val(f, "img2img_high_quality_before") + " -> " + val(f, "img2img_high_quality_after");
                }));
    }

    private String divergence(String f) {
        Object d = family(f).get("divergence");
        return d == null ? "" : "; DIVERGED: " + d;
    }

    /** The classic claims that compare two families which were both run. */
    private List<String> claims(boolean images) {
        List<String> out = new ArrayList<>();
        String q = images ? "precision" : "high_quality";
        String c = images ? "recall" : "modes_captured";
        claim(out, "GAN fidelity above VAE fidelity (" + q + ")", "gan", "vae", q, true);
        claim(out, "VAE diversity above GAN diversity (" + c + ")", "vae", "gan", c, true);
        claim(out, "Diffusion fidelity at least the VAE's (" + q + ")", "diffusion", "vae", q, false);
        claim(out, "Diffusion diversity at least the GAN's (" + c + ")", "diffusion", "gan", c, false);
        if (options.runs("diffusion") && options.runs("gan")) {
            double a = d("diffusion", "samples_per_second");
            double b = d("gan", "samples_per_second");
            out.add(verdict("Diffusion samples slower than GAN samples (samples/s)", a < b, a, b));
        }
        return out;
    }

    /** Adds whether family a's {@code key} is above (strictly or not) family b's, when both were run. */
    private void claim(List<String> out, String claim, String a, String b, String key, boolean strictly) {
        if (options.runs(a) && options.runs(b)) {
            double x = d(a, key);
            double y = d(b, key);
            out.add(verdict(claim, strictly ? x > y : x >= y, x, y));
        }
    }

    private static String verdict(String claim, boolean holds, double a, double b) {
        return (holds ? "Holds: " : "Does not hold here: ") + claim + String.format(Locale.ROOT, " (%.4g vs %.4g).",
                a, b);
    }

    private List<List<String>> allRows() {
        List<String> keys = new ArrayList<>();
        for (String f : families) {
            for (var e : family(f).entrySet()) {
                Object v = e.getValue();
                if ((v instanceof Number || v instanceof String) && !e.getKey().endsWith("_se")
                        && !keys.contains(e.getKey()) && !e.getKey().equals("divergence")) {
                    keys.add(e.getKey());
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (String k : keys) {
            List<String> row = new ArrayList<>();
            row.add(k);
            for (String f : families) {
                row.add(family(f).containsKey(k) ? val(f, k) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> samplerHeader(boolean images) {
        return images ? List.of("sampler", "steps", "samples/s", "precision", "recall", "coverage", "fd",
                "fd, first n of every sampler")
                : List.of("sampler", "steps", "samples/s", "modes", "high quality", "reverse KL", "precision",
                "recall");
    }

    @SuppressWarnings("unchecked")
    private List<List<String>> samplerRows(boolean images) {
        List<List<String>> rows = new ArrayList<>();
        Object s = family("diffusion").get("samplers");
        if (!(s instanceof Map<?, ?> samplers)) {
            return rows;
        }
        for (var e : samplers.entrySet()) {
            Map<String, Object> q = (Map<String, Object>) e.getValue();
            rows.add(images ? List.of((String) e.getKey(), num(q.get("steps")), num(q.get("samples_per_second")),
                    num(q.get("precision")), num(q.get("recall")), num(q.get("coverage")), num(q.get("fd")),
                    num(q.get("fd_matched")) + " (n=" + num(q.get("matched_samples")) + ")")
                    : List.of((String) e.getKey(), num(q.get("steps")), num(q.get("samples_per_second")),
                    num(q.get("modes_captured")) + "/" + num(q.get("mode_count")), num(q.get("high_quality")),
                    num(q.get("reverse_kl")), num(q.get("precision")), num(q.get("recall"))));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private List<List<String>> truncationRows(boolean images) {
        List<List<String>> rows = new ArrayList<>();
        Object t = family("gan").get("truncation");
        if (!(t instanceof List<?> sweep)) {
            return rows;
        }
        for (Object o : sweep) {
            Map<String, Object> q = (Map<String, Object>) o;
            rows.add(List.of(num(q.get("psi")), num(q.get("precision")), num(q.get("recall")),
                    num(q.get(images ? "fd" : "high_quality")), images ? num(q.get("coverage"))
                            : num(q.get("modes_captured")) + "/" + num(q.get("mode_count"))));
        }
        return rows;
    }
}
