package io.triptych.models.eval;

/**
 * The Frechet distance between Gaussians fitted to two feature sets (FID's formula):
 * |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)). The last trace is computed as tr((S1^(1/2) S2 S1^(1/2))^(1/2)),
 * whose argument is symmetric positive semi-definite, from symmetric eigendecompositions ({@link SymmetricEigen}),
 * all in double precision.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** A Gaussian's mean [D] and covariance [D][D]. */
    public record Gaussian(double[] mean, double[][] covariance) {
        public Gaussian {
            int d = mean.length;
            if (d == 0 || covariance.length != d) {
                throw new IllegalArgumentException("Gaussian: mean has " + d + " dims but covariance "
                        + covariance.length + " rows");
            }
            mean = mean.clone();
            double[][] copy = new double[d][];
            for (int i = 0; i < d; i++) {
                if (covariance[i].length != d) {
                    throw new IllegalArgumentException("Gaussian: covariance row " + i + " has "
                            + covariance[i].length + " columns, not " + d);
                }
                copy[i] = covariance[i].clone();
            }
            covariance = copy;
        }

        public int dim() {
            return mean.length;
        }

        /** Mean and unbiased covariance (divided by N - 1) of {@code x} [N, dim] row-major, N >= 2. */
        public static Gaussian fit(float[] x, int dim) {
            if (dim <= 0 || x == null || x.length % dim != 0 || x.length / dim < 2) {
                throw new IllegalArgumentException("Gaussian.fit: need [N, " + dim + "] features with N >= 2, got "
                        + (x == null ? "null" : x.length + " values"));
            }
            int n = x.length / dim;
            double[] mean = new double[dim];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < dim; k++) {
                    float v = x[i * dim + k];
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("Gaussian.fit: feature " + k + " of point " + i + " is " + v);
                    }
                    mean[k] += v;
                }
            }
            for (int k = 0; k < dim; k++) {
                mean[k] /= n;
            }
            double[][] cov = new double[dim][dim];
            double[] centred = new double[dim];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < dim; k++) {
                    centred[k] = x[i * dim + k] - mean[k];
                }
                for (int p = 0; p < dim; p++) {
                    double cp = centred[p];
                    double[] row = cov[p];
                    for (int q = p; q < dim; q++) {
                        row[q] += cp * centred[q];
                    }
                }
            }
            for (int p = 0; p < dim; p++) {
                for (int q = p; q < dim; q++) {
                    cov[p][q] /= n - 1;
                    cov[q][p] = cov[p][q];
                }
            }
            return new Gaussian(mean, cov);
        }
    }

    /** The distance between Gaussians fitted to {@code a} [N, dim] and {@code b} [M, dim]. */
    public static double between(float[] a, float[] b, int dim) {
        return between(Gaussian.fit(a, dim), Gaussian.fit(b, dim));
    }

    public static double between(Gaussian g1, Gaussian g2) {
        int d = g1.dim();
        if (g2.dim() != d) {
            throw new IllegalArgumentException("FrechetDistance: Gaussians of " + d + " and " + g2.dim() + " dims");
        }
        double[][] s1 = g1.covariance();
        double[][] s2 = g2.covariance();
        double meanTerm = 0;
        double traces = 0;
        for (int i = 0; i < d; i++) {
            double diff = g1.mean()[i] - g2.mean()[i];
            meanTerm += diff * diff;
            traces += s1[i][i] + s2[i][i];
        }
        double[][] root1 = sqrtPsd(s1);
        double[][] m = multiply(multiply(root1, s2), root1);
        double crossTrace = 0;
        for (double lambda : SymmetricEigen.of(symmetrised(m)).values()) {
            crossTrace += Math.sqrt(Math.max(lambda, 0));
        }
        // Rounding can leave a zero distance (identical Gaussians) slightly negative.
        return Math.max(0, meanTerm + traces - 2 * crossTrace);
    }

    /** V diag(sqrt(max(lambda, 0))) V^T: negative eigenvalues of a covariance are rounding noise. */
    private static double[][] sqrtPsd(double[][] s) {
        SymmetricEigen e = SymmetricEigen.of(s);
        int d = s.length;
        double[][] v = e.vectors();
        double[] root = new double[d];
        for (int k = 0; k < d; k++) {
            root[k] = Math.sqrt(Math.max(e.values()[k], 0));
        }
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += v[i][k] * root[k] * v[j][k];
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i][k];
                for (int j = 0; j < n; j++) {
                    out[i][j] += aik * b[k][j];
                }
            }
        }
        return out;
    }

    /** (m + m^T) / 2: removes the rounding asymmetry of a product that is symmetric in exact arithmetic. */
    private static double[][] symmetrised(double[][] m) {
        int n = m.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = 0.5 * (m[i][j] + m[j][i]);
            }
        }
        return out;
    }
}
