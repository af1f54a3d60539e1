package io.triptych.cli;

import io.triptych.bindings.BackendUnavailableException;
import io.triptych.bindings.NativeException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Properties;

/** The {@code triptych} command: dispatches to a subcommand and turns failures into one clear line and an exit code. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (Runtime.version().feature() < 22) {
            err.println("triptych: needs JDK 22 or newer (FFM); this is " + Runtime.version()
                    + ". Set JAVA_HOME, e.g. /usr/lib/jvm/temurin-25-jdk-amd64");
            return FAILED;
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "info" -> InfoCommand.run(rest, out, version());
                case "compare" -> CompareCommand.run(rest, out, err, version());
                case "evaluate" -> EvaluateCommand.run(rest, out, err);
                case "export" -> ExportCommand.run(rest, out);
                case "sample" -> SampleCommand.run(rest, out);
                case "--version", "version" -> {
                    out.println("triptych " + version());
                    yield OK;
                }
                default -> {
                    err.println("triptych: unknown command '" + args[0] + "'");
                    usage(err);
                    yield USAGE;
                }
            };
        } catch (UsageException e) {
            err.println("triptych " + args[0] + ": " + e.getMessage());
            return USAGE;
        } catch (BackendUnavailableException | NativeException | IOException | ArithmeticException e) {
            err.println("triptych " + args[0] + ": " + e.getMessage());
            return FAILED;
        }
    }

    static void usage(PrintStream s) {
        s.println("usage: triptych <command> [options]");
        s.println("commands:");
        s.println("  compare    train a GAN, a VAE and a diffusion model on one data set and report the measured");
        s.println("             comparison (see triptych compare --help)");
        s.println("  evaluate   measure samples made elsewhere (.npy) with compare's metrics (see --help)");
        s.println("  export     write a data split as compare uses it, as .npy, for training a peer model");
        s.println("  sample     draw samples from a checkpoint of any family, as .npy or a PNG grid (see --help)");
        s.println("  info       the JDK, CPU features, native libraries found (and where), CUDA/cuDNN/cuBLAS status");
        s.println("  version    the Triptych version");
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
