package io.triptych.engine;

/**
 * Whether ops record the autograd graph on this thread. Sampling and evaluation run inside
 * {@code try (var g = Grad.off()) { ... }}, which saves the memory and time of the graph.
 */
public final class Grad {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Grad() {
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned handle is closed, then restores the previous mode. */
    public static Mode off() {
        return set(false);
    }

    /** Turns recording on until the returned handle is closed, then restores the previous mode. */
    public static Mode on() {
        return set(true);
    }

    private static Mode set(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = enabled;
        return () -> cell[0] = previous;
    }

    /** A grad mode in effect until closed. */
    public interface Mode extends AutoCloseable {
        @Override
        void close();
    }
}
