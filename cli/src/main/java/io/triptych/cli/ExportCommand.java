package io.triptych.cli;

import io.triptych.models.compare.CompareOptions;
import io.triptych.models.data.Dataset;
import io.triptych.models.data.Mixture;
import io.triptych.models.data.Mnist;
import io.triptych.models.data.Npy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * {@code triptych export --data ring8|grid25|mnist --split train|test --out FILE.npy}: writes a split exactly as
 * {@code compare} trains and measures on it, so that a peer model (e.g. in PyTorch) can train on the same data.
 */
final class ExportCommand {
    private ExportCommand() {
    }

    static int run(String[] args, PrintStream out) throws IOException {
        Map<String, String> o = Options.parse(args, Set.of("--data", "--split", "--out"));
        if (o == null) {
            usage(out);
            return Main.OK;
        }
        Options.require(o, "--data", "--out");
        String data = o.get("--data");
        String split = o.getOrDefault("--split", "train");
        Path file = Path.of(o.get("--out"));
        if (!split.equals("train") && !split.equals("test")) {
            throw new UsageException("--split must be train or test, got '" + split + "'");
        }
        Dataset d = switch (data) {
            case "mnist" -> Mnist.atDefaultLocation().load();
            case "ring8", "grid25" -> Mixture.named(data).dataset();
            default -> throw new UsageException("--data must be one of " + CompareOptions.DATA + ", got '" + data
                    + "'");
        };
        boolean train = split.equals("train");
        int n = train ? d.trainSize() : d.testSize();
        int[] sample = d.sampleShape();
        int[] shape = new int[sample.length + 1];
        shape[0] = n;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        Npy.write(file, shape, train ? d.trainData() : d.testData());
        out.println("triptych export: " + n + " " + data + " " + split + " samples of shape "
                + Arrays.toString(sample) + " written to " + file);
        return Main.OK;
    }

    static void usage(PrintStream s) {
        s.println("usage: triptych export --data ring8|grid25|mnist [--split train|test] --out FILE.npy");
        s.println("Writes a split as compare uses it (float32 .npy; images [n, 1, 28, 28] in [0, 1]), so that a peer");
        s.println("model can train on the same data; measure its samples with triptych evaluate.");
    }
}
