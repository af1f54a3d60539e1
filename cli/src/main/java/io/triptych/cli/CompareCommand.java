package io.triptych.cli;

import io.triptych.engine.Device;
import io.triptych.models.compare.CompareOptions;
import io.triptych.models.compare.Comparison;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code triptych compare [--data ring8|grid25|mnist] [--budget quick|full] [--seeds N] [--seed S] [--out DIR]
 * [--device cpu|cuda:N] [--families gan,vae,diffusion]}: trains and measures the families side by side and writes the
 * report.
 */
final class CompareCommand {
    private CompareCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, String version) throws IOException {
        Map<String, String> o = Options.parse(args, Set.of("--data", "--budget", "--seeds", "--seed", "--out",
                "--device", "--families"));
        if (o == null) {
            usage(out);
            return Main.OK;
        }
        String data = o.getOrDefault("--data", "ring8");
        String budget = o.getOrDefault("--budget", "quick");
        int seeds = o.containsKey("--seeds") ? Options.parseInt("--seeds", o.get("--seeds")) : 1;
        long seed = o.containsKey("--seed") ? Options.parseLong("--seed", o.get("--seed")) : 0;
        Path dir = o.containsKey("--out") ? Path.of(o.get("--out")) : null;
        Device device = Options.device(o.getOrDefault("--device", "cpu"));
        List<String> families = o.containsKey("--families") ? List.of(o.get("--families").split(",", -1))
                : CompareOptions.FAMILIES;
        if (dir == null) {
            dir = Path.of("compare-out", data + "-" + budget
                    + (families.equals(CompareOptions.FAMILIES) ? "" : "-" + String.join("-", families)));
        }
        CompareOptions options;
        try {
            options = new CompareOptions(data, budget, seeds, seed, dir, device, families);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ProgressBar progress = new ProgressBar(err, System.console() != null);
        long t0 = System.nanoTime();
        Map<String, Object> metrics = new Comparison(options, progress, version).run();
        progress.finishLine();
        out.println(String.format(java.util.Locale.ROOT, "triptych compare: done in %.0f s; report in %s",
                (System.nanoTime() - t0) / 1e9, dir.resolve("report.md")));
        for (String f : options.families()) {
            out.println("  " + f + ": " + summary(metrics.get(f)));
        }
        return Main.OK;
    }

    private static String summary(Object family) {
        if (!(family instanceof Map<?, ?> m)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String k : new String[] {"modes_captured", "high_quality", "precision", "recall", "fd", "nll_nats",
            "samples_per_second", "train_seconds"}) {
            if (m.containsKey(k)) {
                sb.append(k).append('=').append(m.get(k)).append(' ');
            }
        }
        return sb.toString().trim();
    }

    static void usage(PrintStream s) {
        s.println("usage: triptych compare [--data ring8|grid25|mnist] [--budget quick|full] [--seeds N] [--seed S]");
        s.println("                        [--out DIR] [--device cpu|cuda:N] [--families gan,vae,diffusion]");
        s.println("Trains a GAN, a VAE and a diffusion model on the same data with the same budget, measures them");
        s.println("and writes DIR/report.md, report.html, metrics.json, config.json, figures and checkpoints.");
        s.println("Defaults: --data ring8 --budget quick --seeds 1 --seed 0 --families gan,vae,diffusion");
        s.println("--out compare-out/<data>-<budget>, with -<families> appended when a subset runs.");
        s.println("--families takes a comma-separated subset: only those families are trained and reported.");
    }
}
