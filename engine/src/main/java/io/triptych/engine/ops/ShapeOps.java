package io.triptych.engine.ops;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;

import java.util.Arrays;

/** Ops that move elements: reshape, permute, slice, concat, nearest upsampling, average pooling, softmax. */
final class ShapeOps {
    private ShapeOps() {
    }

    static Tensor reshape(Tensor x, int[] requested) {
        String name = "reshape";
        x.checkAlive(name);
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                Op.check(infer < 0, name, "only one dim may be -1 in " + Shapes.str(requested));
                infer = i;
            } else {
                Op.check(shape[i] >= 0, name, "bad dim " + shape[i] + " in " + Shapes.str(requested));
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            Op.check(known != 0 && x.numel() % known == 0, name, "cannot infer -1 in " + Shapes.str(requested)
                    + " for " + x.numel() + " elements of " + Shapes.str(x.shape()));
            shape[infer] = (int) (x.numel() / known);
        }
        Op.check(Shapes.numel(shape) == x.numel(), name, "shape " + Shapes.str(x.shape()) + " (" + x.numel()
                + " elements) cannot be viewed as " + Shapes.str(requested));
        int[] from = x.shape();
        return x.viewAs(shape).recordedBy(Node.of(name, new Tensor[] {x}, g -> new Tensor[] {g.reshape(from)}));
    }

    static Tensor permute(Tensor x, int[] dims) {
        String name = "permute";
        Backend be = Op.backend(name, x);
        Op.f32(name, x, "input");
        int rank = x.rank();
        Op.check(dims.length == rank, name, "needs " + rank + " dims for shape " + Shapes.str(x.shape()) + ", got "
                + Arrays.toString(dims));
        int[] perm = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = Shapes.dim(name, dims[i], x.shape());
            Op.check(!seen[perm[i]], name, "dim " + dims[i] + " repeats in " + Arrays.toString(dims));
            seen[perm[i]] = true;
        }
        int[] in = x.shape();
        long[] inStrides = Shapes.strides(in);
        int[] out = new int[rank];
        long[] srcStrides = new long[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = in[perm[i]];
            srcStrides[i] = inStrides[perm[i]];
        }
        Tensor y = Op.newF32(x, out);
        if (rank > 0) {
            Reductions.copyNd(be, name, out, x, 0, srcStrides, y, 0, Shapes.strides(out));
        } else {
            be.copy(x.data(), y.data(), Float.BYTES);
        }
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[perm[i]] = i;
        }
        return y.recordedBy(Node.of(name, new Tensor[] {x}, g -> new Tensor[] {permute(g, inverse)}));
    }

    static Tensor transpose(Tensor x, int d0, int d1) {
        int[] perm = new int[x.rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        int a = Shapes.dim("transpose", d0, x.shape());
        int b = Shapes.dim("transpose", d1, x.shape());
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    /** Elements [start, end) along {@code dim} (a copy). */
    static Tensor slice(Tensor x, int dim, int start, int end) {
        String name = "slice";
        Backend be = Op.backend(name, x);
        Op.f32(name, x, "input");
        int[] in = x.shape();
        int d = Shapes.dim(name, dim, in);
        Op.check(0 <= start && start <= end && end <= in[d], name, "range [" + start + ", " + end + ") is outside dim "
                + d + " of size " + in[d] + " in " + Shapes.str(in));
        int[] out = in.clone();
        out[d] = end - start;
        long[] strides = Shapes.strides(in);
        Tensor y = Op.newF32(x, out);
        if (y.numel() > 0) {
            Reductions.copyNd(be, name, out, x, start * strides[d], strides, y, 0, Shapes.strides(out));
        }
        return y.recordedBy(Node.of(name, new Tensor[] {x}, g -> {
            Tensor gx = Tensor.zeros(x.device(), in);
            if (g.numel() > 0) {
                Reductions.copyNd(be, name + " backward", out, g, 0, Shapes.strides(out), gx, start * strides[d],
                        strides);
            }
            return new Tensor[] {gx};
        }));
    }

    /** Joins tensors of equal shape but for {@code dim}, along it. */
    static Tensor concat(int dim, Tensor... xs) {
        String name = "concat";
        Op.check(xs.length > 0, name, "needs at least one tensor");
        Backend be = Op.backend(name, xs);
        int[] first = xs[0].shape();
        int d = Shapes.dim(name, dim, first);
        int total = 0;
        for (Tensor t : xs) {
            Op.f32(name, t, "input");
            int[] s = t.shape();
            boolean same = s.length == first.length;
            for (int i = 0; same && i < s.length; i++) {
                same = i == d || s[i] == first[i];
            }
            Op.check(same, name, "shapes " + Shapes.str(first) + " and " + Shapes.str(s) + " differ outside dim " + d);
            total += s[d];
        }
        int[] out = first.clone();
        out[d] = total;
        Tensor y = Op.newF32(xs[0], out);
        long[] outStrides = Shapes.strides(out);
        int at = 0;
        int[] starts = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            starts[i] = at;
            int[] s = xs[i].shape();
            if (xs[i].numel() > 0) {
                Reductions.copyNd(be, name, s, xs[i], 0, Shapes.strides(s), y, at * outStrides[d], outStrides);
            }
            at += s[d];
        }
        return y.recordedBy(Node.of(name, xs, g -> {
            Tensor[] grads = new Tensor[xs.length];
            for (int i = 0; i < xs.length; i++) {
                if (xs[i].requiresGrad()) {
                    grads[i] = slice(g, d, starts[i], starts[i] + xs[i].dim(d));
                }
            }
            return grads;
        }));
    }

    static Tensor flatten(Tensor x, int startDim) {
        int[] s = x.shape();
        if (s.length == 0) {
            return reshape(x, new int[] {1});
        }
        int d = Shapes.dim("flatten", startDim, s);
        int[] out = Arrays.copyOf(s, d + 1);
        long n = 1;
        for (int i = d; i < s.length; i++) {
            n *= s[i];
        }
        out[d] = (int) n;
        return reshape(x, out);
    }

    /** Nearest-neighbour upsampling of [N, C, H, W] by an integer factor. */
    static Tensor upsampleNearest(Tensor x, int factor) {
        String name = "upsample_nearest";
        Backend be = Op.backend(name, x);
        Op.f32(name, x, "input");
        Op.rank(name, x, "input", 4);
        Op.check(factor >= 1, name, "factor must be >= 1, got " + factor);
        int[] s = x.shape();
        long nc = (long) s[0] * s[1];
        Tensor y = Op.newF32(x, s[0], s[1], s[2] * factor, s[3] * factor);
        triptych_h k = be.kernels();
        k.check(k.tri_upsample_nearest_f32(be.context(), nc, s[2], s[3], factor, x.data(), y.data()),
                "tri_upsample_nearest_f32", "input", Shapes.str(s), "factor", factor);
        return y.recordedBy(Node.of(name, new Tensor[] {x}, g -> {
            Tensor gx = Op.newF32(x, s);
            k.check(k.tri_upsample_nearest_backward_f32(be.context(), nc, s[2], s[3], factor, g.data(), gx.data()),
                    "tri_upsample_nearest_backward_f32", "input", Shapes.str(s), "factor", factor);
            return new Tensor[] {gx};
        }));
    }

    /** Average pooling of [N, C, H, W] over k x k blocks with stride k. */
    static Tensor avgPool2d(Tensor x, int kernel) {
        String name = "avg_pool2d";
        Backend be = Op.backend(name, x);
        Op.f32(name, x, "input");
        Op.rank(name, x, "input", 4);
        int[] s = x.shape();
        Op.check(kernel >= 1 && s[2] >= kernel && s[3] >= kernel, name, "kernel " + kernel + " does not fit input "
                + Shapes.str(s));
        long nc = (long) s[0] * s[1];
        Tensor y = Op.newF32(x, s[0], s[1], s[2] / kernel, s[3] / kernel);
        triptych_h k = be.kernels();
        k.check(k.tri_avg_pool_f32(be.context(), nc, s[2], s[3], kernel, x.data(), y.data()), "tri_avg_pool_f32",
                "input", Shapes.str(s), "kernel", kernel);
        return y.recordedBy(Node.of(name, new Tensor[] {x}, g -> {
            Tensor gx = Op.newF32(x, s);
            k.check(k.tri_avg_pool_backward_f32(be.context(), nc, s[2], s[3], kernel, g.data(), gx.data()),
                    "tri_avg_pool_backward_f32", "input", Shapes.str(s), "kernel", kernel);
            return new Tensor[] {gx};
        }));
    }

    /** softmax (or log_softmax) along {@code dim}; other dims are moved last and back. */
    static Tensor softmax(Tensor x, int dim, boolean log) {
        String name = log ? "log_softmax" : "softmax";
        Op.f32(name, x, "input");
        Op.check(x.rank() >= 1, name, "input must have rank >= 1");
        int d = Shapes.dim(name, dim, x.shape());
        if (d != x.rank() - 1) {
            return transpose(softmax(transpose(x, d, -1), -1, log), d, -1);
        }
        Backend be = Op.backend(name, x);
        int cols = x.dim(-1);
        long rows = cols == 0 ? 0 : x.numel() / cols;
        Tensor y = Op.newF32(x, x.shape());
        triptych_h k = be.kernels();
        k.check(k.tri_softmax_f32(be.context(), rows, cols, x.data(), log ? 1 : 0, y.data()), "tri_softmax_f32", "op",
                name, "shape", Shapes.str(x.shape()));
        return y.recordedBy(Node.of(name, new Tensor[] {x}, g -> {
            Tensor gx = Op.newF32(x, x.shape());
            k.check(k.tri_softmax_backward_f32(be.context(), rows, cols, y.data(), g.data(), log ? 1 : 0, gx.data()),
                    "tri_softmax_backward_f32", "op", name, "shape", Shapes.str(x.shape()));
            return new Tensor[] {gx};
        }));
    }
}
