package io.triptych.engine;

import java.util.Arrays;

/** Shape arithmetic and formatting shared by tensors and ops. */
public final class Shapes {
    private Shapes() {
    }

    /** Number of elements; IllegalArgumentException for a negative dimension or an overflowing product. */
    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** "[2, 3, 4]" */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Resolves a possibly negative dim against rank, or throws naming the op, the dim and the shape. */
    public static int dim(String op, int dim, int[] shape) {
        int rank = shape.length;
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for shape " + str(shape));
        }
        return d;
    }

    /** Contiguous row-major strides, in elements. */
    public static long[] strides(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** The broadcast shape of a and b (NumPy rules), or an exception naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast together (dim " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }
}
