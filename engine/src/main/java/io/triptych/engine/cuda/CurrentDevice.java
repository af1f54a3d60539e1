package io.triptych.engine.cuda;

import io.triptych.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Makes one GPU the calling thread's current device. CUDA keeps the current device per host thread, and a JVM service
 * calls a backend from many threads, each of which starts on device 0; event creation, memory queries and the cuBLAS
 * and cuDNN handles act on the current device, so the backend calls {@link #use()} before them. (The kernel library
 * does the same for its own calls.)
 */
final class CurrentDevice {
    private final cuda_runtime_h rt;
    private final int device;

    CurrentDevice(cuda_runtime_h rt, int device) {
        this.rt = rt;
        this.device = device;
    }

    int index() {
        return device;
    }

    void use() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment current = arena.allocate(ValueLayout.JAVA_INT);
            rt.check(rt.cudaGetDevice(current), "cudaGetDevice");
            if (current.get(ValueLayout.JAVA_INT, 0) != device) {
                rt.check(rt.cudaSetDevice(device), "cudaSetDevice", "device", device);
            }
        }
    }
}
