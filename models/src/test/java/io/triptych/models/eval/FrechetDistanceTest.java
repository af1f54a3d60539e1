package io.triptych.models.eval;

import io.triptych.models.eval.FrechetDistance.Gaussian;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrechetDistanceTest {
    /** n samples of N(mean, L L^T) for a lower-triangular 2x2 L. */
    private static float[] sample2d(int n, double[] mean, double[][] l, long seed) {
        Random r = new Random(seed);
        float[] x = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double z0 = r.nextGaussian();
            double z1 = r.nextGaussian();
            x[2 * i] = (float) (mean[0] + l[0][0] * z0);
            x[2 * i + 1] = (float) (mean[1] + l[1][0] * z0 + l[1][1] * z1);
        }
        return x;
    }

    /** The closed form for 2x2 covariances: tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)) with M ~ S1 S2. */
    private static double closedForm2d(double[] m1, double[][] s1, double[] m2, double[][] s2) {
        double dm = Math.pow(m1[0] - m2[0], 2) + Math.pow(m1[1] - m2[1], 2);
        double trProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
        double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
        double cross = Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));
        return dm + s1[0][0] + s1[1][1] + s2[0][0] + s2[1][1] - 2 * cross;
    }

    @Test
    void diagonalCovariancesGiveTheSumOfSquaredRootDifferences() {
        double[] v1 = {4, 1, 9, 0.25};
        double[] v2 = {1, 1, 16, 1};
        double[][] s1 = new double[4][4];
        double[][] s2 = new double[4][4];
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            s1[i][i] = v1[i];
            s2[i][i] = v2[i];
            expected += Math.pow(Math.sqrt(v1[i]) - Math.sqrt(v2[i]), 2);
        }
        double[] m1 = {0, 1, 2, 3};
        double[] m2 = {1, 1, 2, 1};
        expected += 1 + 4;
        assertEquals(expected, FrechetDistance.between(new Gaussian(m1, s1), new Gaussian(m2, s2)), 1e-12);
    }

    @Test
    void nonCommutingCovariancesMatchTheTwoByTwoClosedForm() {
        double[] m1 = {0.5, -1};
        double[] m2 = {-0.25, 2};
        double[][] s1 = {{2, 0.5}, {0.5, 1}};
        double[][] s2 = {{1, -0.3}, {-0.3, 0.5}};
        double fd = FrechetDistance.between(new Gaussian(m1, s1), new Gaussian(m2, s2));
        assertEquals(closedForm2d(m1, s1, m2, s2), fd, 1e-12);
        assertEquals(fd, FrechetDistance.between(new Gaussian(m2, s2), new Gaussian(m1, s1)), 1e-12, "symmetric");
    }

    @Test
    void samplesOfTwoGaussiansEstimateTheClosedForm() {
        double[] m1 = {1, 0};
        double[] m2 = {0, 0.5};
        double[][] l1 = {{1.5, 0}, {0.5, 0.8}};
        double[][] l2 = {{0.7, 0}, {-0.4, 1.1}};
        double[][] s1 = {{2.25, 0.75}, {0.75, 0.25 + 0.64}};
        double[][] s2 = {{0.49, -0.28}, {-0.28, 0.16 + 1.21}};
        double expected = closedForm2d(m1, s1, m2, s2);
        double fd = FrechetDistance.between(sample2d(40_000, m1, l1, 1), sample2d(40_000, m2, l2, 2), 2);
        assertEquals(expected, fd, 0.03 * expected, "closed form " + expected);
    }

    @Test
    void identicalSetsAreAtDistanceZeroAndAShiftCostsItsSquaredLength() {
        Random r = new Random(3);
        int n = 500;
        int d = 16;
        float[] a = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * (1 + i % d * 0.1));
        }
        assertEquals(0.0, FrechetDistance.between(a, a.clone(), d), 1e-9);
        float[] shifted = a.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += i % d == 3 ? 2f : 0f;
        }
        assertEquals(4.0, FrechetDistance.between(a, shifted, d), 1e-4);
    }

    @Test
    void fitGivesTheMeanAndUnbiasedCovariance() {
        Gaussian g = Gaussian.fit(new float[] {1, 2, 3, 6, 5, 4}, 2);
        assertArrayEquals(new double[] {3, 4}, g.mean(), 1e-12);
        assertArrayEquals(new double[] {4, 2}, g.covariance()[0], 1e-12);
        assertArrayEquals(new double[] {2, 4}, g.covariance()[1], 1e-12);
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Gaussian.fit(new float[] {1, 2}, 2));
        assertTrue(one.getMessage().contains("N >= 2"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gaussian.fit(new float[5], 2));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Gaussian.fit(new float[] {0, 0, Float.NaN, 1}, 2));
        assertTrue(nan.getMessage().contains("feature 0 of point 1 is NaN"), nan.getMessage());
        Gaussian g2 = new Gaussian(new double[2], new double[][] {{1, 0}, {0, 1}});
        Gaussian g3 = new Gaussian(new double[3], new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.between(g2, g3));
        assertTrue(dims.getMessage().contains("2 and 3 dims"), dims.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Gaussian(new double[2], new double[][] {{1, 0}}));
        assertThrows(IllegalArgumentException.class,
                () -> new Gaussian(new double[2], new double[][] {{1, 0}, {0}}));
    }

    @Test
    void symmetricEigenRecoversKnownEigenvaluesAndAnOrthonormalBasis() {
        double[][] tridiagonal = {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}};
        double[] values = SymmetricEigen.of(tridiagonal).values().clone();
        Arrays.sort(values);
        assertArrayEquals(new double[] {2 - Math.sqrt(2), 2, 2 + Math.sqrt(2)}, values, 1e-13);

        Random r = new Random(4);
        int n = 24;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = r.nextGaussian();
                a[j][i] = a[i][j];
            }
        }
        SymmetricEigen e = SymmetricEigen.of(a);
        double[][] v = e.vectors();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double back = 0;
                double gram = 0;
                for (int k = 0; k < n; k++) {
                    back += v[i][k] * e.values()[k] * v[j][k];
                    gram += v[k][i] * v[k][j];
                }
                assertEquals(a[i][j], back, 1e-12, "V diag(lambda) V^T at " + i + "," + j);
                assertEquals(i == j ? 1 : 0, gram, 1e-12, "V^T V at " + i + "," + j);
            }
        }
        assertArrayEquals(new double[] {1, 1, 1}, SymmetricEigen.of(new double[][] {{1, 0, 0}, {0, 1, 0},
                {0, 0, 1}}).values(), 0);
        assertEquals(0, SymmetricEigen.of(new double[0][]).values().length);
    }

    @Test
    void symmetricEigenRejectsNonSymmetricOrNonSquareInput() {
        IllegalArgumentException asym = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 1}}));
        assertTrue(asym.getMessage().contains("not symmetric"), asym.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{Double.NaN}}));
    }
}
