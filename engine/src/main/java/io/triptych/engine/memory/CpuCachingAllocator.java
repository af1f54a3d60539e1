package io.triptych.engine.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Host memory pooled by size class. A request is rounded up to one of four classes per power of two (so at most
 * 25% is wasted); a released block goes back to its class's free list and serves the next request of that class.
 * Each system allocation has its own shared Arena, closed when {@link #trim()} gives the block back.
 */
public final class CpuCachingAllocator implements Allocator {
    private static final long ALIGNMENT = 64;
    private static final long MIN_CLASS = 256;

    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private long nativeAllocations;
    private long nativeFrees;
    private long bytesReserved;
    private long bytesInUse;
    private long blocksInUse;
    private long cacheHits;
    private long peakBytesInUse;

    /** The size class serving a request of {@code bytes}. */
    static long sizeClass(long bytes) {
        if (bytes <= MIN_CLASS) {
            return MIN_CLASS;
        }
        long pow = Long.highestOneBit(bytes - 1);
        long step = Math.max(pow / 4, ALIGNMENT);
        return (bytes + step - 1) / step * step;
    }

    @Override
    public synchronized Block allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation: " + bytes + " bytes");
        }
        long cls = sizeClass(Math.max(bytes, 1));
        ArrayDeque<Block> list = free.get(cls);
        Block cached = list == null ? null : list.pollFirst();
        MemorySegment base;
        Arena arena;
        if (cached != null) {
            cacheHits++;
            arena = (Arena) cached.handle();
            base = cached.segment().reinterpret(cls);
        } else {
            arena = Arena.ofShared();
            try {
                base = arena.allocate(cls, ALIGNMENT);
            } catch (OutOfMemoryError e) {
                arena.close();
                trimLocked();
                arena = Arena.ofShared();
                try {
                    base = arena.allocate(cls, ALIGNMENT);
                } catch (OutOfMemoryError again) {
                    arena.close();
                    OutOfMemoryError oom = new OutOfMemoryError("host allocation of " + bytes + " bytes (class " + cls
                            + ") failed; allocator holds " + bytesReserved + " bytes, " + bytesInUse + " in use");
                    oom.initCause(again);
                    throw oom;
                }
            }
            nativeAllocations++;
            bytesReserved += cls;
        }
        bytesInUse += cls;
        blocksInUse++;
        peakBytesInUse = Math.max(peakBytesInUse, bytesInUse);
        return new Block(base.asSlice(0, bytes), cls, arena);
    }

    @Override
    public synchronized void release(Block block) {
        bytesInUse -= block.capacity();
        blocksInUse--;
        free.computeIfAbsent(block.capacity(), k -> new ArrayDeque<>()).addFirst(block);
    }

    @Override
    public synchronized AllocatorStats stats() {
        return new AllocatorStats(nativeAllocations, nativeFrees, bytesReserved, bytesInUse, blocksInUse, cacheHits,
                peakBytesInUse);
    }

    @Override
    public synchronized void trim() {
        trimLocked();
    }

    private void trimLocked() {
        for (ArrayDeque<Block> list : free.values()) {
            for (Block b : list) {
                ((Arena) b.handle()).close();
                nativeFrees++;
                bytesReserved -= b.capacity();
            }
            list.clear();
        }
    }
}
