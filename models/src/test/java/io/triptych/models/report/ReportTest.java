package io.triptych.models.report;

import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void markdownAndHtmlCarryEveryBlockWithEscaping() throws Exception {
        Report r = new Report("GAN <vs> VAE")
                .heading(2, "Numbers")
                .table(List.of("metric", "gan|x"), List.of(List.of("precision", "0.9 <b>")))
                .paragraph("a & b")
                .figure("samples.png", "GAN samples");
        r.write(dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.startsWith("# GAN <vs> VAE\n"), md);
        assertTrue(md.contains("| metric | gan\\|x |\n|---|---|\n| precision | 0.9 <b> |"), md);
        assertTrue(md.contains("![GAN samples](samples.png)"), md);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<h1>GAN &lt;vs&gt; VAE</h1>"), html);
        assertTrue(html.contains("<td>0.9 &lt;b&gt;</td>"), html);
        assertTrue(html.contains("<p>a &amp; b</p>"), html);
        assertTrue(html.contains("<img src=\"samples.png\""), html);
        assertThrows(IllegalArgumentException.class, () -> r.table(List.of("a"), List.of(List.of("1", "2"))));
    }

    @Test
    void chartsAreWellFormedSvgWithEveryFinitePoint() throws Exception {
        String svg = SvgChart.render("loss & friends", "step", "loss", List.of(
                SvgChart.Series.line("d_loss", new double[] {0, 1, 2}, new double[] {1, 0.5, Double.NaN}),
                SvgChart.Series.dots("samples", new double[] {-1, 1, 2}, new double[] {0.1, 0.5, 0}, 1.5)), true);
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, svg.split("<circle").length - 1, "y = 0 has no place on a log axis");
        assertTrue(svg.contains("loss &amp; friends"));
        assertThrows(IllegalArgumentException.class, () -> SvgChart.Series.line("x", new double[1], new double[2]));
    }

    @Test
    void imageGridTilesImagesWithBorders() throws Exception {
        Path f = dir.resolve("grid.png");
        try (Scope s = Scope.open()) {
            float[] v = new float[3 * 4 * 5];
            v[4 * 5 + 2 * 5 + 3] = 1f;
            ImageGrid.write(f, Tensor.of(v, 3, 1, 4, 5), 2);
            assertThrows(IllegalArgumentException.class, () -> ImageGrid.write(f, Tensor.zeros(3, 4, 5), 2));
        }
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(2 * (5 + 2) + 2, img.getWidth());
        assertEquals(2 * (4 + 2) + 2, img.getHeight());
        assertEquals(255, img.getRaster().getSample(2 + 7 + 3, 2 + 2, 0), "image 1 pixel (2,3) is white");
        assertEquals(0, img.getRaster().getSample(2 + 3, 2 + 2, 0), "image 0 pixel (2,3) is black");
        assertEquals(128, img.getRaster().getSample(0, 0, 0), "border");
    }
}
