package io.triptych.engine;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.memory.Allocator;

import java.lang.foreign.MemorySegment;

/**
 * A device's compute: the kernel library bound to it (CPU and CUDA libraries share one ABI, so ops call the same
 * functions on either), its context, its memory, its GEMM and copies. Ops in {@code io.triptych.engine.ops} are
 * written once against this interface.
 */
public interface Backend {
    Device device();

    /** The kernel library's bindings; every call takes {@link #context()} first. */
    triptych_h kernels();

    /** The native {@code tri_context*} of this backend. */
    MemorySegment context();

    Allocator allocator();

    /** Row-major C = alpha * op(A) * op(B) + beta * C, possibly strided-batched; see {@link Gemm}. */
    void gemm(Gemm g, MemorySegment a, MemorySegment b, MemorySegment c);

    /** Copies {@code bytes} from host memory into this backend's memory. */
    void copyFromHost(MemorySegment hostSrc, MemorySegment dst, long bytes);

    /** Copies {@code bytes} from this backend's memory into host memory, waiting for pending work first. */
    void copyToHost(MemorySegment src, MemorySegment hostDst, long bytes);

    /** Copies {@code bytes} within this backend's memory. */
    void copy(MemorySegment src, MemorySegment dst, long bytes);

    /** The convolution passes; the kernel library's own unless a backend chooses among several implementations. */
    default Convolutions convolutions() {
        return new Convolutions.Kernels(this);
    }

    /** Waits for all enqueued work. */
    void synchronize();

    /** One line for {@code triptych info}: library, threads, features. */
    String describe();
}
