package io.triptych.engine;

import io.triptych.bindings.BackendUnavailableException;
import io.triptych.bindings.NativeLibrary;
import io.triptych.bindings.NativeLoader;
import io.triptych.bindings.tri_library_info;
import io.triptych.bindings.triptych_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The process-wide backends, created on first use. The CPU backend's thread count comes from the system property
 * {@code triptych.threads} or the environment variable {@code TRIPTYCH_THREADS} (default: all cores).
 */
public final class Backends {
    private static CpuBackend cpu;

    private Backends() {
    }

    public static synchronized CpuBackend cpu() {
        if (cpu == null) {
            cpu = new CpuBackend(configuredThreads());
        }
        return cpu;
    }

    /** The backend for {@code device}; BackendUnavailableException saying why when it cannot be used. */
    public static Backend get(Device device) {
        if (device.kind() == Device.Kind.CPU) {
            return cpu();
        }
        throw new BackendUnavailableException("cuda:" + device.index(), cudaUnavailableReason(), List.of());
    }

    /** Why CUDA cannot be used in this process (the CUDA backend is not part of this build yet). */
    public static String cudaUnavailableReason() {
        try {
            triptych_h k = NativeLoader.kernels(NativeLibrary.TRIPTYCH_CUDA);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment info = tri_library_info.allocate(arena);
                k.check(k.tri_library_query(info), "tri_library_query");
                int devices = tri_library_info.device_count(info);
                if (devices == 0) {
                    return "libtriptych_cuda.so loaded from " + k.library() + " but no CUDA device is visible "
                            + "(no NVIDIA driver or GPU)";
                }
                return devices + " CUDA device(s) visible, but the CUDA engine backend is not implemented yet";
            }
        } catch (BackendUnavailableException e) {
            return e.getMessage().lines().findFirst().orElse("libtriptych_cuda.so is unavailable");
        }
    }

    static int configuredThreads() {
        String v = System.getProperty("triptych.threads");
        if (v == null || v.isBlank()) {
            v = System.getenv("TRIPTYCH_THREADS");
        }
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            int t = Integer.parseInt(v.trim());
            if (t < 0) {
                throw new NumberFormatException();
            }
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("triptych.threads / TRIPTYCH_THREADS must be a non-negative integer, got '"
                    + v + "'");
        }
    }
}
