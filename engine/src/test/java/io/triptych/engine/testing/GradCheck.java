package io.triptych.engine.testing;

import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finite-difference check of an op's backward: for a random upstream gradient r and random directions v_i, the
 * directional derivative of L(x) = sum(f(x) * r) along v_i by central differences must match <dL/dx_i, v_i> from
 * backward(). L is accumulated in double from the float32 forward, and one direction per input keeps the check
 * well conditioned where per-element differences in float32 would drown in rounding.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * @param f      the op under test; called with fresh leaf copies of {@code inputs}
     * @param inputs values of the inputs; entries with {@code differentiable[i]} false are passed as they are
     * @param step   finite-difference step along a unit-scale direction
     * @param tol    allowed |numeric - analytic| / max(|numeric|, |analytic|, 1e-3)
     */
    public static void check(String what, Function<Tensor[], Tensor> f, Tensor[] inputs, boolean[] differentiable,
                             double step, double tol) {
        Random rnd = new Random(1234);
        try (Scope s = Scope.open()) {
            Tensor[] leaves = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = differentiable[i] ? Tensor.of(inputs[i].toFloatArray(), inputs[i].shape()).requiresGrad(true)
                        : inputs[i];
            }
            Tensor y = f.apply(leaves);
            float[] r = new float[(int) y.numel()];
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) rnd.nextGaussian();
            }
            y.backward(Tensor.of(r, y.shape()));
            for (int i = 0; i < inputs.length; i++) {
                if (!differentiable[i]) {
                    continue;
                }
                Tensor g = leaves[i].grad();
                assertNotNull(g, what + ": input " + i + " got no gradient");
                float[] x = inputs[i].toFloatArray();
                float[] v = new float[x.length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) rnd.nextGaussian();
                }
                double analytic = dot(g.toFloatArray(), v);
                double plus = loss(f, inputs, i, x, v, step, r);
                double minus = loss(f, inputs, i, x, v, -step, r);
                double numeric = (plus - minus) / (2 * step);
                double err = Math.abs(numeric - analytic) / Math.max(Math.max(Math.abs(numeric), Math.abs(analytic)),
                        1e-3);
                if (!(err <= tol)) {
                    fail(what + ": input " + i + " directional derivative numeric " + numeric + " vs analytic "
                            + analytic + " (relative error " + err + " > " + tol + ")");
                }
            }
        }
    }

    /** All float inputs differentiable. */
    public static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        boolean[] all = new boolean[inputs.length];
        java.util.Arrays.fill(all, true);
        check(what, f, inputs, all, 1e-2, 1e-2);
    }

    private static double loss(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, float[] x, float[] v,
                               double h, float[] r) {
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            float[] moved = new float[x.length];
            for (int k = 0; k < x.length; k++) {
                moved[k] = (float) (x[k] + h * v[k]);
            }
            Tensor[] args = inputs.clone();
            args[which] = Tensor.of(moved, inputs[which].shape());
            float[] y = f.apply(args).toFloatArray();
            return dot(y, r);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
