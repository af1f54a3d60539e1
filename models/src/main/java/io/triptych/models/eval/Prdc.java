package io.triptych.models.eval;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Precision and recall on k-NN manifolds (Kynkaanniemi et al. 2019, k = 3) and density and coverage (Naeem et al.
 * 2020, k = 5) of a fake feature set against a real one, both [N, D] row-major. A point's k-NN radius is the distance
 * to its k-th nearest neighbour in its own set (itself excluded); "inside a ball" is a strict {@code <}, as in
 * Naeem et al.'s reference code, so a collapsed fake set (radius 0) recalls nothing.
 *
 * <ul>
 *   <li>precision: share of fake points inside at least one real point's ball;</li>
 *   <li>recall: share of real points inside at least one fake point's ball;</li>
 *   <li>density: real balls containing a fake point, averaged over fake points, divided by k (about 1 when the
 *       sets come from the same distribution; not bounded by 1);</li>
 *   <li>coverage: share of real points whose ball contains at least one fake point.</li>
 * </ul>
 *
 * Distances are brute force in double precision, parallel over points (each result element is computed by one
 * task, so the numbers do not depend on the thread count).
 */
public record Prdc(double precision, double recall, double density, double coverage) {
    public static final int K_PRECISION_RECALL = 3;
    public static final int K_DENSITY_COVERAGE = 5;

    /** The four metrics with the papers' k (3 for precision/recall, 5 for density/coverage). */
    public static Prdc compute(float[] real, float[] fake, int dim) {
        return reference(real, dim, K_PRECISION_RECALL, K_DENSITY_COVERAGE).against(fake);
    }

    public static Prdc compute(float[] real, float[] fake, int dim, int kPrecisionRecall, int kDensityCoverage) {
        return reference(real, dim, kPrecisionRecall, kDensityCoverage).against(fake);
    }

    /** The real set with its k-NN radii computed once, to score several fake sets against it. */
    public static Reference reference(float[] real, int dim, int kPrecisionRecall, int kDensityCoverage) {
        return new Reference(real, dim, kPrecisionRecall, kDensityCoverage);
    }

    public static Reference reference(float[] real, int dim) {
        return reference(real, dim, K_PRECISION_RECALL, K_DENSITY_COVERAGE);
    }

    /** A real feature set and its squared k-NN radii for both k. */
    public static final class Reference {
        private final float[] real;
        private final int dim;
        private final int n;
        private final int kPr;
        private final int kDc;
        private final double[] radiusPr;
        private final double[] radiusDc;

        private Reference(float[] real, int dim, int kPr, int kDc) {
            if (kPr < 1 || kDc < 1) {
                throw new IllegalArgumentException("Prdc: k must be >= 1, got k=" + kPr + " (precision/recall) and k="
                        + kDc + " (density/coverage)");
            }
            this.n = rows("real", real, dim, Math.max(kPr, kDc));
            this.real = real.clone();
            this.dim = dim;
            this.kPr = kPr;
            this.kDc = kDc;
            double[][] radii = knnRadii(this.real, n, dim, kPr, kDc);
            this.radiusPr = radii[0];
            this.radiusDc = radii[1];
        }

        public int size() {
            return n;
        }

        public int dim() {
            return dim;
        }

        /** The four metrics of {@code fake} [M, D] against this real set. */
        public Prdc against(float[] fake) {
            int m = rows("fake", fake, dim, kPr);
            double[] fakeRadius = knnRadii(fake, m, dim, kPr, kPr)[0];
            boolean[] precise = new boolean[m];
            int[] ballsContaining = new int[m];
            IntStream.range(0, m).parallel().forEach(j -> {
                int count = 0;
                boolean inside = false;
                for (int i = 0; i < n; i++) {
                    double d = distance2(fake, j, real, i, dim);
                    inside |= d < radiusPr[i];
                    if (d < radiusDc[i]) {
                        count++;
                    }
                }
                precise[j] = inside;
                ballsContaining[j] = count;
            });
            boolean[] recalled = new boolean[n];
            boolean[] covered = new boolean[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                boolean inside = false;
                double nearest = Double.POSITIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    double d = distance2(real, i, fake, j, dim);
                    inside |= d < fakeRadius[j];
                    nearest = Math.min(nearest, d);
                }
                recalled[i] = inside;
                covered[i] = nearest < radiusDc[i];
            });
            long balls = 0;
            for (int c : ballsContaining) {
                balls += c;
            }
            return new Prdc(share(precise), share(recalled), (double) balls / ((double) kDc * m), share(covered));
        }
    }

    /** Row count of a [rows, dim] array that needs more than {@code k} rows; throws naming the set otherwise. */
    private static int rows(String set, float[] x, int dim, int k) {
        if (dim <= 0) {
            throw new IllegalArgumentException("Prdc: feature dim must be positive, got " + dim);
        }
        if (x == null || x.length % dim != 0) {
            throw new IllegalArgumentException("Prdc: " + set + " features have "
                    + (x == null ? "no array" : x.length + " values") + ", not a whole number of rows of " + dim);
        }
        int rows = x.length / dim;
        if (rows <= k) {
            throw new IllegalArgumentException("Prdc: " + set + " set has " + rows + " points; k=" + k
                    + " nearest neighbours need at least " + (k + 1));
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException("Prdc: " + set + " feature " + i % dim + " of point " + i / dim
                        + " is " + x[i]);
            }
        }
        return rows;
    }

    /** Squared distances to the k1-th and k2-th nearest other point of each point. */
    private static double[][] knnRadii(float[] x, int rows, int dim, int k1, int k2) {
        int kMax = Math.max(k1, k2);
        double[] r1 = new double[rows];
        double[] r2 = new double[rows];
        IntStream.range(0, rows).parallel().forEach(i -> {
            // The kMax smallest distances so far, ascending (insertion into a short sorted array).
            double[] best = new double[kMax];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            for (int j = 0; j < rows; j++) {
                if (j == i) {
                    continue;
                }
                double d = distance2(x, i, x, j, dim);
                if (d < best[kMax - 1]) {
                    int p = kMax - 1;
                    while (p > 0 && best[p - 1] > d) {
                        best[p] = best[p - 1];
                        p--;
                    }
                    best[p] = d;
                }
            }
            r1[i] = best[k1 - 1];
            r2[i] = best[k2 - 1];
        });
        return new double[][] {r1, r2};
    }

    private static double distance2(float[] a, int i, float[] b, int j, int dim) {
        int ai = i * dim;
        int bj = j * dim;
        double s = 0;
        for (int k = 0; k < dim; k++) {
            double d = (double) a[ai + k] - b[bj + k];
            s += d * d;
        }
        return s;
    }

    private static double share(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            if (f) {
                c++;
            }
        }
        return (double) c / flags.length;
    }
}
