package io.triptych.engine;

/**
 * A row-major, optionally strided-batched GEMM: for each batch b,
 * C_b[m x n] = alpha * op(A_b) * op(B_b) + beta * C_b, with op(A) [m x k] and op(B) [k x n]. Leading dimensions and
 * batch strides are in elements.
 */
public record Gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, int lda, int ldb, float beta,
                   int ldc, int batch, long strideA, long strideB, long strideC) {
    public Gemm {
        if (m < 0 || n < 0 || k < 0 || batch < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k + " batch=" + batch);
        }
    }

    /** A single dense GEMM with tight leading dimensions. */
    public static Gemm of(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
        return new Gemm(transA, transB, m, n, k, alpha, transA ? m : k, transB ? k : n, beta, n, 1, 0, 0, 0);
    }

    /** A strided batch of dense GEMMs with tight leading dimensions; a stride of 0 reuses one matrix. */
    public static Gemm batched(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, int batch,
                               long strideA, long strideB, long strideC) {
        return new Gemm(transA, transB, m, n, k, alpha, transA ? m : k, transB ? k : n, beta, n, batch, strideA,
                strideB, strideC);
    }
}
