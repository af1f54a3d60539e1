package io.triptych.engine.cuda;

/**
 * Raw device memory under {@link CudaAllocator}: on a GPU, {@code cudaMallocAsync}/{@code cudaFreeAsync} on the
 * context's stream ({@link StreamOrderedMemory}). An interface so that the allocator's bookkeeping (size classes,
 * cache, statistics, out-of-memory recovery, graph pools) is tested on machines without a GPU.
 */
public interface DeviceMemory {
    /**
     * A device address of at least {@code bytes} bytes, or 0 when the device is out of memory (any other failure
     * throws). Stream-ordered: usable by work enqueued after this call.
     */
    long allocate(long bytes);

    /** Gives back {@code bytes} at {@code address} (from {@link #allocate}) once the work enqueued so far is done. */
    void free(long address, long bytes);

    /** The device's own view of its memory, for out-of-memory messages (pool reserved / used, free / total). */
    String describe();
}
