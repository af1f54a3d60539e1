package io.triptych.engine.ops;

import io.triptych.bindings.tri_nd_copy;
import io.triptych.bindings.tri_reduce;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** Sums and means over dims, broadcasting and its adjoint (sumTo). */
final class Reductions {
    private Reductions() {
    }

    /** Sum (times {@code scale}) over {@code dims}; the result keeps them as size 1 when keepDim. */
    static Tensor sum(String name, Tensor x, int[] dims, boolean keepDim, boolean mean) {
        Backend be = Op.backend(name, x);
        Op.f32(name, x, "input");
        int[] shape = x.shape();
        int mask = 0;
        for (int d : dims) {
            int r = Shapes.dim(name, d, shape);
            if ((mask & (1 << r)) != 0) {
                throw new IllegalArgumentException(name + ": dim " + d + " appears twice in " + Arrays.toString(dims));
            }
            mask |= 1 << r;
        }
        long count = 1;
        int[] kept = shape.clone();
        for (int i = 0; i < shape.length; i++) {
            if ((mask & (1 << i)) != 0) {
                count *= shape[i];
                kept[i] = 1;
            }
        }
        float scale = mean ? (count == 0 ? Float.NaN : 1f / count) : 1f;
        Tensor y = Op.newF32(x, kept);
        launchSum(be, name, x, mask, scale, y);
        Tensor out = keepDim ? y : y.viewAs(dropMasked(kept, mask));
        return out.recordedBy(Node.of(name, new Tensor[] {x}, g -> {
            Tensor spread = broadcastTo(g.reshape(kept), shape);
            return new Tensor[] {scale == 1f ? spread : F.affine(spread, scale, 0f)};
        }));
    }

    private static int[] dropMasked(int[] shape, int mask) {
        return java.util.stream.IntStream.range(0, shape.length).filter(i -> (mask & (1 << i)) == 0)
                .map(i -> shape[i]).toArray();
    }

    static void launchSum(Backend be, String name, Tensor x, int mask, float scale, Tensor y) {
        int[] shape = Op.atLeast1d(x.shape());
        checkRank(name, shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = tri_reduce.allocate(arena);
            tri_reduce.rank(d, shape.length);
            tri_reduce.reduce_mask(d, x.rank() == 0 ? 0 : mask);
            for (int i = 0; i < shape.length; i++) {
                tri_reduce.shape(d, i, shape[i]);
            }
            triptych_h k = be.kernels();
            k.check(k.tri_sum_f32(be.context(), d, x.data(), scale, y.data()), "tri_sum_f32", "op", name, "shape",
                    Shapes.str(x.shape()), "mask", Integer.toBinaryString(mask));
        }
    }

    /** Sums {@code g} down to {@code shape} (the adjoint of broadcasting {@code shape} to g's shape). */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumTo: cannot reduce " + Shapes.str(gs) + " to " + Shapes.str(shape));
        }
        int mask = 0;
        int[] kept = gs.clone();
        for (int i = 0; i < gs.length; i++) {
            int j = i - lead;
            if (j < 0 || (shape[j] == 1 && gs[i] != 1)) {
                mask |= 1 << i;
                kept[i] = 1;
            } else if (shape[j] != gs[i]) {
                throw new IllegalArgumentException("sumTo: cannot reduce " + Shapes.str(gs) + " to "
                        + Shapes.str(shape));
            }
        }
        Backend be = Op.backend("sumTo", g);
        Tensor y = Op.newF32(g, kept);
        launchSum(be, "sumTo", g, mask, 1f, y);
        return y.viewAs(shape);
    }

    /** x repeated along broadcast dims to {@code shape} (a copy), with gradient sumTo. */
    static Tensor broadcastTo(Tensor x, int[] shape) {
        String name = "broadcastTo";
        Backend be = Op.backend(name, x);
        Op.f32(name, x, "input");
        int[] target = Shapes.broadcast(name, x.shape(), shape);
        if (!Arrays.equals(target, shape)) {
            throw new IllegalArgumentException(name + ": " + Shapes.str(x.shape()) + " cannot be broadcast to "
                    + Shapes.str(shape));
        }
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        Tensor y = Op.newF32(x, shape);
        copyNd(be, name, Op.atLeast1d(shape), x, 0, Pointwise.broadcastStrides(x.shape(), Op.atLeast1d(shape)), y, 0,
                Shapes.strides(Op.atLeast1d(shape)));
        return y.recordedBy(Node.of(name, new Tensor[] {x}, g -> new Tensor[] {sumTo(g, x.shape())}));
    }

    /** dst[offsets + walk] = src[offsets + walk] over {@code shape}, strides in elements. */
    static void copyNd(Backend be, String name, int[] shape, Tensor src, long srcOffset, long[] srcStride, Tensor dst,
                       long dstOffset, long[] dstStride) {
        checkRank(name, shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = tri_nd_copy.allocate(arena);
            tri_nd_copy.rank(d, shape.length);
            for (int i = 0; i < shape.length; i++) {
                tri_nd_copy.shape(d, i, shape[i]);
                tri_nd_copy.src_stride(d, i, srcStride[i]);
                tri_nd_copy.dst_stride(d, i, dstStride[i]);
            }
            MemorySegment s = offset(src.data(), srcOffset);
            MemorySegment t = offset(dst.data(), dstOffset);
            triptych_h k = be.kernels();
            k.check(k.tri_copy_nd_f32(be.context(), d, s, t), "tri_copy_nd_f32", "op", name, "shape",
                    Shapes.str(shape));
        }
    }

    /** The address {@code elements} floats into {@code base} (works for host and device segments). */
    static MemorySegment offset(MemorySegment base, long elements) {
        if (elements == 0) {
            return base;
        }
        return base.byteSize() >= elements * Float.BYTES ? base.asSlice(elements * Float.BYTES)
                : MemorySegment.ofAddress(base.address() + elements * Float.BYTES);
    }

    private static void checkRank(String name, int[] shape) {
        if (shape.length > triptych_h.TRI_MAX_DIMS) {
            throw new IllegalArgumentException(name + ": rank " + shape.length + " exceeds the maximum of "
                    + triptych_h.TRI_MAX_DIMS + " (shape " + Shapes.str(shape) + ")");
        }
    }
}
