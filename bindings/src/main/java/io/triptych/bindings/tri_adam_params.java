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

/** {@code struct tri_adam_params} of triptych.h, in jextract's shape. */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class tri_adam_params {
    private tri_adam_params() {
    }

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_FLOAT.withName("lr"),
            JAVA_FLOAT.withName("beta1"),
            JAVA_FLOAT.withName("beta2"),
            JAVA_FLOAT.withName("eps"),
            JAVA_FLOAT.withName("weight_decay"),
            JAVA_INT.withName("decoupled"),
            JAVA_LONG.withName("step")).withName("tri_adam_params");

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

    public static final long lr$OFFSET = LAYOUT.byteOffset(groupElement("lr"));

    public static float lr(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, lr$OFFSET);
    }

    public static void lr(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, lr$OFFSET, value);
    }

    public static final long beta1$OFFSET = LAYOUT.byteOffset(groupElement("beta1"));

    public static float beta1(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, beta1$OFFSET);
    }

    public static void beta1(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, beta1$OFFSET, value);
    }

    public static final long beta2$OFFSET = LAYOUT.byteOffset(groupElement("beta2"));

    public static float beta2(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, beta2$OFFSET);
    }

    public static void beta2(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, beta2$OFFSET, value);
    }

    public static final long eps$OFFSET = LAYOUT.byteOffset(groupElement("eps"));

    public static float eps(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, eps$OFFSET);
    }

    public static void eps(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, eps$OFFSET, value);
    }

    public static final long weight_decay$OFFSET = LAYOUT.byteOffset(groupElement("weight_decay"));

    public static float weight_decay(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, weight_decay$OFFSET);
    }

    public static void weight_decay(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, weight_decay$OFFSET, value);
    }

    public static final long decoupled$OFFSET = LAYOUT.byteOffset(groupElement("decoupled"));

    public static int decoupled(MemorySegment struct) {
        return struct.get(JAVA_INT, decoupled$OFFSET);
    }

    public static void decoupled(MemorySegment struct, int value) {
        struct.set(JAVA_INT, decoupled$OFFSET, value);
    }

    public static final long step$OFFSET = LAYOUT.byteOffset(groupElement("step"));

    public static long step(MemorySegment struct) {
        return struct.get(JAVA_LONG, step$OFFSET);
    }

    public static void step(MemorySegment struct, long value) {
        struct.set(JAVA_LONG, step$OFFSET, value);
    }
}
