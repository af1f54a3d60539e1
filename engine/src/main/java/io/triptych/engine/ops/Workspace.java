package io.triptych.engine.ops;

import io.triptych.engine.Backend;
import io.triptych.engine.memory.Block;

import java.lang.foreign.MemorySegment;

/** Scratch memory for one kernel call, returned to the allocator right after it (not held by any scope). */
final class Workspace implements AutoCloseable {
    private final Backend backend;
    private final Block block;

    private Workspace(Backend backend, long bytes) {
        this.backend = backend;
        this.block = bytes > 0 ? backend.allocator().allocate(bytes) : null;
    }

    static Workspace of(Backend backend, long bytes) {
        return new Workspace(backend, bytes);
    }

    MemorySegment segment() {
        return block == null ? MemorySegment.NULL : block.segment();
    }

    long bytes() {
        return block == null ? 0 : block.segment().byteSize();
    }

    @Override
    public void close() {
        if (block != null) {
            backend.allocator().release(block);
        }
    }
}
