package io.triptych.engine.cuda;

import io.triptych.bindings.cublas_h;
import io.triptych.engine.Gemm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The engine's row-major GEMMs on cuBLAS, on the backend's stream. cuBLAS is column-major, and a row-major matrix is
 * its own transpose read column-major, so row-major C = op(A) op(B) is computed as column-major
 * C^T = op(B)^T op(A)^T: the operands swap and m and n with them. Full FP32 (CUBLAS_DEFAULT_MATH: no TF32), so GEMMs
 * match the CPU backend to float32 rounding.
 */
final class CudaBlas implements AutoCloseable {
    private final cublas_h blas;
    private final MemorySegment handle;
    private final Arena scalars = Arena.ofShared();
    private final MemorySegment alpha = scalars.allocate(ValueLayout.JAVA_FLOAT);
    private final MemorySegment beta = scalars.allocate(ValueLayout.JAVA_FLOAT);

    CudaBlas(cublas_h blas, MemorySegment stream) {
        this.blas = blas;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            blas.check(blas.cublasCreate_v2(out), "cublasCreate_v2");
            this.handle = out.get(ValueLayout.ADDRESS, 0);
        }
        try {
            blas.check(blas.cublasSetStream_v2(handle, stream), "cublasSetStream_v2");
            blas.check(blas.cublasSetMathMode(handle, cublas_h.CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
        } catch (RuntimeException e) {
            blas.cublasDestroy_v2(handle);
            scalars.close();
            throw e;
        }
    }

    cublas_h bindings() {
        return blas;
    }

    /** Enqueues {@code g} on A, B, C (device pointers). alpha and beta are read from host memory during the call. */
    synchronized void gemm(Gemm g, MemorySegment a, MemorySegment b, MemorySegment c) {
        if (g.batch() == 0 || g.m() == 0 || g.n() == 0) {
            return;
        }
        alpha.set(ValueLayout.JAVA_FLOAT, 0, g.alpha());
        beta.set(ValueLayout.JAVA_FLOAT, 0, g.beta());
        int opA = g.transA() ? cublas_h.CUBLAS_OP_T : cublas_h.CUBLAS_OP_N;
        int opB = g.transB() ? cublas_h.CUBLAS_OP_T : cublas_h.CUBLAS_OP_N;
        // cuBLAS wants leading dimensions >= 1 even when k == 0 (then C = beta * C).
        int lda = Math.max(1, g.lda());
        int ldb = Math.max(1, g.ldb());
        if (g.batch() == 1) {
            blas.check(blas.cublasSgemm_v2(handle, opB, opA, g.n(), g.m(), g.k(), alpha, b, ldb, a, lda, beta,
                    c, g.ldc()), "cublasSgemm_v2", "gemm", g);
        } else {
            blas.check(blas.cublasSgemmStridedBatched(handle, opB, opA, g.n(), g.m(), g.k(), alpha, b, ldb,
                    g.strideB(), a, lda, g.strideA(), beta, c, g.ldc(), g.strideC(), g.batch()),
                    "cublasSgemmStridedBatched", "gemm", g);
        }
    }

    @Override
    public synchronized void close() {
        blas.check(blas.cublasDestroy_v2(handle), "cublasDestroy_v2");
        scalars.close();
    }
}
