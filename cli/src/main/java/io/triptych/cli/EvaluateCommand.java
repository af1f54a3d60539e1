package io.triptych.cli;

import io.triptych.engine.Device;
import io.triptych.engine.io.Json;
import io.triptych.models.compare.SampleEvaluation;
import io.triptych.models.data.Npy;
import io.triptych.models.report.Report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code triptych evaluate --data ring8|grid25|mnist --samples FILE.npy [--out FILE.json] [--device cpu|cuda:N]}:
 * measures samples made elsewhere with the metrics and references of {@code compare}, and prints them as JSON.
 */
final class EvaluateCommand {
    private EvaluateCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Map<String, String> o = Options.parse(args, Set.of("--data", "--samples", "--out", "--device"));
        if (o == null) {
            usage(out);
            return Main.OK;
        }
        Options.require(o, "--data", "--samples");
        String data = o.get("--data");
        Path samples = Path.of(o.get("--samples"));
        Path json = o.containsKey("--out") ? Path.of(o.get("--out")) : null;
        Device device = Options.device(o.getOrDefault("--device", "cpu"));
        Npy array = Npy.read(samples);
        ProgressBar progress = new ProgressBar(err, System.console() != null);
        Map<String, Object> metrics;
        try {
            metrics = SampleEvaluation.evaluate(data, array, device, progress);
        } catch (IllegalArgumentException e) {
            throw new UsageException(samples + ": " + e.getMessage());
        }
        progress.finishLine();
        String text = Json.writePretty(metrics);
        if (json != null) {
            Report.writeAtomically(json, text);
        }
        out.println(text);
        return Main.OK;
    }

    static void usage(PrintStream s) {
        s.println("usage: triptych evaluate --data ring8|grid25|mnist --samples FILE.npy [--out FILE.json]");
        s.println("                         [--device cpu|cuda:N]");
        s.println("Measures samples made elsewhere (e.g. by a PyTorch model) with compare's metrics and references");
        s.println("and prints them as JSON (also written to --out). Samples: a C-order .npy of float32/float64, or");
        s.println("uint8 for images; points [n, 2]; images [n, 1, 28, 28], [n, 28, 28] or [n, 784] in [0, 1] (uint8");
        s.println("0..255 is scaled). The Fréchet distance depends on n: compare uses 500 (quick) or 2,000 (full).");
    }
}
