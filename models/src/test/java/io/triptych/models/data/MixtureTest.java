package io.triptych.models.data;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixtureTest {
    private static double minModeDistance(float[][] modes) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < modes.length; i++) {
            for (int j = i + 1; j < modes.length; j++) {
                min = Math.min(min, Math.hypot(modes[i][0] - modes[j][0], modes[i][1] - modes[j][1]));
            }
        }
        return min;
    }

    @Test
    void ring8HasEightDistinctModesEvenlyOnTheUnitCircle() {
        Mixture ring = Mixture.ring8();
        assertEquals(8, ring.modeCount());
        assertEquals(0.01f, ring.sigma());
        float[][] modes = ring.modes();
        for (int i = 0; i < 8; i++) {
            assertEquals(1.0, Math.hypot(modes[i][0], modes[i][1]), 1e-6, "radius of mode " + i);
            assertEquals(2 * Math.PI * i / 8, (Math.atan2(modes[i][1], modes[i][0]) + 2 * Math.PI) % (2 * Math.PI),
                    1e-6, "angle of mode " + i);
        }
        // Neighbours are 2 sin(pi/8) = 0.765 apart, 25 times the 3-sigma radius of 0.03: the modes are distinct.
        double min = minModeDistance(modes);
        assertEquals(2 * Math.sin(Math.PI / 8), min, 1e-6);
        assertTrue(min > 20 * 3 * ring.sigma(), "closest modes " + min + " apart");
    }

    @Test
    void grid25HasTheFiveByFiveGrid() {
        Mixture grid = Mixture.grid25();
        assertEquals(25, grid.modeCount());
        assertEquals(0.05f, grid.sigma());
        float[][] modes = grid.modes();
        int k = 0;
        for (float x : new float[] {-4, -2, 0, 2, 4}) {
            for (float y : new float[] {-4, -2, 0, 2, 4}) {
                assertArrayEquals(new float[] {x, y}, modes[k++]);
            }
        }
        assertTrue(minModeDistance(modes) > 10 * 3 * grid.sigma());
        modes[0][0] = 99;
        assertEquals(-4f, grid.modes()[0][0], "modes() is a copy");
    }

    @Test
    void samplesSitAroundTheirModesWithSigmaAndCoverModesEvenly() {
        Mixture ring = Mixture.ring8();
        int n = 16_000;
        int[] mode = new int[n];
        float[] p = ring.samplePoints(n, new Generator(5), mode);
        float[][] modes = ring.modes();
        int[] counts = new int[8];
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double dx = p[2 * i] - modes[mode[i]][0];
            double dy = p[2 * i + 1] - modes[mode[i]][1];
            sumSq += dx * dx + dy * dy;
            assertTrue(Math.hypot(dx, dy) < 6 * ring.sigma(), "point " + i + " is far from its mode");
            counts[mode[i]]++;
        }
        assertEquals(ring.sigma(), Math.sqrt(sumSq / (2 * n)), 0.02 * ring.sigma(), "per-axis deviation");
        for (int m = 0; m < 8; m++) {
            // Binomial(16000, 1/8): mean 2000, deviation 42.
            assertEquals(2000, counts[m], 200, "points of mode " + m);
        }
    }

    @Test
    void theSameSeedGivesTheSamePointsAsArraysAndTensors() {
        Mixture grid = Mixture.grid25();
        float[] a = grid.samplePoints(100, new Generator(9), null);
        assertArrayEquals(a, grid.samplePoints(100, new Generator(9), null));
        assertFalse(java.util.Arrays.equals(a, grid.samplePoints(100, new Generator(10), null)));
        try (Scope s = Scope.open()) {
            Tensor t = grid.sample(100, new Generator(9), Device.cpu());
            assertArrayEquals(new int[] {100, 2}, t.shape());
            assertArrayEquals(a, t.toFloatArray());
        }
    }

    @Test
    void theDatasetIsAFixedLabelledSplit() {
        Dataset d = Mixture.ring8().dataset();
        assertEquals("ring8", d.name());
        assertEquals(Mixture.TRAIN_SIZE, d.trainSize());
        assertEquals(Mixture.TEST_SIZE, d.testSize());
        assertArrayEquals(new int[] {2}, d.sampleShape());
        Dataset again = Mixture.ring8().dataset();
        assertArrayEquals(d.trainData(), again.trainData());
        assertArrayEquals(d.testLabels(), again.testLabels());
        float[] train = d.trainData();
        float[] test = d.testData();
        assertFalse(train[0] == test[0] && train[1] == test[1], "train and test come from different seeds");
        int[] label = d.trainLabels();
        float[][] modes = Mixture.ring8().modes();
        for (int i = 0; i < 100; i++) {
            assertTrue(Math.hypot(train[2 * i] - modes[label[i]][0], train[2 * i + 1] - modes[label[i]][1]) < 0.06);
        }
    }

    @Test
    void namesAndCountsAreChecked() {
        assertEquals("grid25", Mixture.named(" GRID25 ").name());
        assertEquals("ring8", Mixture.named("ring8").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mixture.named("spiral"));
        assertTrue(e.getMessage().contains("unknown mixture 'spiral'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mixture.ring8().samplePoints(-1, new Generator(1), null));
        assertThrows(IllegalArgumentException.class, () -> Mixture.ring8().samplePoints(3, new Generator(1),
                new int[2]));
        assertEquals(0, Mixture.ring8().samplePoints(0, new Generator(1), null).length);
    }
}
