package io.triptych.engine;

import io.triptych.bindings.BackendUnavailableException;

/** Where a tensor lives: the CPU, or one CUDA GPU. Mixing devices in one op is an error, never a silent copy. */
public record Device(Kind kind, int index) {
    public enum Kind { CPU, CUDA }

    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("device kind is null");
        }
        if (index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new IllegalArgumentException("bad device index " + index + " for " + kind);
        }
    }

    private static final Device CPU = new Device(Kind.CPU, 0);

    public static Device cpu() {
        return CPU;
    }

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** CUDA device 0 when its backend is usable, else the CPU. */
    public static Device best() {
        Device gpu = cuda(0);
        try {
            Backends.get(gpu);
            return gpu;
        } catch (BackendUnavailableException e) {
            return CPU;
        }
    }

    /** Parses "cpu", "cuda" or "cuda:N". */
    public static Device parse(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad device '" + s + "': expected cpu, cuda or cuda:N");
            }
        }
        throw new IllegalArgumentException("bad device '" + s + "': expected cpu, cuda or cuda:N");
    }

    /** The backend serving this device; BackendUnavailableException when it cannot be used here. */
    public Backend backend() {
        return Backends.get(this);
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
