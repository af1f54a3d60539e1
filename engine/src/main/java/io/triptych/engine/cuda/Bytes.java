package io.triptych.engine.cuda;

import java.util.Locale;

/** Byte counts for messages: "512 B", "1.5 MiB". */
final class Bytes {
    private Bytes() {
    }

    static String str(long bytes) {
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
