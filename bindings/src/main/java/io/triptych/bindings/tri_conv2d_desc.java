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

/** {@code struct tri_conv2d_desc} of triptych.h, in jextract's shape. */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class tri_conv2d_desc {
    private tri_conv2d_desc() {
    }

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("n"),
            JAVA_INT.withName("c_in"),
            JAVA_INT.withName("h_in"),
            JAVA_INT.withName("w_in"),
            JAVA_INT.withName("c_out"),
            JAVA_INT.withName("h_out"),
            JAVA_INT.withName("w_out"),
            JAVA_INT.withName("kernel_h"),
            JAVA_INT.withName("kernel_w"),
            JAVA_INT.withName("stride_h"),
            JAVA_INT.withName("stride_w"),
            JAVA_INT.withName("pad_h"),
            JAVA_INT.withName("pad_w"),
            JAVA_INT.withName("dilation_h"),
            JAVA_INT.withName("dilation_w"),
            JAVA_INT.withName("groups")).withName("tri_conv2d_desc");

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

    public static final long n$OFFSET = LAYOUT.byteOffset(groupElement("n"));

    public static int n(MemorySegment struct) {
        return struct.get(JAVA_INT, n$OFFSET);
    }

    public static void n(MemorySegment struct, int value) {
        struct.set(JAVA_INT, n$OFFSET, value);
    }

    public static final long c_in$OFFSET = LAYOUT.byteOffset(groupElement("c_in"));

    public static int c_in(MemorySegment struct) {
        return struct.get(JAVA_INT, c_in$OFFSET);
    }

    public static void c_in(MemorySegment struct, int value) {
        struct.set(JAVA_INT, c_in$OFFSET, value);
    }

    public static final long h_in$OFFSET = LAYOUT.byteOffset(groupElement("h_in"));

    public static int h_in(MemorySegment struct) {
        return struct.get(JAVA_INT, h_in$OFFSET);
    }

    public static void h_in(MemorySegment struct, int value) {
        struct.set(JAVA_INT, h_in$OFFSET, value);
    }

    public static final long w_in$OFFSET = LAYOUT.byteOffset(groupElement("w_in"));

    public static int w_in(MemorySegment struct) {
        return struct.get(JAVA_INT, w_in$OFFSET);
    }

    public static void w_in(MemorySegment struct, int value) {
        struct.set(JAVA_INT, w_in$OFFSET, value);
    }

    public static final long c_out$OFFSET = LAYOUT.byteOffset(groupElement("c_out"));

    public static int c_out(MemorySegment struct) {
        return struct.get(JAVA_INT, c_out$OFFSET);
    }

    public static void c_out(MemorySegment struct, int value) {
        struct.set(JAVA_INT, c_out$OFFSET, value);
    }

    public static final long h_out$OFFSET = LAYOUT.byteOffset(groupElement("h_out"));

    public static int h_out(MemorySegment struct) {
        return struct.get(JAVA_INT, h_out$OFFSET);
    }

    public static void h_out(MemorySegment struct, int value) {
        struct.set(JAVA_INT, h_out$OFFSET, value);
    }

    public static final long w_out$OFFSET = LAYOUT.byteOffset(groupElement("w_out"));

    public static int w_out(MemorySegment struct) {
        return struct.get(JAVA_INT, w_out$OFFSET);
    }

    public static void w_out(MemorySegment struct, int value) {
        struct.set(JAVA_INT, w_out$OFFSET, value);
    }

    public static final long kernel_h$OFFSET = LAYOUT.byteOffset(groupElement("kernel_h"));

    public static int kernel_h(MemorySegment struct) {
        return struct.get(JAVA_INT, kernel_h$OFFSET);
    }

    public static void kernel_h(MemorySegment struct, int value) {
        struct.set(JAVA_INT, kernel_h$OFFSET, value);
    }

    public static final long kernel_w$OFFSET = LAYOUT.byteOffset(groupElement("kernel_w"));

    public static int kernel_w(MemorySegment struct) {
        return struct.get(JAVA_INT, kernel_w$OFFSET);
    }

    public static void kernel_w(MemorySegment struct, int value) {
        struct.set(JAVA_INT, kernel_w$OFFSET, value);
    }

    public static final long stride_h$OFFSET = LAYOUT.byteOffset(groupElement("stride_h"));

    public static int stride_h(MemorySegment struct) {
        return struct.get(JAVA_INT, stride_h$OFFSET);
    }

    public static void stride_h(MemorySegment struct, int value) {
        struct.set(JAVA_INT, stride_h$OFFSET, value);
    }

    public static final long stride_w$OFFSET = LAYOUT.byteOffset(groupElement("stride_w"));

    public static int stride_w(MemorySegment struct) {
        return struct.get(JAVA_INT, stride_w$OFFSET);
    }

    public static void stride_w(MemorySegment struct, int value) {
        struct.set(JAVA_INT, stride_w$OFFSET, value);
    }

    public static final long pad_h$OFFSET = LAYOUT.byteOffset(groupElement("pad_h"));

    public static int pad_h(MemorySegment struct) {
        return struct.get(JAVA_INT, pad_h$OFFSET);
    }

    public static void pad_h(MemorySegment struct, int value) {
        struct.set(JAVA_INT, pad_h$OFFSET, value);
    }

    public static final long pad_w$OFFSET = LAYOUT.byteOffset(groupElement("pad_w"));

    public static int pad_w(MemorySegment struct) {
        return struct.get(JAVA_INT, pad_w$OFFSET);
    }

    public static void pad_w(MemorySegment struct, int value) {
        struct.set(JAVA_INT, pad_w$OFFSET, value);
    }

    public static final long dilation_h$OFFSET = LAYOUT.byteOffset(groupElement("dilation_h"));

    public static int dilation_h(MemorySegment struct) {
        return struct.get(JAVA_INT, dilation_h$OFFSET);
    }

    public static void dilation_h(MemorySegment struct, int value) {
        struct.set(JAVA_INT, dilation_h$OFFSET, value);
    }

    public static final long dilation_w$OFFSET = LAYOUT.byteOffset(groupElement("dilation_w"));

    public static int dilation_w(MemorySegment struct) {
        return struct.get(JAVA_INT, dilation_w$OFFSET);
    }

    public static void dilation_w(MemorySegment struct, int value) {
        struct.set(JAVA_INT, dilation_w$OFFSET, value);
    }

    public static final long groups$OFFSET = LAYOUT.byteOffset(groupElement("groups"));

    public static int groups(MemorySegment struct) {
        return struct.get(JAVA_INT, groups$OFFSET);
    }

    public static void groups(MemorySegment struct, int value) {
        struct.set(JAVA_INT, groups$OFFSET, value);
    }
}
