package io.triptych.models.eval;

import io.triptych.engine.random.Generator;
import io.triptych.models.data.Mixture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModeMetricsTest {
    private static final Mixture RING = Mixture.ring8();

    /** The point of ring mode {@code m} moved outwards by {@code sigmas} standard deviations. */
    private static float[] onRing(int m, double sigmas) {
        double r = 1 + sigmas * RING.sigma();
        double a = 2 * Math.PI * m / 8;
        return new float[] {(float) (r * Math.cos(a)), (float) (r * Math.sin(a))};
    }

    private static float[] points(float[]... ps) {
        float[] out = new float[ps.length * 2];
        for (int i = 0; i < ps.length; i++) {
            out[2 * i] = ps[i][0];
            out[2 * i + 1] = ps[i][1];
        }
        return out;
    }

    @Test
    void handMadePointsGiveTheHandComputedMetrics() {
        // Two samples on mode 0, one on mode 1, one at the centre (0.93 from every mode: not high quality).
        ModeMetrics m = ModeMetrics.of(points(onRing(0, 0), onRing(0, 1), onRing(1, -2), new float[] {0, 0}), RING);
        assertEquals(2, m.modesCaptured());
        assertEquals(8, m.modeCount());
        assertEquals(0.75, m.highQualityFraction());
        assertArrayEquals(new int[] {2, 1, 0, 0, 0, 0, 0, 0}, m.highQualityPerMode());
        // p_model = (2/3, 1/3, 0, ...) against uniform 1/8: 2/3 ln(16/3) + 1/3 ln(8/3).
        double expected = 2.0 / 3 * Math.log(16.0 / 3) + 1.0 / 3 * Math.log(8.0 / 3);
        assertEquals(expected, m.reverseKl(), 1e-8);
    }

    @Test
    void theQualityRadiusIsThreeSigmaInclusive() {
        ModeMetrics inside = ModeMetrics.of(points(onRing(3, 2.99)), RING);
        ModeMetrics outside = ModeMetrics.of(points(onRing(3, 3.01)), RING);
        assertEquals(1.0, inside.highQualityFraction());
        assertEquals(1, inside.modesCaptured());
        assertEquals(0.0, outside.highQualityFraction());
        assertEquals(0, outside.modesCaptured());
        ModeMetrics exact = ModeMetrics.of(new float[] {1.5f, 0}, new float[][] {{0, 0}, {10, 10}}, 0.5);
        assertEquals(1.0, exact.highQualityFraction(), "a sample at exactly 3 sigma counts");
    }

    @Test
    void reverseKlIsZeroWhenBalancedAndLogKWhenCollapsed() {
        float[][] all = new float[8][];
        for (int m = 0; m < 8; m++) {
            all[m] = onRing(m, 0.5);
        }
        ModeMetrics balanced = ModeMetrics.of(points(all), RING);
        assertEquals(8, balanced.modesCaptured());
        assertEquals(0.0, balanced.reverseKl(), 1e-9);
        ModeMetrics collapsed = ModeMetrics.of(points(onRing(5, 0), onRing(5, 1), onRing(5, -1)), RING);
        assertEquals(1, collapsed.modesCaptured());
        assertEquals(Math.log(8), collapsed.reverseKl(), 1e-8);
        ModeMetrics none = ModeMetrics.of(new float[] {0, 0, 0.1f, 0.1f}, RING);
        assertEquals(0, none.modesCaptured());
        assertEquals(0.0, none.highQualityFraction());
        assertEquals(Double.POSITIVE_INFINITY, none.reverseKl(), "no high-quality sample: empty histogram");
    }

    @Test
    void samplesOfTheMixtureItselfCaptureEveryModeAtTheGaussianRate() {
        // For a 2-D isotropic Gaussian, P(|x - mu| <= 3 sigma) = 1 - exp(-9/2) = 0.98889.
        double rate = 1 - Math.exp(-4.5);
        for (Mixture mix : new Mixture[] {Mixture.ring8(), Mixture.grid25()}) {
            ModeMetrics m = ModeMetrics.of(mix.samplePoints(20_000, new Generator(3), null), mix);
            assertEquals(mix.modeCount(), m.modesCaptured(), mix.name());
            assertEquals(rate, m.highQualityFraction(), 0.005, mix.name());
            assertTrue(m.reverseKl() < 0.01, mix.name() + " reverse KL " + m.reverseKl());
        }
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> ModeMetrics.of(new float[3], RING));
        assertTrue(odd.getMessage().contains("[n * 2]"), odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModeMetrics.of(new float[0], RING));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ModeMetrics.of(new float[] {0, 0, Float.NaN, 1}, RING));
        assertTrue(nan.getMessage().contains("point 1"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModeMetrics.of(new float[2], new float[][] {{0}}, 1));
        assertThrows(IllegalArgumentException.class, () -> ModeMetrics.of(new float[2], new float[0][], 1));
        assertThrows(IllegalArgumentException.class, () -> ModeMetrics.of(new float[2], new float[][] {{0, 0}}, 0));
    }
}
