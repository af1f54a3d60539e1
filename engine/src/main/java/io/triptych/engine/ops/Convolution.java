package io.triptych.engine.ops;

import io.triptych.bindings.tri_conv2d_desc;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Convolutions;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * conv2d and conv_transpose2d. Both run on the three kernels of one forward convolution: a transposed convolution
 * is the backward-data pass of the forward convolution that maps its output back to its input.
 */
final class Convolution {
    private Convolution() {
    }

    /** The forward convolution x [n, cIn, hIn, wIn] -> y [n, cOut, hOut, wOut] with weight [cOut, cIn/g, kh, kw]. */
    record Geometry(int n, int cIn, int hIn, int wIn, int cOut, int hOut, int wOut, int kh, int kw,
                    Conv2dOptions o) {
        int[] inShape() {
            return new int[] {n, cIn, hIn, wIn};
        }

        int[] outShape() {
            return new int[] {n, cOut, hOut, wOut};
        }

        MemorySegment descriptor(Arena arena) {
            MemorySegment d = tri_conv2d_desc.allocate(arena);
            tri_conv2d_desc.n(d, n);
            tri_conv2d_desc.c_in(d, cIn);
            tri_conv2d_desc.h_in(d, hIn);
            tri_conv2d_desc.w_in(d, wIn);
            tri_conv2d_desc.c_out(d, cOut);
            tri_conv2d_desc.h_out(d, hOut);
            tri_conv2d_desc.w_out(d, wOut);
            tri_conv2d_desc.kernel_h(d, kh);
            tri_conv2d_desc.kernel_w(d, kw);
            tri_conv2d_desc.stride_h(d, o.strideH());
            tri_conv2d_desc.stride_w(d, o.strideW());
            tri_conv2d_desc.pad_h(d, o.padH());
            tri_conv2d_desc.pad_w(d, o.padW());
            tri_conv2d_desc.dilation_h(d, o.dilationH());
            tri_conv2d_desc.dilation_w(d, o.dilationW());
            tri_conv2d_desc.groups(d, o.groups());
            return d;
        }

        Object[] context() {
            return new Object[] {"x", Shapes.str(inShape()), "y", Shapes.str(outShape()), "kernel", kh + "x" + kw,
                "stride", o.strideH() + "x" + o.strideW(), "padding", o.padH() + "x" + o.padW(),
                "dilation", o.dilationH() + "x" + o.dilationW(), "groups", o.groups()};
        }
    }

    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dOptions o) {
        String name = "conv2d";
        Backend be = Op.backend(name, x, w, bias);
        checkOperands(name, x, w, bias);
        int g = o.groups();
        int cIn = x.dim(1);
        int cOut = w.dim(0);
        Op.check(cIn % g == 0 && cOut % g == 0, name, "channels in " + cIn + " and out " + cOut
                + " must both be divisible by groups=" + g);
        Op.check(w.dim(1) * g == cIn, name, "weight " + Shapes.str(w.shape()) + " expects " + w.dim(1) * g
                + " input channels (groups=" + g + ") but input " + Shapes.str(x.shape()) + " has " + cIn);
        if (bias != null) {
            Op.shape(name, bias, "bias", cOut);
        }
        int hOut = outSize(x.dim(2), w.dim(2), o.strideH(), o.padH(), o.dilationH());
        int wOut = outSize(x.dim(3), w.dim(3), o.strideW(), o.padW(), o.dilationW());
        Op.check(hOut > 0 && wOut > 0, name, "input " + Shapes.str(x.shape()) + " is too small for kernel "
                + w.dim(2) + "x" + w.dim(3) + " with padding " + o.padH() + "x" + o.padW() + " and dilation "
                + o.dilationH() + "x" + o.dilationW());
        Geometry geo = new Geometry(x.dim(0), cIn, x.dim(2), x.dim(3), cOut, hOut, wOut, w.dim(2), w.dim(3), o);
        Tensor y = Op.newF32(x, geo.outShape());
        forward(be, geo, x, w, bias, y);
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return y.recordedBy(Node.of(name, inputs, gy -> {
            Tensor gx = x.requiresGrad() ? backwardData(be, geo, gy, w) : null;
            Tensor[] gwb = w.requiresGrad() || (bias != null && bias.requiresGrad())
                    ? backwardWeight(be, geo, x, gy, w, bias != null) : new Tensor[2];
            return bias == null ? new Tensor[] {gx, gwb[0]} : new Tensor[] {gx, gwb[0], gwb[1]};
        }));
    }

    /** x [n, cIn, h, w] with weight [cIn, cOut/g, kh, kw] -> [n, cOut, hOut, wOut] (PyTorch's conv_transpose2d). */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, Conv2dOptions o) {
        String name = "conv_transpose2d";
        Backend be = Op.backend(name, x, w, bias);
        checkOperands(name, x, w, bias);
        int g = o.groups();
        int cIn = x.dim(1);
        Op.check(w.dim(0) == cIn, name, "weight " + Shapes.str(w.shape()) + " expects " + w.dim(0)
                + " input channels but input " + Shapes.str(x.shape()) + " has " + cIn);
        Op.check(cIn % g == 0, name, "input channels " + cIn + " must be divisible by groups=" + g);
        int cOut = w.dim(1) * g;
        if (bias != null) {
            Op.shape(name, bias, "bias", cOut);
        }
        int hOut = (x.dim(2) - 1) * o.strideH() - 2 * o.padH() + o.dilationH() * (w.dim(2) - 1) + o.outputPadH() + 1;
        int wOut = (x.dim(3) - 1) * o.strideW() - 2 * o.padW() + o.dilationW() * (w.dim(3) - 1) + o.outputPadW() + 1;
        Op.check(hOut > 0 && wOut > 0, name, "output size " + hOut + "x" + wOut + " is not positive for input "
                + Shapes.str(x.shape()));
        // The forward convolution this one transposes: our output is its input, our input its output.
        Geometry geo = new Geometry(x.dim(0), cOut, hOut, wOut, cIn, x.dim(2), x.dim(3), w.dim(2), w.dim(3), o);
        Tensor y = backwardData(be, geo, x, w);
        if (bias != null) {
            addBias(be, name, y, bias);
        }
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return y.recordedBy(Node.of(name, inputs, gy -> {
            Tensor gx = null;
            if (x.requiresGrad()) {
                gx = Op.newF32(x, x.shape());
                forward(be, geo, gy, w, null, gx);
            }
            Tensor gw = w.requiresGrad() ? backwardWeight(be, geo, gy, x, w, false)[0] : null;
            Tensor gb = bias != null && bias.requiresGrad() ? Reductions.sumTo(gy, new int[] {1, cOut, 1, 1})
                    .reshape(cOut) : null;
            return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        }));
    }

    private static void checkOperands(String name, Tensor x, Tensor w, Tensor bias) {
        Op.f32(name, x, "input");
        Op.f32(name, w, "weight");
        Op.rank(name, x, "input", 4);
        Op.rank(name, w, "weight", 4);
        if (bias != null) {
            Op.f32(name, bias, "bias");
        }
    }

    static int outSize(int in, int k, int stride, int pad, int dilation) {
        return (in + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
    }

    static void forward(Backend be, Geometry geo, Tensor x, Tensor w, Tensor bias, Tensor y) {
        Convolutions conv = be.convolutions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = geo.descriptor(arena);
            long bytes = conv.workspaceBytes(d, triptych_h.TRI_CONV_FORWARD, geo.context());
            try (Workspace ws = Workspace.of(be, bytes)) {
                conv.forward(d, x.data(), w.data(), bias == null ? MemorySegment.NULL : bias.data(), y.data(),
                        ws.segment(), ws.bytes(), geo.context());
            }
        }
    }

    /** dL/dx of the forward convolution {@code geo}, from dL/dy. */
    static Tensor backwardData(Backend be, Geometry geo, Tensor gy, Tensor w) {
        Tensor gx = Op.newF32(gy, geo.inShape());
        Convolutions conv = be.convolutions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = geo.descriptor(arena);
            long bytes = conv.workspaceBytes(d, triptych_h.TRI_CONV_BACKWARD_DATA, geo.context());
            try (Workspace ws = Workspace.of(be, bytes)) {
                conv.backwardData(d, gy.data(), w.data(), gx.data(), ws.segment(), ws.bytes(), geo.context());
            }
        }
        return gx;
    }

    /** {dL/dw, dL/dbias (or null)} of the forward convolution {@code geo}. */
    static Tensor[] backwardWeight(Backend be, Geometry geo, Tensor x, Tensor gy, Tensor w, boolean withBias) {
        Tensor gw = Op.newF32(w, w.shape());
        Tensor gb = withBias ? Op.newF32(w, geo.cOut()) : null;
        Convolutions conv = be.convolutions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = geo.descriptor(arena);
            long bytes = conv.workspaceBytes(d, triptych_h.TRI_CONV_BACKWARD_WEIGHT, geo.context());
            try (Workspace ws = Workspace.of(be, bytes)) {
                conv.backwardWeight(d, x.data(), gy.data(), gw.data(), gb == null ? MemorySegment.NULL : gb.data(),
                        ws.segment(), ws.bytes(), geo.context());
            }
        }
        return new Tensor[] {gw, gb};
    }

    /** y[n, c, ...] += bias[c], in place. */
    static void addBias(Backend be, String name, Tensor y, Tensor bias) {
        long inner = y.numel() / ((long) y.dim(0) * y.dim(1));
        triptych_h k = be.kernels();
        k.check(k.tri_bias_act_f32(be.context(), y.dim(0), y.dim(1), inner, y.data(), bias.data(), -1, 0f, y.data()),
                "tri_bias_act_f32", "op", name, "shape", Shapes.str(y.shape()));
    }
}
