package io.triptych.bindings;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code cudnnConvolutionFwdAlgoPerf_t} ({@code struct cudnnConvolutionFwdAlgoPerfStruct} of cuDNN 9's
 * cudnn_cnn.h), in jextract's shape: one algorithm's result from cudnnFindConvolutionForwardAlgorithmEx and
 * cudnnGetConvolutionForwardAlgorithm_v7, which fill an array of these, best first. {@code algo} is a
 * {@code cudnnConvolutionFwdAlgo_t}; {@code status} a cudnnStatus_t (the algorithm is usable only when it is
 * CUDNN_STATUS_SUCCESS); {@code time} the measured milliseconds (the Find...Ex call runs each algorithm; the
 * heuristic Get..._v7 call does not); {@code memory} the workspace bytes the algorithm needs.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class cudnnConvolutionFwdAlgoPerf_t {
    private cudnnConvolutionFwdAlgoPerf_t() {
    }

    // The padding after time is the C compiler's: memory is a size_t, aligned to 8.
    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("algo"),
            JAVA_INT.withName("status"),
            JAVA_FLOAT.withName("time"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("memory"),
            JAVA_INT.withName("determinism"),
            JAVA_INT.withName("mathType"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("reserved"),
            MemoryLayout.paddingLayout(4)).withName("cudnnConvolutionFwdAlgoPerfStruct");

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

    /** An array of {@code count} structs, as the algorithm queries fill. */
    public static MemorySegment allocateArray(long count, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(count, LAYOUT));
    }

    /** Element {@code index} of an array made by {@link #allocateArray}. */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(LAYOUT.byteSize() * index, LAYOUT);
    }

    public static final long algo$OFFSET = LAYOUT.byteOffset(groupElement("algo"));

    public static int algo(MemorySegment struct) {
        return struct.get(JAVA_INT, algo$OFFSET);
    }

    public static void algo(MemorySegment struct, int value) {
        struct.set(JAVA_INT, algo$OFFSET, value);
    }

    public static final long status$OFFSET = LAYOUT.byteOffset(groupElement("status"));

    public static int status(MemorySegment struct) {
        return struct.get(JAVA_INT, status$OFFSET);
    }

    public static void status(MemorySegment struct, int value) {
        struct.set(JAVA_INT, status$OFFSET, value);
    }

    public static final long time$OFFSET = LAYOUT.byteOffset(groupElement("time"));

    public static float time(MemorySegment struct) {
        return struct.get(JAVA_FLOAT, time$OFFSET);
    }

    public static void time(MemorySegment struct, float value) {
        struct.set(JAVA_FLOAT, time$OFFSET, value);
    }

    public static final long memory$OFFSET = LAYOUT.byteOffset(groupElement("memory"));

    public static long memory(MemorySegment struct) {
        return struct.get(JAVA_LONG, memory$OFFSET);
    }

    public static void memory(MemorySegment struct, long value) {
        struct.set(JAVA_LONG, memory$OFFSET, value);
    }

    public static final long determinism$OFFSET = LAYOUT.byteOffset(groupElement("determinism"));

    public static int determinism(MemorySegment struct) {
        return struct.get(JAVA_INT, determinism$OFFSET);
    }

    public static void determinism(MemorySegment struct, int value) {
        struct.set(JAVA_INT, determinism$OFFSET, value);
    }

    public static final long mathType$OFFSET = LAYOUT.byteOffset(groupElement("mathType"));

    public static int mathType(MemorySegment struct) {
        return struct.get(JAVA_INT, mathType$OFFSET);
    }

    public static void mathType(MemorySegment struct, int value) {
        struct.set(JAVA_INT, mathType$OFFSET, value);
    }

    public static final long reserved$OFFSET = LAYOUT.byteOffset(groupElement("reserved"));
    public static final long reserved$LENGTH = LAYOUT.select(groupElement("reserved")).byteSize() / JAVA_INT.byteSize();

    public static MemorySegment reserved(MemorySegment struct) {
        return struct.asSlice(reserved$OFFSET, reserved$LENGTH * JAVA_INT.byteSize());
    }

    public static int reserved(MemorySegment struct, long index) {
        return struct.get(JAVA_INT, reserved$OFFSET + index * JAVA_INT.byteSize());
    }

    public static void reserved(MemorySegment struct, long index, int value) {
        struct.set(JAVA_INT, reserved$OFFSET + index * JAVA_INT.byteSize(), value);
    }
}
