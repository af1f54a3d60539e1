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

/** {@code struct tri_library_info} of triptych.h, in jextract's shape. */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class tri_library_info {
    private tri_library_info() {
    }

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("abi_version"),
            JAVA_INT.withName("backend"),
            JAVA_INT.withName("max_threads"),
            JAVA_INT.withName("cpu_features"),
            JAVA_INT.withName("kernel_isa"),
            JAVA_INT.withName("device_count"),
            MemoryLayout.sequenceLayout(128, JAVA_BYTE).withName("build")).withName("tri_library_info");

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

    public static final long abi_version$OFFSET = LAYOUT.byteOffset(groupElement("abi_version"));

    public static int abi_version(MemorySegment struct) {
        return struct.get(JAVA_INT, abi_version$OFFSET);
    }

    public static void abi_version(MemorySegment struct, int value) {
        struct.set(JAVA_INT, abi_version$OFFSET, value);
    }

    public static final long backend$OFFSET = LAYOUT.byteOffset(groupElement("backend"));

    public static int backend(MemorySegment struct) {
        return struct.get(JAVA_INT, backend$OFFSET);
    }

    public static void backend(MemorySegment struct, int value) {
        struct.set(JAVA_INT, backend$OFFSET, value);
    }

    public static final long max_threads$OFFSET = LAYOUT.byteOffset(groupElement("max_threads"));

    public static int max_threads(MemorySegment struct) {
        return struct.get(JAVA_INT, max_threads$OFFSET);
    }

    public static void max_threads(MemorySegment struct, int value) {
        struct.set(JAVA_INT, max_threads$OFFSET, value);
    }

    public static final long cpu_features$OFFSET = LAYOUT.byteOffset(groupElement("cpu_features"));

    public static int cpu_features(MemorySegment struct) {
        return struct.get(JAVA_INT, cpu_features$OFFSET);
    }

    public static void cpu_features(MemorySegment struct, int value) {
        struct.set(JAVA_INT, cpu_features$OFFSET, value);
    }

    public static final long kernel_isa$OFFSET = LAYOUT.byteOffset(groupElement("kernel_isa"));

    public static int kernel_isa(MemorySegment struct) {
        return struct.get(JAVA_INT, kernel_isa$OFFSET);
    }

    public static void kernel_isa(MemorySegment struct, int value) {
        struct.set(JAVA_INT, kernel_isa$OFFSET, value);
    }

    public static final long device_count$OFFSET = LAYOUT.byteOffset(groupElement("device_count"));

    public static int device_count(MemorySegment struct) {
        return struct.get(JAVA_INT, device_count$OFFSET);
    }

    public static void device_count(MemorySegment struct, int value) {
        struct.set(JAVA_INT, device_count$OFFSET, value);
    }

    public static final long build$OFFSET = LAYOUT.byteOffset(groupElement("build"));
    public static final long build$LENGTH = LAYOUT.select(groupElement("build")).byteSize() / JAVA_BYTE.byteSize();

    public static MemorySegment build(MemorySegment struct) {
        return struct.asSlice(build$OFFSET, build$LENGTH * JAVA_BYTE.byteSize());
    }

    public static byte build(MemorySegment struct, long index) {
        return struct.get(JAVA_BYTE, build$OFFSET + index * JAVA_BYTE.byteSize());
    }

    public static void build(MemorySegment struct, long index, byte value) {
        struct.set(JAVA_BYTE, build$OFFSET + index * JAVA_BYTE.byteSize(), value);
    }
}
