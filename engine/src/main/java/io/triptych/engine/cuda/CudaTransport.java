package io.triptych.engine.cuda;

import io.triptych.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@link PinnedStaging}'s copies on a CUDA stream: cudaMallocHost memory, cudaMemcpyAsync, one event per half. */
final class CudaTransport implements PinnedStaging.Transport {
    private final cuda_runtime_h rt;
    private final MemorySegment stream;
    private final MemorySegment[] fences;

    CudaTransport(cuda_runtime_h rt, MemorySegment stream) {
        this.rt = rt;
        this.stream = stream;
        MemorySegment first = CudaEvents.create(rt);
        try {
            this.fences = new MemorySegment[] {first, CudaEvents.create(rt)};
        } catch (RuntimeException e) {
            rt.cudaEventDestroy(first);
            throw e;
        }
    }

    @Override
    @SuppressWarnings("restricted") // cudaMallocHost returned exactly this many bytes of host memory
    public MemorySegment allocatePinned(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            rt.check(rt.cudaMallocHost(out, bytes), "cudaMallocHost", "bytes", bytes);
            return out.get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
        }
    }

    @Override
    public void freePinned(MemorySegment buffer) {
        rt.check(rt.cudaFreeHost(buffer), "cudaFreeHost");
    }

    @Override
    public void copyToDeviceAsync(long dst, MemorySegment src, long bytes) {
        rt.check(rt.cudaMemcpyAsync(MemorySegment.ofAddress(dst), src, bytes, cuda_runtime_h.cudaMemcpyHostToDevice,
                stream), "cudaMemcpyAsync", "kind", "host to device", "bytes", bytes);
    }

    @Override
    public void copyToHostAsync(MemorySegment dst, long src, long bytes) {
        rt.check(rt.cudaMemcpyAsync(dst, MemorySegment.ofAddress(src), bytes, cuda_runtime_h.cudaMemcpyDeviceToHost,
                stream), "cudaMemcpyAsync", "kind", "device to host", "bytes", bytes);
    }

    @Override
    public void record(int slot) {
        rt.check(rt.cudaEventRecord(fences[slot], stream), "cudaEventRecord");
    }

    @Override
    public void await(int slot) {
        rt.check(rt.cudaEventSynchronize(fences[slot]), "cudaEventSynchronize");
    }

    @Override
    public void close() {
        rt.check(rt.cudaEventDestroy(fences[0]), "cudaEventDestroy");
        rt.check(rt.cudaEventDestroy(fences[1]), "cudaEventDestroy");
    }
}
