package io.triptych.cli;

import io.triptych.engine.Device;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
