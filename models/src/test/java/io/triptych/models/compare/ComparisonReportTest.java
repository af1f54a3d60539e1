package io.triptych.models.compare;

import io.triptych.engine.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@SuppressWarnings("unchecked")
class ComparisonReportTest {
    @TempDir
    Path dir;

    private static Map<String, Object> points(double highQuality, int modes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("high_quality", highQuality);
        m.put("modes_captured", modes);
        m.put("mode_count", 8);
        m.put("samples_per_second", 1000.0);
        m.put("train_seconds", 10.0);
        return m;
    }

    private String report(List<String> families, Map<String, Object> metrics) throws Exception {
        CompareOptions options = new CompareOptions("ring8", "quick", 1, 0, dir, Device.cpu(), families);
        metrics.put("threads", 2);
        metrics.put("version", "test");
        new ComparisonReport(options, Budget.of(options), metrics, List.of()).write(dir);
        assertTrue(Files.exists(dir.resolve("report.html")));
        return Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
    }

    @Test
    void aSubsetOfFamiliesGetsOneColumnEachAndOnlyTheClaimsBetweenThem() throws Exception {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("gan", points(0.9, 3));
        metrics.put("vae", points(0.4, 8));
        String md = report(List.of("vae", "gan"), metrics);
        assertTrue(md.contains("|  | GAN | VAE |"), md);
        assertFalse(md.contains("Diffusion"), md);
        assertTrue(md.contains("Holds: GAN fidelity above VAE fidelity (high_quality) (0.9000 vs 0.4000)."), md);
        assertTrue(md.contains("Holds: VAE diversity above GAN diversity (modes_captured) (8.000 vs 3.000)."), md);
        assertTrue(md.contains("## GAN truncation trick"), md);
    }

    @Test
    void oneFamilySaysThatNoClaimCanBeChecked() throws Exception {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("diffusion", points(0.95, 8));
        String md = report(List.of("diffusion"), metrics);
        assertTrue(md.contains("|  | Diffusion |"), md);
        assertTrue(md.contains("No claim compares the families run here"), md);
        assertTrue(md.contains("## Diffusion samplers"), md);
        assertFalse(md.contains("## GAN truncation trick"), md);
    }

    @Test
    void allThreeFamiliesAreTheDefaultInTheirCanonicalOrder() throws Exception {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("gan", points(0.9, 3));
        metrics.put("vae", points(0.4, 8));
        metrics.put("diffusion", points(0.95, 8));
        String md = report(List.of("diffusion", "gan", "vae"), metrics);
        assertTrue(md.contains("|  | GAN | VAE | Diffusion |"), md);
        assertTrue(md.contains("Does not hold here: Diffusion samples slower than GAN samples"), md);
    }

    @Test
    void imageSamplersAreComparedOnTheSampleCountTheyShare() throws Exception {
        Map<String, Object> ddim = new LinkedHashMap<>(Map.of("steps", 50, "samples", 2000, "fd", 20.0,
                "fd_matched", 31.5, "matched_samples", 200));
        Map<String, Object> ddpm = new LinkedHashMap<>(Map.of("steps", 1000, "samples", 200, "fd", 30.0,
                "fd_matched", 30.0, "matched_samples", 200));
        Map<String, Object> diffusion = new LinkedHashMap<>(Map.of("precision", 0.8, "recall", 0.7,
                "samples_per_second", 5.0, "default_sampler", "ddim-50"));
        diffusion.put("samplers", new LinkedHashMap<>(Map.of("ddim-50", ddim)));
        ((Map<String, Object>) diffusion.get("samplers")).put("ddpm-1000", ddpm);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("diffusion", diffusion);
        CompareOptions options = new CompareOptions("mnist", "full", 1, 0, dir, Device.cpu(), List.of("diffusion"));
        metrics.put("threads", 1);
        metrics.put("version", "test");
        new ComparisonReport(options, Budget.of(options), metrics, List.of()).write(dir);
        String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("| fd | fd, first n of every sampler |"), md);
        assertTrue(md.contains("| ddim-50 | 50 |"), md);
        assertTrue(md.contains("| 20.0 | 31.5 (n=200) |"), md);
        assertTrue(md.contains("| 30.0 | 30.0 (n=200) |"), md);
    }

    @Test
    void unknownOrRepeatedFamiliesAreRejected() {
        assertEquals("--families must be distinct names from [gan, vae, diffusion], got [gan, flow]",
                assertThrows(IllegalArgumentException.class, () -> new CompareOptions("ring8", "quick", 1, 0, dir,
                        Device.cpu(), List.of("gan", "flow"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CompareOptions("ring8", "quick", 1, 0, dir,
                Device.cpu(), List.of("vae", "vae")));
        assertThrows(IllegalArgumentException.class, () -> new CompareOptions("ring8", "quick", 1, 0, dir,
                Device.cpu(), List.of()));
    }
}
