package io.triptych.engine.ops;

import io.triptych.engine.Backend;
import io.triptych.engine.DType;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;

import java.util.Arrays;

/** Validation shared by the ops: every check runs in Java, before any native call, and names the op. */
final class Op {
    private Op() {
    }

    /** The common backend of {@code tensors}: all alive, all on one device; else an exception naming the op. */
    static Backend backend(String op, Tensor... tensors) {
        Tensor first = null;
        for (Tensor t : tensors) {
            if (t == null) {
                continue;
            }
            t.checkAlive(op);
            if (first == null) {
                first = t;
            } else if (!first.device().equals(t.device())) {
                throw new IllegalArgumentException(op + ": tensors are on different devices: " + first.device()
                        + " and " + t.device() + " (move one with to(device); Triptych never copies silently)");
            }
        }
        if (first == null) {
            throw new IllegalArgumentException(op + ": no tensor given");
        }
        return first.backend();
    }

    static void f32(String op, Tensor t, String role) {
        dtype(op, t, role, DType.F32);
    }

    static void dtype(String op, Tensor t, String role, DType expected) {
        if (t.dtype() != expected) {
            throw new IllegalArgumentException(op + ": " + role + " must be " + expected + " but is " + t.dtype()
                    + " (shape " + Shapes.str(t.shape()) + ")");
        }
    }

    static void rank(String op, Tensor t, String role, int expected) {
        if (t.rank() != expected) {
            throw new IllegalArgumentException(op + ": " + role + " must have rank " + expected + " but has shape "
                    + Shapes.str(t.shape()));
        }
    }

    static void sameShape(String op, Tensor a, String roleA, Tensor b, String roleB) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": " + roleA + " shape " + Shapes.str(a.shape()) + " and " + roleB
                    + " shape " + Shapes.str(b.shape()) + " must be equal");
        }
    }

    static void shape(String op, Tensor t, String role, int... expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + role + " must have shape " + Shapes.str(expected)
                    + " but has " + Shapes.str(t.shape()));
        }
    }

    static void check(boolean ok, String op, String message) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": " + message);
        }
    }

    /** A new F32 tensor on t's device, owned by the current scope. */
    static Tensor newF32(Tensor like, int... shape) {
        return Tensor.empty(like.device(), DType.F32, shape);
    }

    /** The rank-1 shape kernels see for a rank-0 scalar. */
    static int[] atLeast1d(int[] shape) {
        return shape.length == 0 ? new int[] {1} : shape;
    }
}
