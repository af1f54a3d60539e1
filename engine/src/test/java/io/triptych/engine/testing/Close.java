package io.triptych.engine.testing;

import io.triptych.engine.Tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Numerical comparison used by every op test: relative error max|a - e| / max|e| (norm-wise, so values near zero do
 * not dominate), after checking shapes.
 */
public final class Close {
    /** The bound for float32 against PyTorch. */
    public static final double F32 = 1e-4;

    private Close() {
    }

    public static double relativeError(float[] actual, float[] expected) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            maxDiff = Math.max(maxDiff, d);
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / Math.max(maxRef, 1e-12);
    }

    public static void assertClose(String what, Tensor actual, Tensor expected, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape " + Arrays.toString(actual.shape())
                + " vs expected " + Arrays.toString(expected.shape()));
        assertClose(what, actual.toFloatArray(), expected.toFloatArray(), tol);
    }

    public static void assertClose(String what, float[] actual, float[] expected, double tol) {
        if (actual.length != expected.length) {
            fail(what + ": " + actual.length + " values vs " + expected.length + " expected");
        }
        double err = relativeError(actual, expected);
        if (!(err <= tol)) {
            int worst = 0;
            double wd = -1;
            for (int i = 0; i < expected.length; i++) {
                double d = Math.abs((double) actual[i] - expected[i]);
                if (Double.isNaN(d) || d > wd) {
                    wd = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                    worst = i;
                }
            }
            fail(what + ": relative error " + err + " > " + tol + " (worst at " + worst + ": " + actual[worst]
                    + " vs " + expected[worst] + ")");
        }
    }
}
