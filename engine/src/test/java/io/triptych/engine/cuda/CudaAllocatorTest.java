package io.triptych.engine.cuda;

import io.triptych.engine.memory.AllocatorStats;
import io.triptych.engine.memory.Block;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caching allocator's bookkeeping, driven by a fake device of fixed capacity (no GPU needed). */
class CudaAllocatorTest {
    /** Device memory that is only counted: addresses are handed out from a counter, capacity is enforced. */
    static final class FakeDevice implements DeviceMemory {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        long used;
        long next = 1L << 32;
        int allocations;
        int frees;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                return 0;
            }
            long address = next;
            next += (bytes + 4095) / 4096 * 4096;
            live.put(address, bytes);
            used += bytes;
            allocations++;
            return address;
        }

        @Override
        public void free(long address, long bytes) {
            Long size = live.remove(address);
            assertEquals(bytes, size, "freed with the size it was allocated with");
            used -= bytes;
            frees++;
        }

        @Override
        public String describe() {
            return "fake device: " + used + " of " + capacity + " bytes used";
        }
    }

    @Test
    void sizeClassesAreFineAndAligned() {
        for (long bytes = 1; bytes < (1L << 34); bytes = bytes * 5 / 4 + 7) {
            long cls = CudaAllocator.sizeClass(bytes);
            assertTrue(cls >= bytes, bytes + " -> " + cls);
            assertTrue(cls <= Math.max(CudaAllocator.GRANULE, bytes * 1.125 + CudaAllocator.GRANULE), bytes + " -> " + cls);
            assertEquals(0, cls % CudaAllocator.GRANULE, "granular class for " + bytes);
        }
        assertEquals(512, CudaAllocator.sizeClass(1));
        assertEquals(4096, CudaAllocator.sizeClass(4096));
        assertEquals(4608, CudaAllocator.sizeClass(4097));
    }

    @Test
    void releasedBlocksAreReusedWithoutDeviceAllocation() {
        FakeDevice dev = new FakeDevice(1 << 30);
        CudaAllocator a = new CudaAllocator("cuda:0", dev);
        Block b1 = a.allocate(100_000);
        a.release(b1);
        Block b2 = a.allocate(99_000);
        assertEquals(b1.segment().address(), b2.segment().address());
        assertEquals(99_000, b2.segment().byteSize(), "the segment covers the request, not the class");
        assertEquals(1, dev.allocations);
        AllocatorStats s = a.stats();
        assertEquals(1, s.nativeAllocations());
        assertEquals(1, s.cacheHits());
        a.release(b2);
    }

    @Test
    void statisticsReturnToTheBaselineAfterReleaseAndTrim() {
        FakeDevice dev = new FakeDevice(1 << 30);
        CudaAllocator a = new CudaAllocator("cuda:0", dev);
        AllocatorStats baseline = a.stats();
        List<Block> blocks = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            blocks.add(a.allocate(i * 12_345L));
        }
        AllocatorStats busy = a.stats();
        assertEquals(20, busy.blocksInUse());
        assertEquals(busy.bytesReserved(), busy.bytesInUse());
        blocks.forEach(a::release);
        AllocatorStats idle = a.stats();
        assertEquals(0, idle.bytesInUse());
        assertEquals(0, idle.blocksInUse());
        assertEquals(busy.bytesReserved(), a.bytesCached(), "everything released is cached");
        a.trim();
        AllocatorStats trimmed = a.stats();
        assertEquals(baseline.bytesReserved(), trimmed.bytesReserved());
        assertEquals(baseline.bytesInUse(), trimmed.bytesInUse());
        assertEquals(trimmed.nativeAllocations(), trimmed.nativeFrees());
        assertEquals(0, dev.used);
        assertTrue(dev.live.isEmpty());
    }

    @Test
    void outOfMemoryNamesTheRequestAndThePoolAndLeavesTheAllocatorUsable() {
        FakeDevice dev = new FakeDevice(10 << 20);
        CudaAllocator a = new CudaAllocator("cuda:0", dev);
        Block held = a.allocate(6 << 20);
        AllocatorStats before = a.stats();
        CudaOutOfMemoryError e = assertThrows(CudaOutOfMemoryError.class, () -> a.allocate(5 << 20));
        String m = e.getMessage();
        assertTrue(m.contains("cuda:0"), m);
        assertTrue(m.contains("allocating " + (5 << 20) + " bytes"), m);
        assertTrue(m.contains(before.bytesInUse() + " in 1 live blocks"), m);
        assertTrue(m.contains("fake device: "), "the device's own state is named: " + m);
        assertEquals(5 << 20, e.requestedBytes());
        assertEquals(before, a.stats(), "a failed request changes nothing");
        a.release(held);
        Block retry = a.allocate(5 << 20);
        assertEquals(5 << 20, retry.segment().byteSize(), "the same request succeeds once memory is free");
        a.release(retry);
    }

    @Test
    void outOfMemoryReturnsTheCacheToTheDeviceAndRetries() {
        FakeDevice dev = new FakeDevice(10 << 20);
        CudaAllocator a = new CudaAllocator("cuda:0", dev);
        a.release(a.allocate(3 << 20));
        a.release(a.allocate(4 << 20));
        assertEquals(2, dev.allocations);
        Block big = a.allocate(8 << 20);
        assertEquals(2, a.stats().nativeFrees(), "both cached blocks went back to make room");
        assertEquals(0, a.bytesCached());
        assertEquals(a.stats().bytesReserved(), dev.used);
        a.release(big);
    }

    @Test
    void negativeRequestsAreRejected() {
        CudaAllocator a = new CudaAllocator("cuda:0", new FakeDevice(1 << 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.allocate(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void captureServesOnlyFromTheCacheAndKeepsItsBlocksUntilTheGraphCloses() {
        FakeDevice dev = new FakeDevice(1 << 30);
        CudaAllocator a = new CudaAllocator("cuda:0", dev);
        Block before = a.allocate(1 << 20);
        a.release(a.allocate(2 << 20));
        a.release(a.allocate(3 << 20));
        int deviceAllocations = dev.allocations;

        CudaAllocator.GraphPool pool = a.beginCapture();
        assertTrue(a.isCapturing());
        Block t1 = a.allocate(2 << 20);
        a.release(t1);
        Block t2 = a.allocate(2 << 20);
        assertEquals(t1.segment().address(), t2.segment().address(), "reuse inside one capture is stream-ordered");
        Block out = a.allocate(3 << 20);
        a.release(t2);
        a.release(before);
        IllegalStateException miss = assertThrows(IllegalStateException.class, () -> a.allocate(64 << 20));
        assertTrue(miss.getMessage().contains("during CUDA graph capture"), miss.getMessage());
        assertTrue(miss.getMessage().contains("before capture"), miss.getMessage());
        a.endCapture(pool);
        assertEquals(deviceAllocations, dev.allocations, "no device allocation during capture");

        long owned = CudaAllocator.sizeClass(1 << 20) + CudaAllocator.sizeClass(2 << 20) + CudaAllocator.sizeClass(3 << 20);
        assertEquals(owned, pool.bytesOwned(), "the graph owns what it touched, including a block released in it");
        assertEquals(0, a.bytesCached());
        Block after = a.allocate(2 << 20);
        assertNotEquals(t1.segment().address(), after.segment().address(), "a graph's block is not handed to others");
        a.release(after);
        assertEquals(CudaAllocator.sizeClass(1 << 20) + CudaAllocator.sizeClass(2 << 20), a.bytesInGraphPools(),
                "free blocks kept for the graph; its output is still in use");
        a.release(out);
        assertEquals(owned, a.bytesInGraphPools());

        a.closePool(pool);
        assertEquals(0, a.bytesInGraphPools());
        assertEquals(0, a.stats().bytesInUse());
        assertEquals(a.stats().bytesReserved(), a.bytesCached(), "the graph's blocks are back in the cache");
        a.trim();
        assertEquals(0, a.stats().bytesReserved());
        assertEquals(0, dev.used);
    }

    @Test
    void blocksStillLiveWhenTheGraphClosesReturnToTheCacheLater() {
        FakeDevice dev = new FakeDevice(1 << 30);
        CudaAllocator a = new CudaAllocator("cuda:0", dev);
        a.release(a.allocate(1 << 20));
        CudaAllocator.GraphPool pool = a.beginCapture();
        Block out = a.allocate(1 << 20);
        a.endCapture(pool);
        a.closePool(pool);
        a.release(out);
        assertEquals(a.stats().bytesReserved(), a.bytesCached());
        assertEquals(1, a.stats().nativeAllocations());
    }

    @Test
    void otherThreadsCannotAllocateDuringACapture() throws InterruptedException {
        CudaAllocator a = new CudaAllocator("cuda:0", new FakeDevice(1 << 30));
        a.release(a.allocate(4096));
        CudaAllocator.GraphPool pool = a.beginCapture();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                a.allocate(4096);
            } catch (Throwable e) {
                seen.set(e);
            }
        }, "intruder");
        t.start();
        t.join();
        a.endCapture(pool);
        a.closePool(pool);
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
        assertTrue(seen.get().getMessage().contains("intruder"), seen.get().getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> {
            CudaAllocator.GraphPool p = a.beginCapture();
            try {
                a.beginCapture();
            } finally {
                a.closePool(p);
            }
        });
        assertTrue(twice.getMessage().contains("already capturing"), twice.getMessage());
    }
}
