package io.triptych.engine.cuda;

import io.triptych.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Device memory from the device's default pool, stream-ordered on one stream: cudaMallocAsync / cudaFreeAsync. The
 * pool keeps what is freed until the next synchronisation (release threshold 0); the caching in front of it is
 * {@link CudaAllocator}'s.
 */
final class StreamOrderedMemory implements DeviceMemory {
    private final cuda_runtime_h rt;
    private final MemorySegment stream;
    private final MemorySegment pool;
    private final CurrentDevice current;
    private final int device;

    StreamOrderedMemory(cuda_runtime_h rt, MemorySegment stream, CurrentDevice current) {
        this.rt = rt;
        this.stream = stream;
        this.current = current;
        this.device = current.index();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            rt.check(rt.cudaDeviceGetDefaultMemPool(out, device), "cudaDeviceGetDefaultMemPool", "device", device);
            this.pool = out.get(ValueLayout.ADDRESS, 0);
        }
    }

    /** The allocation comes from the pool of the stream's device, whatever the thread's current device is. */
    @Override
    public long allocate(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            int status = mallocAsync(out, bytes);
            if (status == cuda_runtime_h.cudaErrorMemoryAllocation) {
                // Frees still queued on the stream count only once it reaches them: wait for them, then retry once.
                rt.check(rt.cudaStreamSynchronize(stream), "cudaStreamSynchronize", "device", device);
                status = mallocAsync(out, bytes);
                if (status == cuda_runtime_h.cudaErrorMemoryAllocation) {
                    return 0;
                }
            }
            rt.check(status, "cudaMallocAsync", "bytes", bytes, "device", device);
            return out.get(ValueLayout.ADDRESS, 0).address();
        }
    }

    /**
     * cudaMallocAsync; a failure for lack of memory is also the thread's last error, which the next kernel launch
     * would report as its own, so it is cleared here.
     */
    private int mallocAsync(MemorySegment out, long bytes) {
        int status = rt.cudaMallocAsync(out, bytes, stream);
        if (status == cuda_runtime_h.cudaErrorMemoryAllocation) {
            rt.cudaGetLastError();
        }
        return status;
    }

    @Override
    public void free(long address, long bytes) {
        rt.check(rt.cudaFreeAsync(MemorySegment.ofAddress(address), stream), "cudaFreeAsync", "bytes", bytes,
                "device", device);
    }

    private long[] memInfo(Arena arena) {
        MemorySegment free = arena.allocate(ValueLayout.JAVA_LONG);
        MemorySegment total = arena.allocate(ValueLayout.JAVA_LONG);
        rt.check(rt.cudaMemGetInfo(free, total), "cudaMemGetInfo", "device", device);
        return new long[] {free.get(ValueLayout.JAVA_LONG, 0), total.get(ValueLayout.JAVA_LONG, 0)};
    }

    private long poolAttribute(Arena arena, int attribute) {
        MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
        rt.check(rt.cudaMemPoolGetAttribute(pool, attribute, value), "cudaMemPoolGetAttribute", "attribute",
                attribute, "device", device);
        return value.get(ValueLayout.JAVA_LONG, 0);
    }

    @Override
    public String describe() {
        current.use();
        try (Arena arena = Arena.ofConfined()) {
            long[] info = memInfo(arena);
            return "cuda:" + device + " pool reserves " + Bytes.str(poolAttribute(arena,
                    cuda_runtime_h.cudaMemPoolAttrReservedMemCurrent)) + " (" + Bytes.str(poolAttribute(arena,
                    cuda_runtime_h.cudaMemPoolAttrUsedMemCurrent)) + " used, peak " + Bytes.str(poolAttribute(arena,
                    cuda_runtime_h.cudaMemPoolAttrReservedMemHigh)) + "); " + Bytes.str(info[0]) + " free of "
                    + Bytes.str(info[1]);
        }
    }
}
