package io.triptych.engine.ops;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;
import io.triptych.engine.random.Generator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Filling, copying between tensors and devices, and dropout. */
final class Transfers {
    private Transfers() {
    }

    static void fill(Tensor t, float value) {
        Backend be = Op.backend("fill", t);
        Op.f32("fill", t, "tensor");
        triptych_h k = be.kernels();
        k.check(k.tri_fill_f32(be.context(), t.numel(), value, t.data()), "tri_fill_f32", "n", t.numel());
    }

    /** dst = src (same device, dtype and element count), not recorded. */
    static void copyInto(Tensor src, Tensor dst) {
        Backend be = Op.backend("copy", src, dst);
        Op.check(src.dtype() == dst.dtype() && src.numel() == dst.numel(), "copy", "source " + Shapes.str(src.shape())
                + " " + src.dtype() + " does not fit destination " + Shapes.str(dst.shape()) + " " + dst.dtype());
        be.copy(src.data(), dst.data(), src.numel() * src.dtype().byteSize());
    }

    /** acc += g in place (same shape), not recorded. */
    static void addInto(Tensor acc, Tensor g) {
        Backend be = Op.backend("add_", acc, g);
        Op.sameShape("add_", acc, "accumulator", g, "addend");
        Pointwise.launchBinary(be, "add_", triptych_h.TRI_BINARY_ADD, acc, g, acc);
    }

    /** A copy of x on {@code target}; x itself when already there. */
    static Tensor to(Tensor x, Device target) {
        x.checkAlive("to");
        if (x.device().equals(target)) {
            return x;
        }
        Tensor y = Tensor.empty(target, x.dtype(), x.shape());
        long bytes = x.numel() * x.dtype().byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(Math.max(bytes, 1), 64);
            x.backend().copyToHost(x.data(), host, bytes);
            y.backend().copyFromHost(host, y.data(), bytes);
        }
        if (x.dtype() != DType.F32) {
            return y;
        }
        Device source = x.device();
        return y.recordedBy(Node.of("to", new Tensor[] {x}, g -> new Tensor[] {to(g, source)}));
    }

    /** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1-p). */
    static Tensor dropout(Tensor x, float p, boolean training, Generator gen) {
        String name = "dropout";
        Op.check(p >= 0f && p < 1f, name, "p must be in [0, 1), got " + p);
        if (!training || p == 0f) {
            return x;
        }
        Backend be = Op.backend(name, x);
        Op.f32(name, x, "input");
        Tensor y = Op.newF32(x, x.shape());
        Tensor mask = Op.newF32(x, x.shape());
        long start = gen.reserve(x.numel());
        triptych_h k = be.kernels();
        k.check(k.tri_dropout_f32(be.context(), x.numel(), x.data(), p, gen.seed(), start, y.data(), mask.data()),
                "tri_dropout_f32", "p", p, "n", x.numel());
        return y.recordedBy(Node.of(name, new Tensor[] {x}, g -> new Tensor[] {F.mul(g, mask)}));
    }
}
