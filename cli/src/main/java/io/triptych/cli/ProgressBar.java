package io.triptych.cli;

import io.triptych.models.compare.Progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Draws progress on stderr: a redrawn bar with rate and time left on a terminal, one line per tenth of a phase
 * otherwise (logs stay readable).
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private String phase = "";
    private long total;
    private long started;
    private long lastDraw;
    private long lastTenth;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void phase(String name, long total) {
        finishLine();
        this.phase = name;
        this.total = Math.max(1, total);
        this.started = System.nanoTime();
        this.lastDraw = 0;
        this.lastTenth = -1;
        if (!terminal) {
            err.println("triptych: " + name + " ...");
        }
    }

    @Override
    public void advance(long done) {
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDraw < 100_000_000L && done < total) {
                return;
            }
            lastDraw = now;
            int filled = (int) (WIDTH * Math.min(done, total) / total);
            double secs = (now - started) / 1e9;
            double rate = done / Math.max(secs, 1e-9);
            double left = rate > 0 ? (total - done) / rate : 0;
            err.print(String.format(Locale.ROOT, "\r%-24s [%s%s] %3d%% %d/%d  %.1f/s  %s left ", phase,
                    "#".repeat(filled), "-".repeat(WIDTH - filled), 100 * done / total, done, total, rate,
                    clock(left)));
            drawn = true;
        } else {
            long tenth = 10 * done / total;
            if (tenth > lastTenth && tenth % 2 == 0) {
                lastTenth = tenth;
                err.println(String.format(Locale.ROOT, "triptych: %s %d%% (%d/%d, %.0f s)", phase, 10 * tenth, done,
                        total, (now - started) / 1e9));
            }
        }
        err.flush();
    }

    @Override
    public void note(String line) {
        finishLine();
        err.println("triptych: " + line);
    }

    void finishLine() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
