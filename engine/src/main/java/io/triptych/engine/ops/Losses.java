package io.triptych.engine.ops;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.DType;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;

/** Losses reduced to a scalar (mean unless stated), each one fused kernel forward and one backward. */
final class Losses {
    private Losses() {
    }

    private static float meanScale(Tensor t) {
        return t.numel() == 0 ? Float.NaN : 1f / t.numel();
    }

    /** mean((a - b)^2); a and b must have the same shape. */
    static Tensor mse(Tensor a, Tensor b) {
        String name = "mse_loss";
        Backend be = Op.backend(name, a, b);
        Op.f32(name, a, "input");
        Op.f32(name, b, "target");
        Op.sameShape(name, a, "input", b, "target");
        float scale = meanScale(a);
        Tensor out = Op.newF32(a);
        triptych_h k = be.kernels();
        k.check(k.tri_mse_f32(be.context(), a.numel(), a.data(), b.data(), scale, out.data()), "tri_mse_f32", "shape",
                Shapes.str(a.shape()));
        return out.recordedBy(Node.of(name, new Tensor[] {a, b}, g -> {
            Tensor ga = a.requiresGrad() ? Op.newF32(a, a.shape()) : null;
            Tensor gb = b.requiresGrad() ? Op.newF32(b, b.shape()) : null;
            k.check(k.tri_mse_backward_f32(be.context(), a.numel(), a.data(), b.data(), g.data(), scale,
                    ga == null ? java.lang.foreign.MemorySegment.NULL : ga.data(),
                    gb == null ? java.lang.foreign.MemorySegment.NULL : gb.data()), "tri_mse_backward_f32", "shape",
                    Shapes.str(a.shape()));
            return new Tensor[] {ga, gb};
        }));
    }

    /** mean of binary cross-entropy on logits x against targets t in [0, 1]. */
    static Tensor bceWithLogits(Tensor x, Tensor t) {
        String name = "bce_with_logits";
        Backend be = Op.backend(name, x, t);
        Op.f32(name, x, "logits");
        Op.f32(name, t, "target");
        Op.sameShape(name, x, "logits", t, "target");
        float scale = meanScale(x);
        Tensor out = Op.newF32(x);
        triptych_h k = be.kernels();
        k.check(k.tri_bce_with_logits_f32(be.context(), x.numel(), x.data(), t.data(), scale, out.data()),
                "tri_bce_with_logits_f32", "shape", Shapes.str(x.shape()));
        return out.recordedBy(Node.of(name, new Tensor[] {x, t}, g -> {
            Tensor gx = Op.newF32(x, x.shape());
            k.check(k.tri_bce_with_logits_backward_f32(be.context(), x.numel(), x.data(), t.data(), g.data(), scale,
                    gx.data()), "tri_bce_with_logits_backward_f32", "shape", Shapes.str(x.shape()));
            return new Tensor[] {gx, null};
        }));
    }

    /** mean over rows of -logp[r, labels[r]], for logp [N, C] and I32 labels [N]. */
    static Tensor nll(Tensor logp, Tensor labels) {
        String name = "nll_loss";
        Backend be = Op.backend(name, logp, labels);
        Op.f32(name, logp, "log-probabilities");
        Op.dtype(name, labels, "labels", DType.I32);
        Op.rank(name, logp, "log-probabilities", 2);
        Op.shape(name, labels, "labels", logp.dim(0));
        int rows = logp.dim(0);
        int cols = logp.dim(1);
        float scale = rows == 0 ? Float.NaN : 1f / rows;
        Tensor out = Op.newF32(logp);
        triptych_h k = be.kernels();
        k.check(k.tri_nll_f32(be.context(), rows, cols, logp.data(), labels.data(), scale, out.data()), "tri_nll_f32",
                "logp", Shapes.str(logp.shape()));
        return out.recordedBy(Node.of(name, new Tensor[] {logp, labels}, g -> {
            Tensor gl = Op.newF32(logp, logp.shape());
            k.check(k.tri_nll_backward_f32(be.context(), rows, cols, labels.data(), g.data(), scale, gl.data()),
                    "tri_nll_backward_f32", "logp", Shapes.str(logp.shape()));
            return new Tensor[] {gl, null};
        }));
    }

    /** KL(N(mu, exp(logvar)) || N(0, I)) summed over everything and divided by the batch size (dim 0). */
    static Tensor gaussianKl(Tensor mu, Tensor logvar) {
        String name = "gaussian_kl";
        Backend be = Op.backend(name, mu, logvar);
        Op.f32(name, mu, "mu");
        Op.f32(name, logvar, "logvar");
        Op.sameShape(name, mu, "mu", logvar, "logvar");
        Op.check(mu.rank() >= 1 && mu.dim(0) > 0, name, "needs a batch dim, got " + Shapes.str(mu.shape()));
        float scale = 1f / mu.dim(0);
        Tensor out = Op.newF32(mu);
        triptych_h k = be.kernels();
        k.check(k.tri_gaussian_kl_f32(be.context(), mu.numel(), mu.data(), logvar.data(), scale, out.data()),
                "tri_gaussian_kl_f32", "shape", Shapes.str(mu.shape()));
        return out.recordedBy(Node.of(name, new Tensor[] {mu, logvar}, g -> {
            Tensor gm = mu.requiresGrad() ? Op.newF32(mu, mu.shape()) : null;
            Tensor gl = logvar.requiresGrad() ? Op.newF32(mu, mu.shape()) : null;
            k.check(k.tri_gaussian_kl_backward_f32(be.context(), mu.numel(), mu.data(), logvar.data(), g.data(), scale,
                    gm == null ? java.lang.foreign.MemorySegment.NULL : gm.data(),
                    gl == null ? java.lang.foreign.MemorySegment.NULL : gl.data()), "tri_gaussian_kl_backward_f32",
                    "shape", Shapes.str(mu.shape()));
            return new Tensor[] {gm, gl};
        }));
    }
}
