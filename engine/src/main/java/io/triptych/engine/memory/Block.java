package io.triptych.engine.memory;

import java.lang.foreign.MemorySegment;

/**
 * A block of backend memory handed out by an {@link Allocator}. {@code segment} covers the requested bytes (for a
 * device allocator it is an address-only segment, not readable from Java). The block is owned by exactly one
 * {@code Storage} until it is released back to its allocator.
 */
public final class Block {
    private final MemorySegment segment;
    private final long capacity;
    private final Object handle;

    /**
     * @param segment  the usable memory, sized to the request
     * @param capacity the size class the block was carved for
     * @param handle   the allocator's own bookkeeping for the block (an Arena, a device pointer, ...)
     */
    public Block(MemorySegment segment, long capacity, Object handle) {
        this.segment = segment;
        this.capacity = capacity;
        this.handle = handle;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long capacity() {
        return capacity;
    }

    public Object handle() {
        return handle;
    }
}
