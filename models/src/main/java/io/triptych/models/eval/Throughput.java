package io.triptych.models.eval;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Samples per second of a piece of work that makes a known number of samples: a few untimed warm-up runs (JIT,
 * allocator caches), then timed runs, reported by their median, which one slow run (GC, the OS) does not move.
 *
 * @param samplesPerSecond samples per run divided by the median run time
 * @param medianSeconds    the median timed run
 * @param runSeconds       every timed run, in order
 * @param samplesPerRun    samples one run makes
 */
public record Throughput(double samplesPerSecond, double medianSeconds, double[] runSeconds, int samplesPerRun) {
    public Throughput {
        runSeconds = runSeconds.clone();
    }

    @Override
    public double[] runSeconds() {
        return runSeconds.clone();
    }

    /** Runs {@code work} (which makes {@code samplesPerRun} samples) {@code warmup} times, then {@code runs} timed. */
    public static Throughput measure(int samplesPerRun, int warmup, int runs, Runnable work) {
        return measure(samplesPerRun, warmup, runs, work, System::nanoTime);
    }

    /** As {@link #measure(int, int, int, Runnable)} with the clock (nanoseconds) given, for tests. */
    static Throughput measure(int samplesPerRun, int warmup, int runs, Runnable work, LongSupplier nanoClock) {
        if (samplesPerRun < 1 || warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("Throughput: need samplesPerRun >= 1, warmup >= 0 and runs >= 1, got "
                    + samplesPerRun + ", " + warmup + ", " + runs);
        }
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = nanoClock.getAsLong();
            work.run();
            seconds[i] = (nanoClock.getAsLong() - start) * 1e-9;
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : 0.5 * (sorted[runs / 2 - 1] + sorted[runs / 2]);
        if (!(median > 0)) {
            throw new ArithmeticException("Throughput: the median run took " + median + " s, too short for the clock;"
                    + " make each run do more work");
        }
        return new Throughput(samplesPerRun / median, median, seconds, samplesPerRun);
    }
}
