package io.triptych.bindings;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct tri_step_coefs} of triptych.h, in jextract's shape. */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class tri_step_coefs {
    private tri_step_coefs() {
    }

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_FLOAT.withName("x0_from_x"),
            JAVA_FLOAT.withName("x0_from_model"),
            JAVA_FLOAT.withName("clip"),
            JAVA_FLOAT.withName("eps_from_x"),
            JAVA_FLOAT.withName("eps_from_x0"),
            JAVA_FLOAT.withName("out_x"),
            JAVA_FLOAT.withName("out_x0"),
            JAVA_FLOAT.withName("out_eps"),
            JAVA_FLOAT.withName("out_prev_x0"),
            JAVA_FLOAT.withName("out_noise"),
            JAVA_LONG.withName("seed"),
            JAVA_LONG.withName("offset")).withName("tri_step_coefs");

    /** The struct's layout; its byte size and field offsets match the C compiler's. */
    public static GroupLayout $LAYOUT() {
        return LAYOUT;
    }

    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(LAYOUT);
    }

    public static final long x0_from_x$OFFSET = LAYOUT.byteOffset(groupElement("x0_from_x"));

    public static float x0_from_x(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, x0_from_x$OFFSET);
    }

    public static void x0_from_x(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, x0_from_x$OFFSET, value);
    }

    public static final long x0_from_model$OFFSET = LAYOUT.byteOffset(groupElement("x0_from_model"));

    public static float x0_from_model(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, x0_from_model$OFFSET);
    }

    public static void x0_from_model(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, x0_from_model$OFFSET, value);
    }

    public static final long clip$OFFSET = LAYOUT.byteOffset(groupElement("clip"));

    public static float clip(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, clip$OFFSET);
    }

    public static void clip(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, clip$OFFSET, value);
    }

    public static final long eps_from_x$OFFSET = LAYOUT.byteOffset(groupElement("eps_from_x"));

    public static float eps_from_x(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, eps_from_x$OFFSET);
    }

    public static void eps_from_x(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, eps_from_x$OFFSET, value);
    }

    public static final long eps_from_x0$OFFSET = LAYOUT.byteOffset(groupElement("eps_from_x0"));

    public static float eps_from_x0(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, eps_from_x0$OFFSET);
    }

    public static void eps_from_x0(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, eps_from_x0$OFFSET, value);
    }

    public static final long out_x$OFFSET = LAYOUT.byteOffset(groupElement("out_x"));

    public static float out_x(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, out_x$OFFSET);
    }

    public static void out_x(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, out_x$OFFSET, value);
    }

    public static final long out_x0$OFFSET = LAYOUT.byteOffset(groupElement("out_x0"));

    public static float out_x0(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, out_x0$OFFSET);
    }

    public static void out_x0(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, out_x0$OFFSET, value);
    }

    public static final long out_eps$OFFSET = LAYOUT.byteOffset(groupElement("out_eps"));

    public static float out_eps(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, out_eps$OFFSET);
    }

    public static void out_eps(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, out_eps$OFFSET, value);
    }

    public static final long out_prev_x0$OFFSET = LAYOUT.byteOffset(groupElement("out_prev_x0"));

    public static float out_prev_x0(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, out_prev_x0$OFFSET);
    }

    public static void out_prev_x0(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, out_prev_x0$OFFSET, value);
    }

    public static final long out_noise$OFFSET = LAYOUT.byteOffset(groupElement("out_noise"));

    public static float out_noise(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, out_noise$OFFSET);
    }

    public static void out_noise(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, out_noise$OFFSET, value);
    }

    public static final long seed$OFFSET = LAYOUT.byteOffset(groupElement("seed"));

    public static long seed(MemorySegment struct) {
        return struct.get(JAVA_LONG, seed$OFFSET);
    }

    public static void seed(MemorySegment struct, long value) {
        struct.set(JAVA_LONG, seed$OFFSET, value);
    }

    public static final long offset$OFFSET = LAYOUT.byteOffset(groupElement("offset"));

    public static long offset(MemorySegment struct) {
        return struct.get(JAVA_LONG, offset$OFFSET);
    }

    public static void offset(MemorySegment struct, long value) {
        struct.set(JAVA_LONG, offset$OFFSET, value);
    }
}
