package io.triptych.cli;

import io.triptych.engine.EngineInfo;

import java.io.PrintStream;

/** {@code triptych info}: what Triptych runs on here. */
final class InfoCommand {
    private InfoCommand() {
    }

    static int run(String[] args, PrintStream out, String version) {
        if (args.length > 0) {
            throw new UsageException("takes no arguments, got " + String.join(" ", args));
        }
        out.println("Triptych " + version);
        for (String line : EngineInfo.lines()) {
            out.println(line);
        }
        return Main.OK;
    }
}
