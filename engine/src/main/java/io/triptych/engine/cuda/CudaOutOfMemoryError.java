package io.triptych.engine.cuda;

import io.triptych.engine.memory.AllocatorStats;

/**
 * The device could not serve an allocation even after the cache was given back. The message names the request, the
 * allocator's state and the device's; the allocator is unchanged otherwise, so freeing tensors (closing scopes) and
 * retrying works. An OutOfMemoryError, as {@link io.triptych.engine.memory.Allocator#allocate} promises, but about
 * device memory: the Java heap is fine.
 */
public final class CudaOutOfMemoryError extends OutOfMemoryError {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final transient AllocatorStats stats;

    public CudaOutOfMemoryError(String message, long requestedBytes, AllocatorStats stats) {
        super(message);
        this.requestedBytes = requestedBytes;
        this.stats = stats;
    }

    public long requestedBytes() {
        return requestedBytes;
    }

    /** The allocator's counters when the request failed. */
    public AllocatorStats stats() {
        return stats;
    }
}
