package io.triptych.models.compare;

import io.triptych.engine.Backends;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.Json;
import io.triptych.engine.ops.F;
import io.triptych.models.GenerativeModel;
import io.triptych.models.data.Batches;
import io.triptych.models.data.Dataset;
import io.triptych.models.data.Mixture;
import io.triptych.models.data.Mnist;
import io.triptych.models.diffusion.Diffusion;
import io.triptych.models.eval.LeNet;
import io.triptych.models.eval.LeNetTrainer;
import io.triptych.models.gan.Gan;
import io.triptych.models.report.Report;
import io.triptych.models.train.Trainer;
import io.triptych.models.vae.Vae;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code triptych compare}: trains the GAN, the VAE and the diffusion model (or the families asked for) on one data
 * set with one budget, measures each, and writes config.json (first, so a failed run still says what it was),
 * metrics.json, report.md, report.html, figures and checkpoints into the output folder. Every random choice derives
 * from the seeds, so a run repeats bit for bit on the same device and thread count.
 */
public final class Comparison {
    private final CompareOptions options;
    private final Budget budget;
    private final Progress progress;
    private final String version;

    public Comparison(CompareOptions options, Progress progress, String version) {
        this.options = options;
        this.budget = Budget.of(options);
        this.progress = progress;
        this.version = version;
    }

    /** Runs the comparison; returns the metrics also written to metrics.json. */
    public Map<String, Object> run() throws IOException {
        Path out = options.out();
        Files.createDirectories(out.resolve("checkpoints"));
        Map<String, Object> config = config();
        Report.writeAtomically(out.resolve("config.json"), Json.writePretty(config));
        Data data = loadData(options, budget, progress);
        Figures figures = new Figures(out);
        List<Map<String, Object>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < options.seeds(); i++) {
                long seed = options.baseSeed() + i;
                progress.note("run " + (i + 1) + "/" + options.seeds() + " (seed " + seed + ")");
                runs.add(runOnce(data, seed, i == 0 ? figures : null));
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("data", options.data());
            metrics.put("budget", options.budget());
            metrics.put("seeds", runs.stream().map(r -> r.get("seed")).toList());
            metrics.put("device", options.device().toString());
            metrics.put("threads", Backends.cpu().threads());
            metrics.put("version", version);
            if (data.lenetAccuracy != null) {
                metrics.put("lenet_test_accuracy", FamilyRun.round(data.lenetAccuracy));
                metrics.put("floor", new ImageEvaluation(data.dataset, budget, options.device(), options.baseSeed(),
                        null, data.lenet, data.testFeatures).floor(budget.evalSamples()));
            }
            for (String family : options.families()) {
                metrics.put(family, Aggregate.family(runs, family));
            }
            Report.writeAtomically(out.resolve("metrics.json"), Json.writePretty(metrics));
            new ComparisonReport(options, budget, metrics, figures.list()).write(out);
            return metrics;
        } finally {
            data.close();
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", "triptych compare --data " + options.data() + " --budget " + options.budget() + " --seeds "
                + options.seeds() + " --seed " + options.baseSeed() + " --device " + options.device() + " --families "
                + String.join(",", options.families()));
        c.put("data", options.data());
        c.put("budget", budget.toJson());
        c.put("families", options.families());
        c.put("seeds", options.seeds());
        c.put("base_seed", options.baseSeed());
        c.put("device", options.device().toString());
        c.put("threads", Backends.cpu().threads());
        c.put("version", version);
        c.put("java", System.getProperty("java.version"));
        c.put("started", Instant.now().toString());
        return c;
    }

    /** The data set, and for images the LeNet feature extractor with its test accuracy and the test features. */
    static final class Data implements AutoCloseable {
        Dataset dataset;
        Mixture mixture;
        LeNet lenet;
        float[] testFeatures;
        Double lenetAccuracy;

        @Override
        public void close() {
            if (lenet != null) {
                lenet.close();
            }
        }
    }

    static Data loadData(CompareOptions options, Budget budget, Progress progress) throws IOException {
        Data d = new Data();
        if (!options.images()) {
            d.mixture = Mixture.named(options.data());
            d.dataset = d.mixture.dataset();
            return d;
        }
        progress.phase("loading MNIST", 1);
        Mnist mnist = Mnist.atDefaultLocation();
        d.dataset = mnist.load();
        progress.advance(1);
        LeNetTrainer.Options lo = LeNetTrainer.Options.defaults();
        int steps = lo.epochs() * (d.dataset.trainSize() / lo.batchSize());
        progress.phase("LeNet feature extractor", steps);
        LeNetTrainer.Result r = LeNetTrainer.loadOrTrain(mnist.cacheFile().resolveSibling("lenet.safetensors"),
                d.dataset, lo, options.device(), (step, total, loss) -> progress.advance(step));
        d.lenet = r.model();
        d.lenetAccuracy = r.testAccuracy();
        progress.note(String.format(java.util.Locale.ROOT, "LeNet test accuracy %.2f%%", 100 * r.testAccuracy()));
        try (Scope s = Scope.open()) {
            d.testFeatures = d.lenet.featureArray(d.dataset.testTensor(options.device()));
        }
        return d;
    }

    private Map<String, Object> runOnce(Data data, long seed, Figures figures) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("seed", seed);
        PointEvaluation points = data.mixture == null ? null
                : new PointEvaluation(data.mixture, data.dataset, budget, options.device(), seed, figures);
        ImageEvaluation images = data.mixture != null ? null
                : new ImageEvaluation(data.dataset, budget, options.device(), seed, figures, data.lenet,
                data.testFeatures);
        if (options.runs("gan")) {
            try (Gan gan = new Gan(budget.gan().withSeed(seed), options.device())) {
                Trainer.Result t = train("gan", gan, data, seed, budget.ganSteps(), false);
                progress.phase("evaluating gan", 1);
                run.put("gan", (points != null ? points.gan(gan, t) : images.gan(gan, t)).metrics);
            }
        }
        if (options.runs("vae")) {
            try (Vae vae = new Vae(budget.vae().withSeed(seed), options.device())) {
                Trainer.Result t = train("vae", vae, data, seed, budget.vaeSteps(), false);
                progress.phase("evaluating vae", 1);
                run.put("vae", (points != null ? points.vae(vae, t) : images.vae(vae, t)).metrics);
            }
        }
        if (options.runs("diffusion")) {
            try (Diffusion diffusion = new Diffusion(budget.diffusion().withSeed(seed), options.device())) {
                Trainer.Result t = train("diffusion", diffusion, data, seed, budget.diffusionSteps(),
                        options.images());
                progress.phase("evaluating diffusion", 1);
                run.put("diffusion", (points != null ? points.diffusion(diffusion, t)
                        : images.diffusion(diffusion, t)).metrics);
            }
        }
        return run;
    }

    /** Trains one family; diffusion models of images see them in [-1, 1], the other families in [0, 1]. */
    private Trainer.Result train(String family, GenerativeModel model, Data data, long seed, int steps,
                                 boolean signedImages) {
        Batches batches = data.dataset.batches(seed, options.device());
        IntFunction<Tensor> next = step -> signedImages ? F.affine(batches.batch(budget.batchSize()), 2f, -1f)
                : batches.batch(budget.batchSize());
        Path checkpoint = options.out().resolve("checkpoints").resolve(family + "-seed" + seed + ".safetensors");
        progress.phase("training " + family, steps);
        Trainer.Result r = Trainer.train(model, next, new Trainer.Options(steps, Math.max(1, steps / 100),
                Math.max(1, steps / 10), checkpoint, true), (done, total) -> progress.advance(done));
        progress.note(String.format(java.util.Locale.ROOT, "%s: %d steps in %.1f s%s", family, r.stepsDone(),
                r.seconds(), r.diverged() ? " - " + r.divergence() : ""));
        return r;
    }
}
