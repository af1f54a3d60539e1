package io.triptych.cli;

import io.triptych.engine.Device;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parsing of "--name value" command-line options, shared by the subcommands; bad input is a UsageException. */
final class Options {
    private Options() {
    }

    /**
     * The "--name value" pairs of {@code args}, each name one of {@code allowed} (a repeated name keeps its last value);
     * null when --help or -h is among them.
     */
    static Map<String, String> parse(String[] args, Set<String> allowed) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new UsageException("expected an option with a value, got '" + a + "' (see --help)");
            }
            if (!allowed.contains(a)) {
                throw new UsageException("unknown option " + a + " (see --help)");
            }
            values.put(a, args[++i]);
        }
        return values;
    }

    /** Throws a UsageException naming the {@code names} missing from {@code values}, as "--a and --b are required". */
    static void require(Map<String, String> values, String... names) {
        if (!values.keySet().containsAll(List.of(names))) {
            String all = String.join(", ", List.of(names).subList(0, names.length - 1));
            throw new UsageException((names.length == 1 ? "" : all + " and ") + names[names.length - 1]
                    + (names.length == 1 ? " is" : " are") + " required (see --help)");
        }
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
