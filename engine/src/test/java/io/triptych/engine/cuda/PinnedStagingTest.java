package io.triptych.engine.cuda;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chunked, double-buffered staging against a fake stream that runs a copy only when a fence behind it is awaited,
 * as a real DMA may: staging that read or reused a half too early would see stale bytes here.
 */
class PinnedStagingTest {
    /** "Device" memory is a host segment; device addresses are offsets into it. */
    private static final class LazyStream implements PinnedStaging.Transport {
        final Arena arena = Arena.ofShared();
        final MemorySegment device;
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        final int[] fence = {-1, -1};
        int executed;
        int copies;
        boolean freed;
        boolean closed;

        LazyStream(long deviceBytes) {
            device = arena.allocate(deviceBytes);
        }

        @Override
        public MemorySegment allocatePinned(long bytes) {
            return arena.allocate(bytes, 64);
        }

        @Override
        public void freePinned(MemorySegment buffer) {
            freed = true;
        }

        @Override
        public void copyToDeviceAsync(long dst, MemorySegment src, long bytes) {
            copies++;
            queue.add(() -> MemorySegment.copy(src, 0, device, dst, bytes));
        }

        @Override
        public void copyToHostAsync(MemorySegment dst, long src, long bytes) {
            copies++;
            queue.add(() -> MemorySegment.copy(device, src, dst, 0, bytes));
        }

        @Override
        public void record(int slot) {
            fence[slot] = executed + queue.size();
        }

        @Override
        public void await(int slot) {
            while (executed < fence[slot]) {
                queue.poll().run();
                executed++;
            }
        }

        void drainAll() {
            while (!queue.isEmpty()) {
                queue.poll().run();
                executed++;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void heapArraysRoundTripThroughFewerPinnedBytesThanTheyHold() {
        LazyStream s = new LazyStream(1 << 20);
        try (PinnedStaging staging = new PinnedStaging(s, 4096)) {
            float[] data = new float[10_001];
            Random r = new Random(3);
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextFloat();
            }
            long bytes = data.length * 4L;
            long at = 1024;
            staging.toDevice(MemorySegment.ofArray(data), at, bytes);
            assertEquals((bytes + 2047) / 2048, s.copies, "2 KiB per DMA");
            float[] original = data.clone();
            Arrays.fill(data, -1f);
            s.drainAll();
            float[] back = new float[data.length];
            staging.toHost(at, MemorySegment.ofArray(back), bytes);
            assertArrayEquals(original, back, "the source was read before toDevice returned; reusing it is safe");
        }
        assertTrue(s.freed && s.closed);
    }

    @Test
    void copiesToTheHostWaitForTheWorkBeforeThem() {
        LazyStream s = new LazyStream(1 << 16);
        try (PinnedStaging staging = new PinnedStaging(s, 256)) {
            byte[] src = new byte[1000];
            for (int i = 0; i < src.length; i++) {
                src[i] = (byte) (i * 7 + 1);
            }
            staging.toDevice(MemorySegment.ofArray(src), 0, src.length);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment dst = a.allocate(src.length);
                staging.toHost(0, dst, src.length);
                assertArrayEquals(src, dst.toArray(ValueLayout.JAVA_BYTE), "nothing pending was skipped");
            }
        }
    }

    @Test
    void emptyAndOversizedCopies() {
        LazyStream s = new LazyStream(1 << 16);
        try (PinnedStaging staging = new PinnedStaging(s, 256)) {
            staging.toDevice(MemorySegment.ofArray(new byte[0]), 0, 0);
            staging.toHost(0, MemorySegment.ofArray(new byte[0]), 0);
            assertEquals(0, s.copies);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> staging.toDevice(MemorySegment.ofArray(new byte[10]), 0, 11));
            assertTrue(e.getMessage().contains("11 bytes"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new PinnedStaging(s, 3));
    }
}
