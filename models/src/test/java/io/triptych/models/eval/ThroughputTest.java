package io.triptych.models.eval;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThroughputTest {
    /** A clock that reads 0 and then advances by the next duration at every second reading (start, end pairs). */
    private static LongSupplier clock(long... durationsNanos) {
        long[] now = {0};
        int[] reads = {0};
        return () -> {
            int r = reads[0]++;
            if (r % 2 == 1) {
                now[0] += durationsNanos[r / 2];
            }
            return now[0];
        };
    }

    @Test
    void warmsUpThenReportsTheMedianRun() {
        AtomicInteger calls = new AtomicInteger();
        Throughput t = Throughput.measure(100, 2, 3, calls::incrementAndGet,
                clock(3_000_000_000L, 1_000_000_000L, 2_000_000_000L));
        assertEquals(5, calls.get(), "2 warm-up + 3 timed runs");
        assertEquals(2.0, t.medianSeconds(), 1e-12);
        assertEquals(50.0, t.samplesPerSecond(), 1e-9);
        assertArrayEquals(new double[] {3, 1, 2}, t.runSeconds(), 1e-12);
        assertEquals(100, t.samplesPerRun());
    }

    @Test
    void anEvenNumberOfRunsAveragesTheMiddleTwoAndOneOutlierDoesNotMoveIt() {
        Throughput t = Throughput.measure(10, 0, 4, () -> { }, clock(1_000_000L, 500_000_000L, 3_000_000L, 2_000_000L));
        assertEquals(0.0025, t.medianSeconds(), 1e-12);
        assertEquals(4000.0, t.samplesPerSecond(), 1e-6);
    }

    @Test
    void measuresRealWork() {
        Throughput t = Throughput.measure(1, 1, 3, () -> {
            long end = System.nanoTime() + 2_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        });
        assertTrue(t.medianSeconds() >= 0.002, "a 2 ms busy wait took " + t.medianSeconds() + " s");
        assertEquals(1 / t.medianSeconds(), t.samplesPerSecond(), 1e-9);
    }

    @Test
    void badArgumentsAndAnUnmeasurablyShortRunAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Throughput.measure(0, 1, 1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> Throughput.measure(1, -1, 1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> Throughput.measure(1, 1, 0, () -> { }));
        ArithmeticException zero = assertThrows(ArithmeticException.class,
                () -> Throughput.measure(1, 0, 1, () -> { }, clock(0)));
        assertTrue(zero.getMessage().contains("too short for the clock"), zero.getMessage());
    }
}
