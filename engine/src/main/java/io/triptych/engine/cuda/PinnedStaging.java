package io.triptych.engine.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Host-device copies through page-locked memory. Any host segment works, including a Java array's
 * ({@code MemorySegment.ofArray}), which native code can never see: the bytes go through two pinned halves in
 * turn, so that filling (or draining) one half overlaps the DMA of the other, and each half is reused only after the
 * event recorded behind its last copy has passed. A copy to the device returns once the source has been read into
 * pinned memory (the caller may reuse it at once) and the device copy is enqueued; a copy to the host returns when
 * the bytes are there. Thread-safe: one copy at a time.
 */
public final class PinnedStaging implements AutoCloseable {
    /** What staging needs from the CUDA runtime; {@link CudaRuntime} on a GPU, host memory in tests. */
    interface Transport {
        /** Page-locked host memory of {@code bytes} bytes (cudaMallocHost). */
        MemorySegment allocatePinned(long bytes);

        void freePinned(MemorySegment buffer);

        /** Enqueues a copy of {@code bytes} from pinned {@code src} to device address {@code dst} on the stream. */
        void copyToDeviceAsync(long dst, MemorySegment src, long bytes);

        /** Enqueues a copy of {@code bytes} from device address {@code src} to pinned {@code dst} on the stream. */
        void copyToHostAsync(MemorySegment dst, long src, long bytes);

        /** Records fence {@code slot} (0 or 1) behind the work enqueued so far (cudaEventRecord). */
        void record(int slot);

        /** Waits until fence {@code slot} has passed; returns at once if it was never recorded. */
        void await(int slot);

        void close();
    }

    private final Transport transport;
    private final MemorySegment buffer;
    private final MemorySegment[] halves;
    private final long half;
    private boolean closed;

    /** Pins {@code bytes} (split in two halves) through {@code transport}. */
    PinnedStaging(Transport transport, long bytes) {
        if (bytes < 2 || bytes % 2 != 0) {
            throw new IllegalArgumentException("PinnedStaging: size must be even and >= 2, got " + bytes);
        }
        this.transport = transport;
        this.half = bytes / 2;
        this.buffer = transport.allocatePinned(bytes);
        this.halves = new MemorySegment[] {buffer.asSlice(0, half), buffer.asSlice(half, half)};
    }

    /** Copies {@code bytes} of host {@code src} (from offset 0) to device address {@code dst}, stream-ordered. */
    public synchronized void toDevice(MemorySegment src, long dst, long bytes) {
        check(src, bytes, "toDevice", "source");
        int slot = 0;
        for (long off = 0; off < bytes; off += half, slot ^= 1) {
            long n = Math.min(half, bytes - off);
            transport.await(slot);
            MemorySegment.copy(src, off, halves[slot], 0, n);
            transport.copyToDeviceAsync(dst + off, halves[slot], n);
            transport.record(slot);
        }
    }

    /**
     * Copies {@code bytes} from device address {@code src} into host {@code dst} (from offset 0) after the work
     * already enqueued on the stream, and returns when they have arrived.
     */
    public synchronized void toHost(long src, MemorySegment dst, long bytes) {
        check(dst, bytes, "toHost", "destination");
        long pendingOff = -1;
        long pendingLen = 0;
        int slot = 0;
        for (long off = 0; off < bytes; off += half, slot ^= 1) {
            long n = Math.min(half, bytes - off);
            transport.await(slot);
            transport.copyToHostAsync(halves[slot], src + off, n);
            transport.record(slot);
            if (pendingOff >= 0) {
                drain(slot ^ 1, dst, pendingOff, pendingLen);
            }
            pendingOff = off;
            pendingLen = n;
        }
        if (pendingOff >= 0) {
            drain(slot ^ 1, dst, pendingOff, pendingLen);
        }
    }

    private void drain(int slot, MemorySegment dst, long off, long n) {
        transport.await(slot);
        MemorySegment.copy(halves[slot], 0, dst, off, n);
    }

    private void check(MemorySegment host, long bytes, String call, String role) {
        if (closed) {
            throw new IllegalStateException("PinnedStaging." + call + ": the staging buffer was closed");
        }
        if (bytes < 0 || bytes > host.byteSize()) {
            throw new IllegalArgumentException("PinnedStaging." + call + ": " + bytes + " bytes do not fit the "
                    + role + " of " + host.byteSize() + " bytes");
        }
    }

    /** Waits for the copies in flight, then unpins the buffer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.await(0);
        transport.await(1);
        transport.freePinned(buffer);
        transport.close();
    }
}
