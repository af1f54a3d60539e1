package io.triptych.models.eval;

/**
 * Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method: plane rotations zero one off-diagonal
 * element at a time until the off-diagonal mass is negligible. Slow (O(n^3) per sweep) but simple and accurate for
 * the small matrices of the metrics (feature dims of a few hundred at most), with orthonormal eigenvectors even for
 * repeated eigenvalues.
 *
 * @param values  eigenvalues, in no particular order
 * @param vectors {@code vectors[i][k]} is component i of the eigenvector of {@code values[k]} (eigenvectors are the
 *                columns)
 */
public record SymmetricEigen(double[] values, double[][] vectors) {
    private static final int MAX_SWEEPS = 100;
    /** Off-diagonal Frobenius norm, relative to the whole matrix's, at which the iteration stops. */
    private static final double TOLERANCE = 1e-15;

    /** The decomposition of {@code a}, which must be square, finite and symmetric (up to rounding); a is not changed. */
    public static SymmetricEigen of(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] == null || a[i].length != n) {
                throw new IllegalArgumentException("SymmetricEigen: row " + i + " has "
                        + (a[i] == null ? "no array" : a[i].length + " columns") + ", the matrix has " + n + " rows");
            }
            m[i] = a[i].clone();
            for (double v : m[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("SymmetricEigen: row " + i + " holds " + v);
                }
                norm2 += v * v;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(m[i][j] - m[j][i]) > 1e-9 * Math.sqrt(norm2)) {
                    throw new IllegalArgumentException("SymmetricEigen: not symmetric: a[" + i + "][" + j + "] = "
                            + m[i][j] + " but a[" + j + "][" + i + "] = " + m[j][i]);
                }
                double mean = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = mean;
                m[j][i] = mean;
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; offDiagonal2(m) > TOLERANCE * TOLERANCE * norm2; sweep++) {
            if (sweep == MAX_SWEEPS) {
                throw new ArithmeticException("SymmetricEigen: Jacobi did not converge in " + MAX_SWEEPS + " sweeps for a "
                        + n + "x" + n + " matrix");
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(m, v, p, q);
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = m[i][i];
        }
        return new SymmetricEigen(values, v);
    }

    private static double offDiagonal2(double[][] m) {
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                s += 2 * m[i][j] * m[i][j];
            }
        }
        return s;
    }

    /** The rotation in the (p, q) plane that zeroes m[p][q] (Golub and Van Loan's stable choice of angle). */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double apq = m[p][q];
        if (apq == 0) {
            return;
        }
        double theta = (m[q][q] - m[p][p]) / (2 * apq);
        double t;
        if (theta == 0) {
            t = 1;
        } else if (Math.abs(theta) > 1e150) {
            t = 0.5 / theta; // theta^2 would overflow; this is the limit of the formula below
        } else {
            t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < m.length; k++) {
            if (k != p && k != q) {
                double akp = m[k][p];
                double akq = m[k][q];
                m[k][p] = c * akp - s * akq;
                m[p][k] = m[k][p];
                m[k][q] = s * akp + c * akq;
                m[q][k] = m[k][q];
            }
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
        m[p][p] -= t * apq;
        m[q][q] += t * apq;
        m[p][q] = 0;
        m[q][p] = 0;
    }
}
