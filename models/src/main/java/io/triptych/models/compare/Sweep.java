package io.triptych.models.compare;

import io.triptych.models.report.SvgChart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The two sweep charts both data kinds draw: GAN truncation (psi) and diffusion sampler steps. */
final class Sweep {
    private Sweep() {
    }

    /** Precision and recall against the truncation threshold psi ("inf" is drawn at the largest finite psi + 1). */
    static void truncationChart(Figures figures, List<Map<String, Object>> sweep) throws IOException {
        int n = sweep.size();
        double[] psi = new double[n];
        double[] precision = new double[n];
        double[] recall = new double[n];
        double largest = sweep.stream().map(m -> m.get("psi")).filter(p -> p instanceof Double).mapToDouble(
                p -> (Double) p).max().orElse(1);
        for (int i = 0; i < n; i++) {
            Object p = sweep.get(i).get("psi");
            psi[i] = p instanceof Double d ? d : largest + 1;
            precision[i] = ((Number) sweep.get(i).get("precision")).doubleValue();
            recall[i] = ((Number) sweep.get(i).get("recall")).doubleValue();
        }
        figures.chart("gan", "gan_truncation.svg", "GAN truncation trick: precision and recall against psi (the "
                + "rightmost point is no truncation)", "truncation sweep", "psi", "value", List.of(
                SvgChart.Series.line("precision", psi, precision), SvgChart.Series.line("recall", psi, recall)),
                false);
    }

    /** A quality metric against the number of denoising steps, one line per sampler family. */
    static void samplerChart(Figures figures, Map<String, Object> samplers, String metric, String label)
            throws IOException {
        Map<String, List<double[]>> byKind = new java.util.LinkedHashMap<>();
        for (var e : samplers.entrySet()) {
            String kind = e.getKey().replaceAll("-\\d+$", "");
            @SuppressWarnings("unchecked")
            Map<String, Object> q = (Map<String, Object>) e.getValue();
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(new double[] {
                ((Number) q.get("steps")).doubleValue(), ((Number) q.get(metric)).doubleValue()});
        }
        List<SvgChart.Series> series = new ArrayList<>();
        for (var e : byKind.entrySet()) {
            List<double[]> pts = e.getValue();
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            series.add(pts.size() == 1
                    ? SvgChart.Series.dots(e.getKey(), new double[] {pts.get(0)[0]}, new double[] {pts.get(0)[1]}, 4)
                    : SvgChart.Series.line(e.getKey(), pts.stream().mapToDouble(p -> p[0]).toArray(),
                            pts.stream().mapToDouble(p -> p[1]).toArray()));
        }
        figures.chart("diffusion", "diffusion_steps.svg", "Diffusion: " + label + " against denoising steps per "
                + "sampler", "steps vs quality", "denoising steps", label, series, false);
    }
}
