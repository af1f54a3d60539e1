package io.triptych.models.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small SVG charts for reports: scatter plots (samples over the true modes) and line charts (loss curves, sweeps).
 * Text-based, so labels stay crisp and the report needs no image library.
 */
public final class SvgChart {
    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int W = 480;
    private static final int H = 360;
    private static final int PAD_L = 56;
    private static final int PAD_R = 16;
    private static final int PAD_T = 28;
    private static final int PAD_B = 44;

    /** A named set of points (x[i], y[i]), drawn as dots or as a polyline. */
    public record Series(String name, double[] x, double[] y, boolean line, double dotRadius) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values, " + y.length
                        + " y values");
            }
        }

        public static Series dots(String name, double[] x, double[] y, double radius) {
            return new Series(name, x, y, false, radius);
        }

        public static Series line(String name, double[] x, double[] y) {
            return new Series(name, x, y, true, 0);
        }
    }

    private SvgChart() {
    }

    /** An SVG document plotting {@code series} with axis labels; bounds fit the finite data (with a margin). */
    public static String render(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double y = logY ? Math.log10(s.y()[i]) : s.y()[i];
                if (Double.isFinite(s.x()[i]) && Double.isFinite(y)) {
                    minX = Math.min(minX, s.x()[i]);
                    maxX = Math.max(maxX, s.x()[i]);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (!Double.isFinite(minX)) {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        double mx = (maxX - minX) * 0.05 + 1e-12;
        double my = (maxY - minY) * 0.05 + 1e-12;
        minX -= mx;
        maxX += mx;
        minY -= my;
        maxY += my;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", W, H, W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                PAD_L, escape(title)));
        int pw = W - PAD_L - PAD_R;
        int ph = H - PAD_T - PAD_B;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", PAD_L, PAD_T, pw, ph));
        for (int t = 0; t <= 4; t++) {
            double fx = minX + (maxX - minX) * t / 4;
            double fy = minY + (maxY - minY) * t / 4;
            double px = PAD_L + pw * t / 4.0;
            double py = PAD_T + ph - ph * t / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, PAD_T, px, PAD_T + ph, px,
                    PAD_T + ph + 14, tick(fx)));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", PAD_L, py, PAD_L + pw, py,
                    PAD_L - 4, py + 4, logY ? tick(Math.pow(10, fy)) : tick(fy)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                PAD_L + pw / 2, H - 8, escape(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %d)\">%s</text>%n", PAD_T + ph / 2, PAD_T + ph / 2,
                escape(yLabel + (logY ? " (log)" : ""))));
        int legend = 0;
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = PALETTE[k % PALETTE.length];
            List<String> pts = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                double y = logY ? Math.log10(s.y()[i]) : s.y()[i];
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(y)) {
                    continue;
                }
                double px = PAD_L + (s.x()[i] - minX) / (maxX - minX) * pw;
                double py = PAD_T + ph - (y - minY) / (maxY - minY) * ph;
                if (s.line()) {
                    pts.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
                } else {
                    pts.add(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", px, py,
                            s.dotRadius()));
                }
            }
            if (s.line()) {
                sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                        + "points=\"%s\"/>%n", color, String.join(" ", pts)));
            } else {
                sb.append("<g fill=\"").append(color).append("\" fill-opacity=\"0.6\">");
                pts.forEach(sb::append);
                sb.append("</g>\n");
            }
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", PAD_L + pw - 150, PAD_T + 6 + legend * 14, color,
                    PAD_L + pw - 136, PAD_T + 15 + legend * 14, escape(s.name())));
            legend++;
        }
        return sb.append("</svg>\n").toString();
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e4 || a < 1e-2)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
