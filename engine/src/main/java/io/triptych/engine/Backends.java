package io.triptych.engine;

import io.triptych.bindings.BackendUnavailableException;
import io.triptych.engine.cuda.CudaBackend;

import java.util.HashMap;
import java.util.Map;

/**
 * The process-wide backends, created on first use. The CPU backend's thread count comes from the system property
 * {@code triptych.threads} or the environment variable {@code TRIPTYCH_THREADS} (default: all cores); a CUDA device
 * gets a {@link CudaBackend} when it can be used.
 */
public final class Backends {
    private static CpuBackend cpu;
    private static final Map<Integer, CudaBackend> CUDA = new HashMap<>();
    private static final Map<Integer, BackendUnavailableException> CUDA_FAILED = new HashMap<>();

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
        return cuda(device.index());
    }

    /**
     * The backend of CUDA device {@code index}, opened on first use. A failure to open is remembered: the same
     * BackendUnavailableException (naming the device and why: no kernel library, no runtime, no driver, no GPU) is
     * thrown on every later call, so that probing, e.g. by {@link Device#best()}, stays cheap.
     */
    public static synchronized CudaBackend cuda(int index) {
        CudaBackend be = CUDA.get(index);
        if (be != null) {
            return be;
        }
        BackendUnavailableException failed = CUDA_FAILED.get(index);
        if (failed != null) {
            throw failed;
        }
        try {
            be = CudaBackend.open(index);
        } catch (BackendUnavailableException e) {
            CUDA_FAILED.put(index, e);
            throw e;
        }
        CUDA.put(index, be);
        return be;
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
