package io.triptych.engine;

import io.triptych.bindings.triptych_h;

import java.util.ArrayList;
import java.util.List;

/** Names of the TRI_CPU_* feature bits. */
public final class CpuFeatures {
    private CpuFeatures() {
    }

    public static String names(int bits) {
        List<String> names = new ArrayList<>();
        if ((bits & triptych_h.TRI_CPU_SSE42) != 0) {
            names.add("SSE4.2");
        }
        if ((bits & triptych_h.TRI_CPU_AVX) != 0) {
            names.add("AVX");
        }
        if ((bits & triptych_h.TRI_CPU_AVX2) != 0) {
            names.add("AVX2");
        }
        if ((bits & triptych_h.TRI_CPU_FMA) != 0) {
            names.add("FMA");
        }
        if ((bits & triptych_h.TRI_CPU_F16C) != 0) {
            names.add("F16C");
        }
        if ((bits & triptych_h.TRI_CPU_AVX512F) != 0) {
            names.add("AVX-512F");
        }
        return names.isEmpty() ? "baseline x86-64" : String.join("+", names);
    }
}
