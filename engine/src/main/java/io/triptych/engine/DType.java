package io.triptych.engine;

/** Element types. Kernels compute in F32; I32 holds indices and labels, I64 counters such as BatchNorm's. */
public enum DType {
    F32(4, "F32"),
    I32(4, "I32"),
    I64(8, "I64");

    private final int byteSize;
    private final String safetensorsName;

    DType(int byteSize, String safetensorsName) {
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
    }

    public int byteSize() {
        return byteSize;
    }

    /** The dtype's name in the safetensors header. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The dtype for a safetensors header name, or an IllegalArgumentException naming the unsupported type. */
    public static DType fromSafetensors(String name) {
        for (DType d : values()) {
            if (d.safetensorsName.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported safetensors dtype '" + name + "' (Triptych reads F32, I32, I64)");
    }
}
