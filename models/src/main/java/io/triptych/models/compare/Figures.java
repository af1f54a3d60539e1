package io.triptych.models.compare;

import io.triptych.engine.Tensor;
import io.triptych.models.report.ImageGrid;
import io.triptych.models.report.Report;
import io.triptych.models.report.SvgChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The report's figures: written into the output folder as they are made, listed by family for the report. */
final class Figures {
    /** One figure file with the family (or "all") it belongs to. */
    record Figure(String family, String file, String caption) {
    }

    private final Path dir;
    private final List<Figure> list = new ArrayList<>();

    Figures(Path dir) {
        this.dir = dir;
    }

    List<Figure> list() {
        return List.copyOf(list);
    }

    void chart(String family, String file, String caption, String title, String xLabel, String yLabel,
               List<SvgChart.Series> series, boolean logY) throws IOException {
        Report.writeAtomically(dir.resolve(file), SvgChart.render(title, xLabel, yLabel, series, logY));
        list.add(new Figure(family, file, caption));
    }

    void grid(String family, String file, String caption, Tensor images, int columns) throws IOException {
        ImageGrid.write(dir.resolve(file), images, columns);
        list.add(new Figure(family, file, caption));
    }

    /** Loss curves of one training run, one line per loss. */
    void losses(String family, int[] steps, java.util.Map<String, double[]> curves) throws IOException {
        List<SvgChart.Series> series = new ArrayList<>();
        double[] x = java.util.Arrays.stream(steps).asDoubleStream().toArray();
        for (var e : curves.entrySet()) {
            if (!e.getKey().equals("grad_norm")) {
                series.add(SvgChart.Series.line(e.getKey(), x, e.getValue()));
            }
        }
        chart(family, family + "_losses.svg", family.toUpperCase(java.util.Locale.ROOT) + " training losses",
                family + " losses", "step", "loss", series, false);
    }
}
