package io.triptych.bench;

/**
 * The convolutions of the DCGAN for 28x28 images (models.gan) at batch 64, and the GEMMs they lower to, shared by
 * the JMH benchmarks and bench/peer/dcgan_ops.py (keep the two lists equal).
 */
public final class DcganShapes {
    private DcganShapes() {
    }

    /** A convolution: input [n, cIn, h, w], weight [cOut, cIn, k, k] (transposed: [cIn, cOut, k, k]). */
    public record Conv(String name, boolean transposed, int n, int cIn, int h, int w, int cOut, int k, int stride,
                       int pad) {
    }

    public static final Conv[] CONVS = {
        new Conv("D1", false, 64, 1, 28, 28, 64, 4, 2, 1),
        new Conv("D2", false, 64, 64, 14, 14, 128, 4, 2, 1),
        new Conv("D3", false, 64, 128, 7, 7, 1, 7, 1, 0),
        new Conv("G1", true, 64, 100, 1, 1, 128, 7, 1, 0),
        new Conv("G2", true, 64, 128, 7, 7, 64, 4, 2, 1),
        new Conv("G3", true, 64, 64, 14, 14, 1, 4, 2, 1),
    };

    /** A row-major GEMM C[m x n] = A[m x k] B[k x n]. */
    public record Gemm(String name, int m, int n, int k) {
    }

    /** D2's and G2's lowered GEMMs (out-channels x pixels x patch) and an MLP layer of the 2-D models. */
    public static final Gemm[] GEMMS = {
        new Gemm("D2-fwd", 128, 3136, 1024),
        new Gemm("G2-fwd", 1024, 3136, 128),
        new Gemm("D1-fwd", 64, 12544, 16),
        new Gemm("MLP-256x128x128", 256, 128, 128),
    };

    public static Conv conv(String name) {
        for (Conv c : CONVS) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no DCGAN conv named " + name);
    }

    public static Gemm gemm(String name) {
        for (Gemm g : GEMMS) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no DCGAN GEMM named " + name);
    }
}
