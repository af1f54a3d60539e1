package io.triptych.models.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrdcTest {
    private static float[] gaussian(int n, int dim, double shift, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() + shift);
        }
        return x;
    }

    @Test
    void identicalSetsHavePerfectPrecisionRecallAndCoverage() {
        float[] x = gaussian(300, 4, 0, 1);
        Prdc p = Prdc.compute(x, x.clone(), 4);
        assertEquals(1.0, p.precision());
        assertEquals(1.0, p.recall());
        assertEquals(1.0, p.coverage());
        // Every point lies in its own ball and, on average, in some of its neighbours' too.
        assertTrue(p.density() >= 1.0 / Prdc.K_DENSITY_COVERAGE && p.density() < 2, "density " + p.density());
    }

    @Test
    void disjointSetsScoreZeroOnEverything() {
        Prdc p = Prdc.compute(gaussian(200, 3, 0, 2), gaussian(150, 3, 50, 3), 3);
        assertEquals(new Prdc(0, 0, 0, 0), p);
    }

    @Test
    void aCollapsedSetIsPreciseButRecallsNothing() {
        float[] real = gaussian(400, 2, 0, 4);
        float[] fake = new float[100 * 2];
        for (int i = 0; i < 100; i++) {
            fake[2 * i] = real[0];
            fake[2 * i + 1] = real[1];
        }
        Prdc p = Prdc.compute(real, fake, 2);
        assertEquals(1.0, p.precision(), "every fake point is a real point");
        assertEquals(0.0, p.recall(), "the fake balls have radius 0");
        assertTrue(p.coverage() < 0.05, "one point covers only its neighbourhood: " + p.coverage());
    }

    @Test
    void aHandComputedOneDimensionalCase() {
        // k = 1. Real 0, 1, 3, 7 have radii 1, 1, 2, 4; fake 0.4, 2.9, 3.2 have radii 2.5, 0.3, 0.3.
        // precision: 0.4 in ball(0); 2.9 and 3.2 in ball(3)                      -> 3/3
        // recall: 0, 1 in ball(0.4); 3 in ball(2.9); 7 in no fake ball            -> 3/4
        // density: 0.4 in balls of 0, 1; 2.9 in ball of 3; 3.2 in balls of 3, 7 -> 5 / (1 * 3)
        // coverage: nearest fakes 0.4, 0.6, 0.1, 3.8 are inside radii 1, 1, 2, 4 -> 4/4
        Prdc p = Prdc.compute(new float[] {0, 1, 3, 7}, new float[] {0.4f, 2.9f, 3.2f}, 1, 1, 1);
        assertEquals(1.0, p.precision());
        assertEquals(0.75, p.recall());
        assertEquals(5.0 / 3, p.density(), 1e-12);
        assertEquals(1.0, p.coverage());
    }

    @Test
    void aHandComputedCaseWithThePapersK() {
        // Real 0..5 on a line: k=3 radii 3, 2, 2, 2, 2, 3; k=5 radii 5, 4, 3, 3, 4, 5.
        // Fakes at 10..13 (k=3 radii 3, 2, 2, 3): the closest pair is real 5 and fake 10, 5 apart, which is not
        // inside 5's k=3 ball (3), nor 10's (3), nor, strictly, 5's k=5 ball (5): all four metrics are 0.
        float[] real = {0, 1, 2, 3, 4, 5};
        Prdc none = Prdc.compute(real, new float[] {10, 11, 12, 13}, 1);
        assertEquals(new Prdc(0, 0, 0, 0), none);
        // Fakes at 7..10 (k=3 radii 3, 2, 2, 3):
        // precision: 7 is 2 from 5 (radius 3); 8 is 3 from 5, not < 3                 -> 1/4
        // recall: 5 is 2 from 7 (radius 3); 4 is 3 from 7, not < 3                      -> 1/6
        // density: 7 in the k=5 balls of 5 (2 < 5) and 4 (3 < 4); 8, 9 in that of 5 -> 4 / (5 * 4)
        // coverage: 5 and 4 have fake 7 inside radii 5 and 4; 3 has it at 4, not < 3   -> 2/6
        Prdc some = Prdc.compute(real, new float[] {7, 8, 9, 10}, 1);
        assertEquals(0.25, some.precision());
        assertEquals(1.0 / 6, some.recall());
        assertEquals(4.0 / (5 * 4), some.density(), 1e-12);
        assertEquals(2.0 / 6, some.coverage());
    }

    @Test
    void aReferenceScoresSeveralSetsLikeOneOffCalls() {
        float[] real = gaussian(120, 5, 0, 5);
        Prdc.Reference ref = Prdc.reference(real, 5);
        assertEquals(120, ref.size());
        assertEquals(5, ref.dim());
        for (long seed = 6; seed < 9; seed++) {
            float[] fake = gaussian(90, 5, 0.3 * (seed - 6), seed);
            assertEquals(Prdc.compute(real, fake, 5), ref.against(fake));
        }
    }

    @Test
    void sameDistributionScoresNearOne() {
        Prdc p = Prdc.compute(gaussian(1000, 2, 0, 10), gaussian(1000, 2, 0, 11), 2);
        assertTrue(p.precision() > 0.9 && p.recall() > 0.9 && p.coverage() > 0.9, p.toString());
        assertEquals(1.0, p.density(), 0.15);
        Prdc shifted = Prdc.compute(gaussian(1000, 2, 0, 10), gaussian(1000, 2, 1.5, 11), 2);
        assertTrue(shifted.precision() < p.precision() && shifted.coverage() < p.coverage(), shifted.toString());
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> Prdc.compute(new float[5], new float[100], 1));
        assertTrue(few.getMessage().contains("real set has 5 points; k=5"), few.getMessage());
        IllegalArgumentException fewFake = assertThrows(IllegalArgumentException.class,
                () -> Prdc.compute(new float[100], new float[3], 1));
        assertTrue(fewFake.getMessage().contains("fake set has 3 points; k=3"), fewFake.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Prdc.compute(new float[20], new float[21], 2));
        assertTrue(rows.getMessage().contains("fake features have 21 values"), rows.getMessage());
        float[] nan = new float[20];
        nan[13] = Float.NaN;
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Prdc.compute(nan, new float[20], 2));
        assertTrue(bad.getMessage().contains("real feature 1 of point 6 is NaN"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Prdc.compute(new float[20], new float[20], 0));
        assertThrows(IllegalArgumentException.class, () -> Prdc.compute(new float[20], new float[20], 1, 0, 5));
    }
}
