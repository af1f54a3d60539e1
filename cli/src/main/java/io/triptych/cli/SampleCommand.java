package io.triptych.cli;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.ops.F;
import io.triptych.models.GenerativeModel;
import io.triptych.models.GenerativeModels;
import io.triptych.models.compare.CompareOptions;
import io.triptych.models.data.Npy;
import io.triptych.models.diffusion.Diffusion;
import io.triptych.models.diffusion.Sampler;
import io.triptych.models.gan.Gan;
import io.triptych.models.report.ImageGrid;
import io.triptych.models.vae.Vae;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code triptych sample --checkpoint FILE --n N --out FILE.npy|FILE.png [--seed S] [--sampler ddim-50] [--psi P]
 * [--device cpu|cuda:N]}: draws samples from a checkpoint of any family (compare writes them in DIR/checkpoints) and
 * writes them as .npy (images as pixels in [0, 1], points as they are) or, for images, as a PNG grid.
 */
final class SampleCommand {
    private static final int MAX_SAMPLES = 100_000;

    private SampleCommand() {
    }

    static int run(String[] args, PrintStream out) throws IOException {
        Map<String, String> o = Options.parse(args, Set.of("--checkpoint", "--n", "--out", "--seed", "--sampler",
                "--psi", "--device"));
        if (o == null) {
            usage(out);
            return Main.OK;
        }
        Options.require(o, "--checkpoint", "--n", "--out");
        Path checkpoint = Path.of(o.get("--checkpoint"));
        int n = Options.parseInt("--n", o.get("--n"));
        if (n < 1 || n > MAX_SAMPLES) {
            throw new UsageException("--n must be in 1.." + MAX_SAMPLES + ", got " + n);
        }
        long seed = o.containsKey("--seed") ? Options.parseLong("--seed", o.get("--seed")) : 0;
        Path file = Path.of(o.get("--out"));
        String name = file.getFileName().toString();
        boolean png = name.endsWith(".png");
        if (!png && !name.endsWith(".npy")) {
            throw new UsageException("--out must end in .npy or .png, got " + file);
        }
        Device device = Options.device(o.getOrDefault("--device", "cpu"));
        String family = family(checkpoint, device);
        Sampler sampler = null;
        if (o.containsKey("--sampler")) {
            requireFamily("--sampler", family, "diffusion");
            try {
                sampler = Sampler.fromLabel(o.get("--sampler"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        double psi = Double.POSITIVE_INFINITY;
        if (o.containsKey("--psi")) {
            requireFamily("--psi", family, "gan");
            psi = parsePsi(o.get("--psi"));
        }
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off();
             GenerativeModel model = open(family, checkpoint, device)) {
            boolean images = model.dataShape().length == 3;
            if (png && !images) {
                throw new UsageException(checkpoint + " holds a model of " + model.dataShape().length + "-D points;"
                        + " write them as .npy");
            }
            Tensor x = switch (model) {
                case Gan g -> g.sample(n, seed, psi);
                case Diffusion d -> sampler == null ? d.sample(n, seed) : d.sample(n, seed, sampler);
                default -> model.sample(n, seed);
            };
            // Image diffusion models work in [-1, 1]; the other families already return pixels in [0, 1].
            if (images && model instanceof Diffusion) {
                x = F.clamp(F.affine(x, 0.5f, 0.5f), 0f, 1f);
            }
            if (png) {
                ImageGrid.write(file, x, (int) Math.ceil(Math.sqrt(n)));
            } else {
                Npy.write(file, x.shape(), x.toFloatArray());
            }
        }
        out.println("triptych sample: " + n + " " + family + " samples (seed " + seed + ") written to " + file);
        return Main.OK;
    }

    /** The family whose config the checkpoint's metadata holds. */
    private static String family(Path checkpoint, Device device) throws IOException {
        Map<String, String> metadata;
        try (Scope s = Scope.open()) {
            metadata = SafeTensors.read(checkpoint, device).metadata();
        }
        for (String f : CompareOptions.FAMILIES) {
            if (metadata.containsKey(GenerativeModels.configKey(f))) {
                return f;
            }
        }
        throw new IOException(checkpoint + " has no Triptych model config in its metadata (expected one of "
                + "triptych.{gan,vae,diffusion}.config); is it a checkpoint written by triptych compare or save()?");
    }

    private static GenerativeModel open(String family, Path checkpoint, Device device) throws IOException {
        return switch (family) {
            case "gan" -> Gan.fromCheckpoint(checkpoint, device);
            case "vae" -> Vae.fromCheckpoint(checkpoint, device);
            default -> Diffusion.open(checkpoint, device);
        };
    }

    private static void requireFamily(String option, String family, String needed) {
        if (!family.equals(needed)) {
            throw new UsageException(option + " applies to " + needed + " checkpoints; this one is a " + family + "'s");
        }
    }

    private static double parsePsi(String v) {
        try {
            double psi = Double.parseDouble(v);
            if (psi > 0) {
                return psi;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new UsageException("--psi needs a number > 0 (the truncation threshold on |z|), got '" + v + "'");
    }

    static void usage(PrintStream s) {
        s.println("usage: triptych sample --checkpoint FILE --n N --out FILE.npy|FILE.png [--seed S]");
        s.println("                       [--sampler ddpm-N|ddim-N|dpm++2m-N] [--psi P] [--device cpu|cuda:N]");
        s.println("Draws N samples from a checkpoint of any family (compare writes them to DIR/checkpoints) and writes");
        s.println("them as .npy (images as pixels in [0, 1]) or, for images, as a PNG grid. --sampler picks the");
        s.println("diffusion sampler (default: the model's), --psi truncates a GAN's latents. Same seed, same samples.");
    }
}
