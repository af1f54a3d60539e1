package io.triptych.models.gan;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruncatedNormalTest {
    private static float[] draw(long seed, double psi, int... shape) {
        try (Scope s = Scope.open()) {
            return TruncatedNormal.sample(new Generator(seed), psi, Device.cpu(), shape).toFloatArray();
        }
    }

    @Test
    void everyComponentIsWithinPsiAndTheRestOfTheFirstDrawIsKept() {
        float[] untruncated = draw(5, Double.POSITIVE_INFINITY, 64, 100);
        for (double psi : new double[] {0.05, 0.5, 1.0, 2.0}) {
            float[] z = draw(5, psi, 64, 100);
            int kept = 0;
            for (int i = 0; i < z.length; i++) {
                assertTrue(Math.abs(z[i]) <= psi, "psi " + psi + ": z[" + i + "] = " + z[i]);
                if (Math.abs(untruncated[i]) <= psi) {
                    assertEquals(untruncated[i], z[i], "psi " + psi + ": an accepted first draw is kept at " + i);
                    kept++;
                }
            }
            assertTrue(kept > 0, "psi " + psi + " kept nothing of the first draw");
        }
    }

    @Test
    void sameSeedSameLatentsOtherSeedOtherLatents() {
        assertArrayEquals(draw(11, 0.7, 32, 8), draw(11, 0.7, 32, 8));
        assertFalse(Arrays.equals(draw(11, 0.7, 32, 8), draw(12, 0.7, 32, 8)));
    }

    @Test
    void infinitePsiIsThePlainNormalDraw() {
        try (Scope s = Scope.open()) {
            float[] plain = new Generator(9).normal(Device.cpu(), 0f, 1f, 10, 4).toFloatArray();
            assertArrayEquals(plain, draw(9, Double.POSITIVE_INFINITY, 10, 4));
        }
    }

    @Test
    void resampledComponentsFollowTheTruncatedNormal() {
        // N(0, 1) truncated to [-1, 1]: variance 1 - 2 phi(1) / (Phi(1) - Phi(-1)) = 0.29112.
        float[] z = draw(3, 1.0, 200_000);
        double mean = 0;
        double sq = 0;
        for (float v : z) {
            mean += v;
            sq += (double) v * v;
        }
        mean /= z.length;
        assertEquals(0.0, mean, 0.005);
        assertEquals(0.29112, sq / z.length - mean * mean, 0.005);
    }

    @Test
    void psiMustBePositive() {
        for (double psi : new double[] {0, -1, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> draw(1, psi, 4));
            assertTrue(e.getMessage().contains("psi"), e.getMessage());
        }
    }
}
