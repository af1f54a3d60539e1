package io.triptych.cli;

import io.triptych.engine.Device;
import io.triptych.engine.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MainTest {
    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void infoNamesTheJdkTheLibrariesAndWhyCudaIsOrIsNotUsable() {
        Outcome o = run("info");
        assertEquals(Main.OK, o.code(), o.err());
        assertTrue(o.out().contains("JDK: "), o.out());
        assertTrue(o.out().contains("kernels use: "), o.out());
        assertTrue(o.out().contains("triptych_cpu: "), o.out());
        assertTrue(o.out().contains("CUDA: "), o.out());
        assertTrue(o.out().contains("cuDNN: "), o.out());
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        Outcome o = run("frobnicate");
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("unknown command 'frobnicate'"), o.err());
        o = run("compare", "--data", "cifar");
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("--data must be one of [ring8, grid25, mnist]"), o.err());
        o = run("compare", "--seeds", "many");
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("--seeds needs a whole number"), o.err());
        o = run("compare", "--bogus", "1");
        assertEquals(Main.USAGE, o.code());
        o = run("compare", "--device", "tpu");
        assertEquals(Main.USAGE, o.code());
        o = run("compare", "--families", "gan,,vae");
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("--families must be distinct names from [gan, vae, diffusion], got [gan, , vae]"),
                o.err());
        o = run("info", "extra");
        assertEquals(Main.USAGE, o.code());
        assertEquals(Main.USAGE, run().code());
    }

    @Test
    void anExportedSplitEvaluatesAsTheRealDataItIs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ring8-test.npy");
        Outcome o = run("export", "--data", "ring8", "--split", "test", "--out", file.toString());
        assertEquals(Main.OK, o.code(), o.err());
        assertTrue(o.out().contains("10000 ring8 test samples of shape [2]"), o.out());
        Path json = dir.resolve("metrics.json");
        o = run("evaluate", "--data", "ring8", "--samples", file.toString(), "--out", json.toString());
        assertEquals(Main.OK, o.code(), o.err());
        Map<?, ?> m = (Map<?, ?>) Json.parse(Files.readString(json));
        assertEquals(10000L, ((Number) m.get("samples")).longValue());
        assertEquals(8L, ((Number) m.get("modes_captured")).longValue());
        // Real points of a 2-D Gaussian lie within 3 sigma of their mode with probability 1 - exp(-4.5) = 0.9889.
        assertEquals(1 - Math.exp(-4.5), ((Number) m.get("high_quality")).doubleValue(), 0.005, o.out());
        assertTrue(((Number) m.get("precision")).doubleValue() > 0.95, o.out());
    }

    @Test
    void evaluateNamesTheFileAndWhyItsSamplesDoNotFit(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("images.npy");
        Files.write(file, new byte[] {1, 2, 3});
        Outcome o = run("evaluate", "--data", "mnist", "--samples", file.toString());
        assertEquals(Main.FAILED, o.code());
        assertTrue(o.err().contains(file + " is not a .npy file"), o.err());
        o = run("export", "--data", "ring8", "--split", "test", "--out", file.toString());
        assertEquals(Main.OK, o.code(), o.err());
        o = run("evaluate", "--data", "mnist", "--samples", file.toString());
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains(file + ": samples of shape [10000, 2] do not fit mnist"), o.err());
        assertEquals(Main.USAGE, run("evaluate", "--samples", file.toString()).code());
        assertEquals(Main.USAGE, run("export", "--data", "ring8", "--split", "val", "--out", file.toString()).code());
    }

    @Test
    void compareHelpDescribesTheOptions() {
        Outcome o = run("compare", "--help");
        assertEquals(Main.OK, o.code());
        assertTrue(o.out().contains("--data ring8|grid25|mnist"), o.out());
    }

    @Test
    void anUnusableDeviceFailsWithTheReason() {
        assumeTrue(Device.best().kind() == Device.Kind.CPU, "CUDA is usable here; the failure path needs a machine "
                + "without it");
        Outcome o = run("compare", "--device", "cuda:0", "--out", System.getProperty("java.io.tmpdir")
                + "/triptych-cuda-test");
        assertEquals(Main.FAILED, o.code());
        assertTrue(o.err().contains("cuda:0 is unavailable"), o.err());
    }
}
