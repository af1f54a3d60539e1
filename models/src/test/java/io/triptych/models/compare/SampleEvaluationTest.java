package io.triptych.models.compare;

import io.triptych.engine.Device;
import io.triptych.models.data.Mixture;
import io.triptych.models.data.Npy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleEvaluationTest {
    @Test
    void pointsOnSevenOfTheEightRingModesCaptureSevenAtFullQuality() throws IOException {
        float[][] modes = Mixture.ring8().modes();
        int n = 70;
        float[] points = new float[2 * n];
        for (int i = 0; i < n; i++) {
            points[2 * i] = modes[i % 7][0];
            points[2 * i + 1] = modes[i % 7][1];
        }
        Map<String, Object> m = SampleEvaluation.evaluate("ring8", new Npy(new int[] {n, 2}, points, "float32"),
                Device.cpu(), Progress.SILENT);
        assertEquals(n, m.get("samples"));
        assertEquals(7, m.get("modes_captured"));
        assertEquals(1.0, ((Number) m.get("high_quality")).doubleValue());
    }

    @Test
    void samplesThatDoNotFitTheDataAreRejectedBeforeAnyDataIsLoaded() {
        assertMessage("ring8", new Npy(new int[] {10, 3}, new float[30], "float32"), "[10, 3] do not fit ring8");
        assertMessage("ring8", new Npy(new int[] {3, 2}, new float[6], "float32"), "n >= 6");
        float[] nan = new float[20];
        nan[5] = Float.NaN;
        assertMessage("grid25", new Npy(new int[] {10, 2}, nan, "float32"), "value 5 (point 2) is NaN");
        assertMessage("mnist", new Npy(new int[] {10, 3, 28, 28}, new float[10 * 3 * 784], "float32"),
                "[n, 1, 28, 28], [n, 28, 28] or [n, 784]");
        float[] bright = new float[10 * 784];
        bright[7] = 1.5f;
        assertMessage("mnist", new Npy(new int[] {10, 784}, bright, "float32"), "pixel 7 is 1.5");
        assertMessage("cifar", new Npy(new int[] {10, 2}, new float[20], "float32"), "--data must be one of");
    }

    private static void assertMessage(String data, Npy samples, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SampleEvaluation.evaluate(data, samples, Device.cpu(), Progress.SILENT));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
