package io.triptych.models.report;

import io.triptych.engine.Tensor;
import io.triptych.engine.io.Png;

import java.io.IOException;
import java.nio.file.Path;

/** Tiles single-channel images [N, 1, H, W] with values in [0, 1] into one grayscale PNG. */
public final class ImageGrid {
    private ImageGrid() {
    }

    /** Writes images row by row, {@code columns} per row, with a 2-pixel gray border. */
    public static void write(Path file, Tensor images, int columns) throws IOException {
        int[] s = images.shape();
        if (s.length != 4 || s[1] != 1) {
            throw new IllegalArgumentException("image grid needs [N, 1, H, W], got " + java.util.Arrays.toString(s));
        }
        if (columns <= 0) {
            throw new IllegalArgumentException("columns must be > 0, got " + columns);
        }
        int n = s[0];
        int h = s[2];
        int w = s[3];
        int rows = Math.max(1, (n + columns - 1) / columns);
        int border = 2;
        int gw = columns * (w + border) + border;
        int gh = rows * (h + border) + border;
        byte[] px = new byte[gw * gh];
        java.util.Arrays.fill(px, (byte) 128);
        float[] v = images.toFloatArray();
        for (int i = 0; i < n; i++) {
            int ox = border + (i % columns) * (w + border);
            int oy = border + (i / columns) * (h + border);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float f = v[(i * h + y) * w + x];
                    int g = Float.isNaN(f) ? 0 : Math.round(Math.max(0f, Math.min(1f, f)) * 255f);
                    px[(oy + y) * gw + ox + x] = (byte) g;
                }
            }
        }
        Png.write(file, gw, gh, 1, px);
    }
}
