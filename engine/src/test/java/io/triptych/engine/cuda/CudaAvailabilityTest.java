package io.triptych.engine.cuda;

import io.triptych.bindings.BackendUnavailableException;
import io.triptych.engine.Backends;
import io.triptych.engine.Device;
import io.triptych.engine.EngineInfo;
import io.triptych.engine.testing.RequiresCuda;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where CUDA cannot be used, opening it fails cleanly with the reason, the CPU stays the best device and
 * {@code @RequiresCuda} skips with that reason. Missing libraries are simulated in a child JVM, since the loader
 * remembers what it found for the life of a process.
 */
class CudaAvailabilityTest {
    /** Opens cuda:0 and prints the outcome; run in a child JVM by the tests below. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                System.out.println("USABLE " + Backends.cuda(0).describe());
            } catch (BackendUnavailableException e) {
                System.out.println("UNAVAILABLE " + e.getMessage());
            }
            System.out.println("BEST " + Device.best());
        }
    }

    private static boolean cudaUsable() {
        try {
            Backends.cuda(0);
            return true;
        } catch (BackendUnavailableException e) {
            return false;
        }
    }

    @Test
    void withoutAUsableGpuOpeningCudaFailsWithTheReason() {
        assumeTrue(!cudaUsable(), "a CUDA device is usable here; this test is about machines without one");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.cuda(0));
        String m = e.getMessage();
        assertTrue(m.startsWith("cuda:0 is unavailable: "), m);
        assertTrue(m.contains("no CUDA device is visible") || m.contains("libtriptych_cuda.so")
                || m.contains("cudart"), "the reason names what is missing: " + m);
        assertSame(e, assertThrows(BackendUnavailableException.class, () -> Device.cuda(0).backend()),
                "the failure is remembered, so probing stays cheap");
        assertEquals(Device.cpu(), Device.best());
        List<String> info = EngineInfo.lines();
        assertTrue(info.stream().anyMatch(l -> l.startsWith("CUDA: not usable - cuda:0 is unavailable: ")),
                String.join("\n", info));
    }

    @Test
    void requiresCudaSkipsWithTheReason() {
        ConditionEvaluationResult skipped = RequiresCuda.Condition.evaluate(() -> {
            throw new BackendUnavailableException("cuda:0", "no CUDA device is visible: cudaErrorNoDevice",
                    List.of());
        });
        assertTrue(skipped.isDisabled());
        assertEquals("skipped: no usable CUDA device here - cuda:0 is unavailable: no CUDA device is visible: "
                + "cudaErrorNoDevice", skipped.getReason().orElseThrow());
        ConditionEvaluationResult here = RequiresCuda.Condition.evaluate(() -> Device.cuda(0).backend());
        assertEquals(!cudaUsable(), here.isDisabled(), here.getReason().orElse(""));
        assertFalse(here.getReason().orElse("").isBlank());
    }

    @Test
    void aMissingCudaRuntimeIsNamed() throws Exception {
        String out = probe("-Dtriptych.library.cudart=/nonexistent/libcudart.so.13");
        assertTrue(out.contains("UNAVAILABLE cuda:0 is unavailable: "), out);
        assertTrue(out.contains("cudart"), out);
        assertTrue(out.contains("/nonexistent/libcudart.so.13"), "the path tried is listed: " + out);
        assertTrue(out.contains("BEST cpu"), out);
    }

    @Test
    void aMissingKernelLibraryIsNamed() throws Exception {
        String out = probe("-Dtriptych.library.triptych_cuda=/nonexistent/libtriptych_cuda.so");
        assertTrue(out.contains("UNAVAILABLE cuda:0 is unavailable: "), out);
        assertTrue(out.contains("/nonexistent/libtriptych_cuda.so"), out);
        assertTrue(out.contains("BEST cpu"), out);
    }

    private static String probe(String property) throws IOException, InterruptedException, URISyntaxException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Where the probe's classes were loaded from: a launcher's own class loader (the JUnit console's) does not
        // show them in java.class.path.
        List<String> cp = new ArrayList<>();
        for (Class<?> c : List.of(Probe.class, Backends.class, BackendUnavailableException.class)) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        cp.add(System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", property, "-cp",
                String.join(File.pathSeparator, cp), Probe.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM finished");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
