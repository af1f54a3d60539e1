package io.triptych.engine.ops;

import io.triptych.bindings.tri_broadcast;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** Element-wise unary and broadcasting binary ops, with their gradients. */
final class Pointwise {
    private Pointwise() {
    }

    // ------------------------------------------------------------------ unary

    static Tensor unary(String name, int op, Tensor x, float alpha, float beta) {
        Backend be = Op.backend(name, x);
        Op.f32(name, x, "input");
        Tensor y = Op.newF32(x, x.shape());
        triptych_h k = be.kernels();
        k.check(k.tri_unary_f32(be.context(), op, x.numel(), x.data(), alpha, beta, y.data()), "tri_unary_f32",
                "op", name, "n", x.numel());
        return y.recordedBy(Node.of(name, new Tensor[] {x},
                g -> new Tensor[] {unaryBackward(name, op, x, y, g, alpha, beta)}));
    }

    /** gx = g * op'(x), from the forward input x and output y. */
    static Tensor unaryBackward(String name, int op, Tensor x, Tensor y, Tensor g, float alpha, float beta) {
        Backend be = Op.backend(name + " backward", x, y, g);
        Tensor gx = Op.newF32(x, x.shape());
        triptych_h k = be.kernels();
        k.check(k.tri_unary_backward_f32(be.context(), op, x.numel(), x.data(), y.data(), g.data(), alpha, beta,
                gx.data()), "tri_unary_backward_f32", "op", name, "n", x.numel());
        return gx;
    }

    // ------------------------------------------------------------------ binary

    static Tensor binary(String name, int op, Tensor a, Tensor b) {
        Backend be = Op.backend(name, a, b);
        Op.f32(name, a, "left operand");
        Op.f32(name, b, "right operand");
        int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
        Tensor out = Op.newF32(a, shape);
        launchBinary(be, name, op, a, b, out);
        return out.recordedBy(Node.of(name, new Tensor[] {a, b}, g -> binaryBackward(name, op, a, b, out, g)));
    }

    /** out = a op b, with out's shape the broadcast of both; out may be a when a already has out's shape. */
    static void launchBinary(Backend be, String name, int op, Tensor a, Tensor b, Tensor out) {
        int[] shape = Op.atLeast1d(out.shape());
        if (shape.length > triptych_h.TRI_MAX_DIMS) {
            throw new IllegalArgumentException(name + ": rank " + shape.length + " exceeds the maximum of "
                    + triptych_h.TRI_MAX_DIMS + " (shape " + Shapes.str(shape) + ")");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = tri_broadcast.allocate(arena);
            tri_broadcast.rank(d, shape.length);
            long[] sa = broadcastStrides(a.shape(), shape);
            long[] sb = broadcastStrides(b.shape(), shape);
            for (int i = 0; i < shape.length; i++) {
                tri_broadcast.shape(d, i, shape[i]);
                tri_broadcast.a_stride(d, i, sa[i]);
                tri_broadcast.b_stride(d, i, sb[i]);
            }
            triptych_h k = be.kernels();
            k.check(k.tri_binary_f32(be.context(), op, d, a.data(), b.data(), out.data()), "tri_binary_f32", "op", name,
                    "a", Shapes.str(a.shape()), "b", Shapes.str(b.shape()));
        }
    }

    /** Strides (in elements) reading {@code in} broadcast to {@code out}: 0 along broadcast dims. */
    static long[] broadcastStrides(int[] in, int[] out) {
        long[] natural = Shapes.strides(in);
        long[] s = new long[out.length];
        int lead = out.length - in.length;
        for (int i = 0; i < out.length; i++) {
            int j = i - lead;
            s[i] = (j < 0 || in[j] == 1) ? 0 : natural[j];
        }
        return s;
    }

    private static Tensor[] binaryBackward(String name, int op, Tensor a, Tensor b, Tensor out, Tensor g) {
        Tensor ga = null;
        Tensor gb = null;
        boolean needA = a.requiresGrad();
        boolean needB = b.requiresGrad();
        switch (op) {
            case triptych_h.TRI_BINARY_ADD -> {
                ga = needA ? Reductions.sumTo(g, a.shape()) : null;
                gb = needB ? Reductions.sumTo(g, b.shape()) : null;
            }
            case triptych_h.TRI_BINARY_SUB -> {
                ga = needA ? Reductions.sumTo(g, a.shape()) : null;
                gb = needB ? F.neg(Reductions.sumTo(g, b.shape())) : null;
            }
            case triptych_h.TRI_BINARY_MUL -> {
                ga = needA ? Reductions.sumTo(F.mul(g, b), a.shape()) : null;
                gb = needB ? Reductions.sumTo(F.mul(g, a), b.shape()) : null;
            }
            case triptych_h.TRI_BINARY_DIV -> {
                ga = needA ? Reductions.sumTo(F.div(g, b), a.shape()) : null;
                gb = needB ? Reductions.sumTo(F.neg(F.div(F.mul(g, out), b)), b.shape()) : null;
            }
            case triptych_h.TRI_BINARY_POW -> {
                // d/da a^b = b * a^(b-1); d/db a^b = a^b * ln(a)
                ga = needA ? Reductions.sumTo(F.mul(g, F.mul(b, F.pow(a, F.sub(b, F.onesLike(b))))), a.shape()) : null;
                gb = needB ? Reductions.sumTo(F.mul(g, F.mul(out, F.log(a))), b.shape()) : null;
            }
            case triptych_h.TRI_BINARY_MAXIMUM, triptych_h.TRI_BINARY_MINIMUM -> {
                // PyTorch splits the gradient evenly on ties: the winner's share is (1 + sign(a - b)) / 2.
                Tensor diff = F.sub(a, b);
                Tensor sign = unaryBackward("sign", triptych_h.TRI_UNARY_ABS, diff, diff, F.onesLike(out), 0f, 0f);
                Tensor shareA = F.affine(sign, op == triptych_h.TRI_BINARY_MAXIMUM ? 0.5f : -0.5f, 0.5f);
                ga = needA ? Reductions.sumTo(F.mul(g, shareA), a.shape()) : null;
                gb = needB ? Reductions.sumTo(F.mul(g, F.affine(shareA, -1f, 1f)), b.shape()) : null;
            }
            default -> throw new IllegalStateException("no gradient for binary op " + name);
        }
        return new Tensor[] {ga, gb};
    }

    static boolean sameShape(Tensor a, Tensor b) {
        return Arrays.equals(a.shape(), b.shape());
    }
}
