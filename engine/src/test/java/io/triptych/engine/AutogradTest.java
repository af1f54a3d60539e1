package io.triptych.engine;

import io.triptych.engine.ops.F;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutogradTest {
    @Test
    void gradientOfAProductAndSumMatchesTheHandDerivative() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
            Tensor y = Tensor.of(new float[] {4, 5, 6}, 3).requiresGrad(true);
            // L = sum(x * y + x^2)  =>  dL/dx = y + 2x, dL/dy = x
            x.mul(y).add(x.square()).sum().backward();
            assertArrayEquals(new float[] {6, 9, 12}, x.grad().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1, 2, 3}, y.grad().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
            x.mul(3f).sum().backward();
            x.mul(3f).sum().backward();
            assertArrayEquals(new float[] {6, 6}, x.grad().toFloatArray(), 1e-6f);
            x.zeroGrad();
            assertArrayEquals(new float[] {0, 0}, x.grad().toFloatArray(), 0f);
        }
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {2}, 1).requiresGrad(true);
            Tensor h = x.mul(x);
            h.add(h).sum().backward();
            assertEquals(8f, x.grad().item(), 1e-6f);
        }
    }

    @Test
    void gradOffRecordsNothing() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(2).requiresGrad(true);
            Tensor y;
            try (Grad.Mode off = Grad.off()) {
                y = x.mul(2f);
            }
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            assertTrue(Grad.isEnabled());
        }
    }

    @Test
    void backwardOnANaNLossNamesTheProblem() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {-1f}, 1).requiresGrad(true);
            Tensor loss = F.sqrt(x).sum();
            ArithmeticException e = assertThrows(ArithmeticException.class, loss::backward);
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Test
    void backwardNeedsAScalarOrAGradient() {
        try (Scope s = Scope.open()) {
            Tensor y = Tensor.ones(3).requiresGrad(true).mul(2f);
            assertThrows(IllegalArgumentException.class, y::backward);
            assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(4)));
        }
    }

    @Test
    void broadcastGradientsAreSummedBackToTheInputShape() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.ones(2, 3).requiresGrad(true);
            Tensor b = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
            a.mul(b).sum().backward();
            assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, a.grad().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {2, 2, 2}, b.grad().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void onlyLeavesCanChangeRequiresGrad() {
        try (Scope s = Scope.open()) {
            Tensor y = Tensor.ones(2).requiresGrad(true).mul(2f);
            assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
            assertThrows(IllegalArgumentException.class, () -> Tensor.ofInts(new int[] {1}, 1).requiresGrad(true));
        }
    }
}
