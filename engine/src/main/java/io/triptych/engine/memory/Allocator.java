package io.triptych.engine.memory;

/**
 * Backend memory with a cache in front of the system allocator, so that steady-state training and sampling make
 * no system allocations. Thread-safe.
 */
public interface Allocator {
    /** A block of at least {@code bytes} bytes, 64-byte aligned; OutOfMemoryError naming the request on failure. */
    Block allocate(long bytes);

    /** Returns a block to the cache; it must not be used afterwards. */
    void release(Block block);

    AllocatorStats stats();

    /** Gives every cached (unused) block back to the system. */
    void trim();
}
