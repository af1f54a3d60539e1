package io.triptych.cli;

import io.triptych.engine.Device;

/** Parsing of "--name value" command-line options, shared by the subcommands; bad input is a UsageException. */
final class Options {
    private Options() {
    }

    /** The value of the option at {@code args[i]}; the option must start with "--" and have a value after it. */
    static String value(String[] args, int i) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
            throw new UsageException("expected an option with a value, got '" + args[i] + "' (see --help)");
        }
        return args[i + 1];
    }

    static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, got '" + v + "'");
        }
    }

    static long parseLong(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, got '" + v + "'");
        }
    }

    static Device device(String v) {
        try {
            return Device.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
