package io.triptych.engine.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuCachingAllocatorTest {
    @Test
    void sizeClassesWasteAtMostAQuarter() {
        for (long bytes = 1; bytes < (1 << 22); bytes = bytes * 3 / 2 + 1) {
            long cls = CpuCachingAllocator.sizeClass(bytes);
            assertTrue(cls >= bytes, bytes + " -> " + cls);
            assertTrue(cls <= Math.max(256, bytes * 1.25 + 64), bytes + " -> " + cls);
            assertEquals(0, cls % 64, "aligned class for " + bytes);
        }
    }

    @Test
    void releasedBlocksAreReusedWithoutSystemAllocation() {
        CpuCachingAllocator a = new CpuCachingAllocator();
        Block b1 = a.allocate(1000);
        a.release(b1);
        Block b2 = a.allocate(900);
        AllocatorStats s = a.stats();
        assertEquals(1, s.nativeAllocations());
        assertEquals(1, s.cacheHits());
        assertEquals(b1.segment().address(), b2.segment().address());
        assertEquals(900, b2.segment().byteSize());
        a.release(b2);
        assertEquals(0, a.stats().bytesInUse());
    }

    @Test
    void trimGivesCachedBlocksBack() {
        CpuCachingAllocator a = new CpuCachingAllocator();
        a.release(a.allocate(1 << 20));
        assertTrue(a.stats().bytesReserved() > 0);
        a.trim();
        AllocatorStats s = a.stats();
        assertEquals(0, s.bytesReserved());
        assertEquals(1, s.nativeFrees());
    }

    @Test
    void blocksAreSixtyFourByteAligned() {
        CpuCachingAllocator a = new CpuCachingAllocator();
        for (int i = 1; i < 5000; i += 123) {
            assertEquals(0, a.allocate(i).segment().address() % 64);
        }
    }
}
