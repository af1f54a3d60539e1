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

/** {@code struct tri_broadcast} of triptych.h, in jextract's shape. */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class tri_broadcast {
    private tri_broadcast() {
    }

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("rank"),
            JAVA_INT.withName("reserved"),
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("shape"),
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("a_stride"),
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("b_stride")).withName("tri_broadcast");

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

    public static final long rank$OFFSET = LAYOUT.byteOffset(groupElement("rank"));

    public static int rank(MemorySegment struct) {
        return struct.get(JAVA_INT, rank$OFFSET);
    }

    public static void rank(MemorySegment struct, int value) {
        struct.set(JAVA_INT, rank$OFFSET, value);
    }

    public static final long reserved$OFFSET = LAYOUT.byteOffset(groupElement("reserved"));

    public static int reserved(MemorySegment struct) {
        return struct.get(JAVA_INT, reserved$OFFSET);
    }

    public static void reserved(MemorySegment struct, int value) {
        struct.set(JAVA_INT, reserved$OFFSET, value);
    }

    public static final long shape$OFFSET = LAYOUT.byteOffset(groupElement("shape"));
    public static final long shape$LENGTH = LAYOUT.select(groupElement("shape")).byteSize() / JAVA_LONG.byteSize();

    public static MemorySegment shape(MemorySegment struct) {
        return struct.asSlice(shape$OFFSET, shape$LENGTH * JAVA_LONG.byteSize());
    }

    public static long shape(MemorySegment struct, long index) {
        return struct.get(JAVA_LONG, shape$OFFSET + index * JAVA_LONG.byteSize());
    }

    public static void shape(MemorySegment struct, long index, long value) {
        struct.set(JAVA_LONG, shape$OFFSET + index * JAVA_LONG.byteSize(), value);
    }

    public static final long a_stride$OFFSET = LAYOUT.byteOffset(groupElement("a_stride"));
    public static final long a_stride$LENGTH = LAYOUT.select(groupElement("a_stride")).byteSize() / JAVA_LONG.byteSize();

    public static MemorySegment a_stride(MemorySegment struct) {
        return struct.asSlice(a_stride$OFFSET, a_stride$LENGTH * JAVA_LONG.byteSize());
    }

    public static long a_stride(MemorySegment struct, long index) {
        return struct.get(JAVA_LONG, a_stride$OFFSET + index * JAVA_LONG.byteSize());
    }

    public static void a_stride(MemorySegment struct, long index, long value) {
        struct.set(JAVA_LONG, a_stride$OFFSET + index * JAVA_LONG.byteSize(), value);
    }

    public static final long b_stride$OFFSET = LAYOUT.byteOffset(groupElement("b_stride"));
    public static final long b_stride$LENGTH = LAYOUT.select(groupElement("b_stride")).byteSize() / JAVA_LONG.byteSize();

    public static MemorySegment b_stride(MemorySegment struct) {
        return struct.asSlice(b_stride$OFFSET, b_stride$LENGTH * JAVA_LONG.byteSize());
    }

    public static long b_stride(MemorySegment struct, long index) {
        return struct.get(JAVA_LONG, b_stride$OFFSET + index * JAVA_LONG.byteSize());
    }

    public static void b_stride(MemorySegment struct, long index, long value) {
        struct.set(JAVA_LONG, b_stride$OFFSET + index * JAVA_LONG.byteSize(), value);
    }
}
