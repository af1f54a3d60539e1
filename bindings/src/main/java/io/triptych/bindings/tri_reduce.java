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

/** {@code struct tri_reduce} of triptych.h, in jextract's shape. */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class tri_reduce {
    private tri_reduce() {
    }

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("rank"),
            JAVA_INT.withName("reduce_mask"),
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("shape")).withName("tri_reduce");

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

    public static final long reduce_mask$OFFSET = LAYOUT.byteOffset(groupElement("reduce_mask"));

    public static int reduce_mask(MemorySegment struct) {
        return struct.get(JAVA_INT, reduce_mask$OFFSET);
    }

    public static void reduce_mask(MemorySegment struct, int value) {
        struct.set(JAVA_INT, reduce_mask$OFFSET, value);
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
}
