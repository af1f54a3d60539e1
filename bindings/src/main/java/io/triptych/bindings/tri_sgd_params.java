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

/** {@code struct tri_sgd_params} of triptych.h, in jextract's shape. */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class tri_sgd_params {
    private tri_sgd_params() {
    }

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_FLOAT.withName("lr"),
            JAVA_FLOAT.withName("momentum"),
            JAVA_FLOAT.withName("dampening"),
            JAVA_FLOAT.withName("weight_decay"),
            JAVA_INT.withName("nesterov"),
            JAVA_INT.withName("first_step")).withName("tri_sgd_params");

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

    public static final long momentum$OFFSET = LAYOUT.byteOffset(groupElement("momentum"));

    public static float momentum(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, momentum$OFFSET);
    }

    public static void momentum(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, momentum$OFFSET, value);
    }

    public static final long dampening$OFFSET = LAYOUT.byteOffset(groupElement("dampening"));

    public static float dampening(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, dampening$OFFSET);
    }

    public static void dampening(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, dampening$OFFSET, value);
    }

    public static final long weight_decay$OFFSET = LAYOUT.byteOffset(groupElement("weight_decay"));

    public static float weight_decay(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, weight_decay$OFFSET);
    }

    public static void weight_decay(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, weight_decay$OFFSET, value);
    }

    public static final long nesterov$OFFSET = LAYOUT.byteOffset(groupElement("nesterov"));

    public static int nesterov(MemorySegment struct) {
        return struct.get(JAVA_INT, nesterov$OFFSET);
    }

    public static void nesterov(MemorySegment struct, int value) {
        struct.set(JAVA_INT, nesterov$OFFSET, value);
    }

    public static final long first_step$OFFSET = LAYOUT.byteOffset(groupElement("first_step"));

    public static int first_step(MemorySegment struct) {
        return struct.get(JAVA_INT, first_step$OFFSET);
    }

    public static void first_step(MemorySegment struct, int value) {
        struct.set(JAVA_INT, first_step$OFFSET, value);
    }
}
