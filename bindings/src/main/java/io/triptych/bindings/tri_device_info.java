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

/** {@code struct tri_device_info} of triptych.h, in jextract's shape. */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class tri_device_info {
    private tri_device_info() {
    }

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(256, JAVA_BYTE).withName("name"),
            JAVA_LONG.withName("total_memory"),
            JAVA_INT.withName("compute_major"),
            JAVA_INT.withName("compute_minor"),
            JAVA_INT.withName("multiprocessors"),
            JAVA_INT.withName("driver_version"),
            JAVA_INT.withName("runtime_version"),
            JAVA_INT.withName("reserved")).withName("tri_device_info");

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

    public static final long name$OFFSET = LAYOUT.byteOffset(groupElement("name"));
    public static final long name$LENGTH = LAYOUT.select(groupElement("name")).byteSize() / JAVA_BYTE.byteSize();

    public static MemorySegment name(MemorySegment struct) {
        return struct.asSlice(name$OFFSET, name$LENGTH * JAVA_BYTE.byteSize());
    }

    public static byte name(MemorySegment struct, long index) {
        return struct.get(JAVA_BYTE, name$OFFSET + index * JAVA_BYTE.byteSize());
    }

    public static void name(MemorySegment struct, long index, byte value) {
        struct.set(JAVA_BYTE, name$OFFSET + index * JAVA_BYTE.byteSize(), value);
    }

    public static final long total_memory$OFFSET = LAYOUT.byteOffset(groupElement("total_memory"));

    public static long total_memory(MemorySegment struct) {
        return struct.get(JAVA_LONG, total_memory$OFFSET);
    }

    public static void total_memory(MemorySegment struct, long value) {
        struct.set(JAVA_LONG, total_memory$OFFSET, value);
    }

    public static final long compute_major$OFFSET = LAYOUT.byteOffset(groupElement("compute_major"));

    public static int compute_major(MemorySegment struct) {
        return struct.get(JAVA_INT, compute_major$OFFSET);
    }

    public static void compute_major(MemorySegment struct, int value) {
        struct.set(JAVA_INT, compute_major$OFFSET, value);
    }

    public static final long compute_minor$OFFSET = LAYOUT.byteOffset(groupElement("compute_minor"));

    public static int compute_minor(MemorySegment struct) {
        return struct.get(JAVA_INT, compute_minor$OFFSET);
    }

    public static void compute_minor(MemorySegment struct, int value) {
        struct.set(JAVA_INT, compute_minor$OFFSET, value);
    }

    public static final long multiprocessors$OFFSET = LAYOUT.byteOffset(groupElement("multiprocessors"));

    public static int multiprocessors(MemorySegment struct) {
        return struct.get(JAVA_INT, multiprocessors$OFFSET);
    }

    public static void multiprocessors(MemorySegment struct, int value) {
        struct.set(JAVA_INT, multiprocessors$OFFSET, value);
    }

    public static final long driver_version$OFFSET = LAYOUT.byteOffset(groupElement("driver_version"));

    public static int driver_version(MemorySegment struct) {
        return struct.get(JAVA_INT, driver_version$OFFSET);
    }

    public static void driver_version(MemorySegment struct, int value) {
        struct.set(JAVA_INT, driver_version$OFFSET, value);
    }

    public static final long runtime_version$OFFSET = LAYOUT.byteOffset(groupElement("runtime_version"));

    public static int runtime_version(MemorySegment struct) {
        return struct.get(JAVA_INT, runtime_version$OFFSET);
    }

    public static void runtime_version(MemorySegment struct, int value) {
        struct.set(JAVA_INT, runtime_version$OFFSET, value);
    }

    public static final long reserved$OFFSET = LAYOUT.byteOffset(groupElement("reserved"));

    public static int reserved(MemorySegment struct) {
        return struct.get(JAVA_INT, reserved$OFFSET);
    }

    public static void reserved(MemorySegment struct, int value) {
        struct.set(JAVA_INT, reserved$OFFSET, value);
    }
}
