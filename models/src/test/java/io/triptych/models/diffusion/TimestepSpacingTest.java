package io.triptych.models.diffusion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timesteps against lists worked out by hand from diffusers' set_timesteps code (numpy rounds half to even, so
 * linspace's 832.5 becomes 832 and 499.5 becomes 500).
 */
class TimestepSpacingTest {
    @Test
    void ddimLeadingWithStepsOffsetAsDiffusersTest() {
        // tests/schedulers/test_scheduler_ddim.py::test_steps_offset
        assertArrayEquals(new int[] {801, 601, 401, 201, 1}, TimestepSpacing.LEADING.timesteps(1000, 5, 1));
        assertArrayEquals(new int[] {900, 800, 700, 600, 500, 400, 300, 200, 100, 0},
                TimestepSpacing.LEADING.timesteps(1000, 10, 0));
        // 1000 // 7 = 142
        assertArrayEquals(new int[] {852, 710, 568, 426, 284, 142, 0}, TimestepSpacing.LEADING.timesteps(1000, 7, 0));
    }

    @Test
    void ddimTrailing() {
        assertArrayEquals(new int[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99},
                TimestepSpacing.TRAILING.timesteps(1000, 10, 0));
        // arange(1000, 0, -333.33) = 1000, 666.67, 333.33 -> 999, 666, 332
        assertArrayEquals(new int[] {999, 666, 332}, TimestepSpacing.TRAILING.timesteps(1000, 3, 0));
        // arange(100, 0, -14.2857): 100, 85.71, 71.43, 57.14, 42.86, 28.57, 14.29 -> round - 1
        assertArrayEquals(new int[] {99, 85, 70, 56, 42, 28, 13}, TimestepSpacing.TRAILING.timesteps(100, 7, 0));
    }

    @Test
    void trailingDropsTheMinusOneNumpyAppendsForSomeStepCounts() {
        // np.arange(1000, 0, -1000/61) has 62 elements, the last rounding to 0 -> -1
        int[] ts = TimestepSpacing.TRAILING.timesteps(1000, 61, 0);
        assertEquals(61, ts.length);
        assertEquals(999, ts[0]);
        assertEquals(15, ts[60]);
        assertEquals(32, ts[59]);
    }

    @Test
    void ddimLinspaceRoundsHalfToEven() {
        assertArrayEquals(new int[] {999, 888, 777, 666, 555, 444, 333, 222, 111, 0},
                TimestepSpacing.LINSPACE.timesteps(1000, 10, 0));
        // linspace(0, 999, 7) = 0, 166.5, 333, 499.5, 666, 832.5, 999
        assertArrayEquals(new int[] {999, 832, 666, 500, 333, 166, 0}, TimestepSpacing.LINSPACE.timesteps(1000, 7, 0));
        assertArrayEquals(new int[] {0}, TimestepSpacing.LINSPACE.timesteps(1000, 1, 0));
    }

    @Test
    void dpmSolverHasItsOwnLinspaceAndLeading() {
        // linspace(0, 999, 11)[::-1][:-1]: 499.5 rounds to 500
        assertArrayEquals(new int[] {999, 899, 799, 699, 599, 500, 400, 300, 200, 100},
                TimestepSpacing.LINSPACE.dpmSolverTimesteps(1000, 10, 0));
        // step ratio 1000 // 11 = 90
        assertArrayEquals(new int[] {900, 810, 720, 630, 540, 450, 360, 270, 180, 90},
                TimestepSpacing.LEADING.dpmSolverTimesteps(1000, 10, 0));
        assertArrayEquals(new int[] {750, 500, 250}, TimestepSpacing.LEADING.dpmSolverTimesteps(1000, 3, 0));
        assertArrayEquals(new int[] {999, 666, 332}, TimestepSpacing.TRAILING.dpmSolverTimesteps(1000, 3, 0));
        assertArrayEquals(new int[] {999, 856, 714, 571, 428, 285, 143},
                TimestepSpacing.LINSPACE.dpmSolverTimesteps(1000, 7, 0));
    }

    @Test
    void fullStepCountVisitsEveryTimestep() {
        for (TimestepSpacing s : TimestepSpacing.values()) {
            int[] ts = s.timesteps(1000, 1000, 0);
            assertEquals(1000, ts.length, s.id());
            for (int i = 0; i < 1000; i++) {
                assertEquals(999 - i, ts[i], s.id());
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.TRAILING.timesteps(100, 101, 0));
        assertTrue(e.getMessage().contains("101"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.TRAILING.timesteps(100, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.LEADING.timesteps(100, 10, -1));
        e = assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.LEADING.timesteps(100, 100, 1));
        assertTrue(e.getMessage().contains("100"), e.getMessage());
        // linspace(0, 999, 1001) repeats 500
        e = assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.LINSPACE.dpmSolverTimesteps(1000, 1000,
                0));
        assertTrue(e.getMessage().contains("repeats"), e.getMessage());
        assertEquals(TimestepSpacing.TRAILING, TimestepSpacing.of("trailing"));
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.of("uniform"));
    }
}
