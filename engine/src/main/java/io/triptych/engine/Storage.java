package io.triptych.engine;

import io.triptych.engine.memory.Block;

import java.lang.foreign.MemorySegment;

/**
 * A block of backend memory shared by a tensor and its views (reshape, detach). Reference-counted by those
 * tensors; the last release returns the block to the allocator.
 */
final class Storage {
    private final Backend backend;
    private final long bytes;
    private Block block;
    private int refs = 1;

    Storage(Backend backend, long bytes) {
        this.backend = backend;
        this.bytes = bytes;
        this.block = backend.allocator().allocate(bytes);
    }

    Backend backend() {
        return backend;
    }

    long bytes() {
        return bytes;
    }

    synchronized MemorySegment segment() {
        if (block == null) {
            throw new IllegalStateException("storage was released");
        }
        return block.segment();
    }

    synchronized void retain() {
        if (block == null) {
            throw new IllegalStateException("storage was released");
        }
        refs++;
    }

    synchronized void release() {
        if (block != null && --refs == 0) {
            backend.allocator().release(block);
            block = null;
        }
    }
}
