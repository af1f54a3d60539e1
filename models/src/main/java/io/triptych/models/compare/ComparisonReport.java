package io.triptych.models.compare;

import io.triptych.models.report.Report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.md and report.html of a comparison: the classic qualitative table beside the measured numbers, the claims
 * checked one by one, every family's metrics, the sampler and truncation sweeps, and the figures.
 */
final class ComparisonReport {
    private static final List<String> FAMILIES = List.of("gan", "vae", "diffusion");

    private final CompareOptions options;
    private final Budget budget;
    private final Map<String, Object> metrics;
    private final List<Figures.Figure> figures;

    ComparisonReport(CompareOptions options, Budget budget, Map<String, Object> metrics, List<Figures.Figure> figures) {
        this.options = options;
        this.budget = budget;
        this.metrics = metrics;
        this.figures = figures;
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
        Report r = new Report("Triptych compare: GAN, VAE and diffusion on " + options.data());
        r.paragraph("Budget " + budget.name() + ", " + options.seeds() + " seed(s) from " + options.baseSeed()
                + ", device " + options.device() + ", " + metrics.get("threads") + " threads, Triptych "
                + metrics.get("version") + ". The settings are in config.json and every number below in "
                + "metrics.json; rerunning the same command on the same device with the same thread count "
                + "repeats it bit for bit."
                + (options.seeds() > 1 ? " Values are mean ± standard error over the seeds." : ""));
        r.heading(2, "The classic comparison, measured");
        r.table(List.of("", "GAN", "VAE", "Diffusion"), classicRows(images));
        r.heading(2, "Do the classic claims hold here?");
        for (String line : claims(images)) {
            r.paragraph(line);
        }
        r.heading(2, "All measurements");
        r.table(List.of("metric", "GAN", "VAE", "Diffusion"), allRows());
        if (images) {
            r.paragraph("LeNet feature extractor test accuracy: " + num(metrics.get("lenet_test_accuracy"))
                    + ". Floor (held-out real digits against the test split): " + metrics.get("floor") + ".");
        }
        r.heading(2, "Diffusion samplers");
        r.table(samplerHeader(images), samplerRows(images));
        r.heading(2, "GAN truncation trick");
        r.table(List.of("psi", "precision", "recall", images ? "fd" : "high quality", images ? "coverage"
                : "modes captured"), truncationRows(images));
        for (String f : List.of("all", "gan", "vae", "diffusion")) {
            List<Figures.Figure> mine = figures.stream().filter(x -> x.family().equals(f)).toList();
            if (!mine.isEmpty()) {
                r.heading(2, "Figures: " + (f.equals("all") ? "data" : f.toUpperCase(Locale.ROOT)));
                mine.forEach(x -> r.figure(x.file(), x.caption()));
            }
        }
        r.write(dir);
    }

    private List<List<String>> classicRows(boolean images) {
        List<List<String>> rows = new ArrayList<>();
        String fid = images ? "precision " : "high-quality share ";
        rows.add(List.of("fidelity",
                "claim: high. measured: " + fid + (images ? val("gan", "precision") : val("gan", "high_quality")),
                "claim: low, blurry. measured: " + fid + (images ? val("vae", "precision")
                        : val("vae", "high_quality")),
                "claim: high. measured: " + fid + (images ? val("diffusion", "precision")
                        : val("diffusion", "high_quality"))));
        String div = images ? "recall " : "modes captured ";
        rows.add(List.of("diversity",
                "claim: low (mode collapse). measured: " + div + (images ? val("gan", "recall")
                        : val("gan", "modes_captured") + "/" + num(family("gan").get("mode_count"))),
                "claim: high. measured: " + div + (images ? val("vae", "recall")
                        : val("vae", "modes_captured") + "/" + num(family("vae").get("mode_count"))),
                "claim: high. measured: " + div + (images ? val("diffusion", "recall")
                        : val("diffusion", "modes_captured") + "/" + num(family("diffusion").get("mode_count")))));
        rows.add(List.of("training",
                "claim: hard, no convergence signal. measured: " + val("gan", "train_seconds") + " s, final D/G loss "
                        + val("gan", "final_d_loss") + " / " + val("gan", "final_g_loss") + divergence("gan"),
                "claim: easy (ELBO). measured: " + val("vae", "train_seconds") + " s, final -ELBO "
                        + val("vae", "final_loss") + divergence("vae"),
                "claim: easy (L2). measured: " + val("diffusion", "train_seconds") + " s, final loss "
                        + val("diffusion", "final_loss") + divergence("diffusion")));
        rows.add(List.of("sampling speed",
                "claim: fast, one pass. measured: " + val("gan", "samples_per_second") + " samples/s",
                "claim: fast, one pass. measured: " + val("vae", "samples_per_second") + " samples/s",
                "claim: slow, one pass per step. measured: " + val("diffusion", "samples_per_second")
                        + " samples/s with " + family("diffusion").get("default_sampler")));
        rows.add(List.of("extras",
                "truncation trades diversity for fidelity (see the sweep)",
                "encoder: any input's latent code; test NLL " + val("vae", "nll_nats") + " nats",
                images ? "inpainting and image-to-image (see the figures)"
                        : "inpainting: " + val("diffusion", "inpaint_high_quality") + " high quality; image-to-image "
                        + val("diffusion", "img2img_high_quality_before") + " -> "
                        + val("diffusion", "img2img_high_quality_after")));
        return rows;
    }

    private String divergence(String f) {
        Object d = family(f).get("divergence");
        return d == null ? "" : "; DIVERGED: " + d;
    }

    private List<String> claims(boolean images) {
        List<String> out = new ArrayList<>();
        String q = images ? "precision" : "high_quality";
        String c = images ? "recall" : "modes_captured";
        out.add(verdict("GAN fidelity above VAE fidelity (" + q + ")", d("gan", q) > d("vae", q), d("gan", q),
                d("vae", q)));
        out.add(verdict("VAE diversity above GAN diversity (" + c + ")", d("vae", c) > d("gan", c), d("vae", c),
                d("gan", c)));
        out.add(verdict("Diffusion fidelity at least the VAE's (" + q + ")", d("diffusion", q) >= d("vae", q),
                d("diffusion", q), d("vae", q)));
        out.add(verdict("Diffusion diversity at least the GAN's (" + c + ")", d("diffusion", c) >= d("gan", c),
                d("diffusion", c), d("gan", c)));
        out.add(verdict("Diffusion samples slower than GAN samples (samples/s)",
                d("diffusion", "samples_per_second") < d("gan", "samples_per_second"),
                d("diffusion", "samples_per_second"), d("gan", "samples_per_second")));
        return out;
    }

    private static String verdict(String claim, boolean holds, double a, double b) {
        return (holds ? "Holds: " : "Does not hold here: ") + claim + String.format(Locale.ROOT, " (%.4g vs %.4g).",
                a, b);
    }

    private List<List<String>> allRows() {
        List<String> keys = new ArrayList<>();
        for (String f : FAMILIES) {
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
            for (String f : FAMILIES) {
                row.add(family(f).containsKey(k) ? val(f, k) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> samplerHeader(boolean images) {
        return images ? List.of("sampler", "steps", "samples/s", "precision", "recall", "coverage", "fd")
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
                    num(q.get("precision")), num(q.get("recall")), num(q.get("coverage")), num(q.get("fd")))
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
