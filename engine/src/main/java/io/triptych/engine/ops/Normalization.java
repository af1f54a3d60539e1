package io.triptych.engine.ops;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;

import java.lang.foreign.MemorySegment;

/** Batch, group and layer normalisation with their gradients. */
final class Normalization {
    private Normalization() {
    }

    private static MemorySegment ptr(Tensor t) {
        return t == null ? MemorySegment.NULL : t.data();
    }

    private static Tensor[] withAffine(Tensor x, Tensor gamma, Tensor beta) {
        if (gamma == null) {
            return new Tensor[] {x};
        }
        return new Tensor[] {x, gamma, beta};
    }

    private static void checkAffine(String name, Tensor gamma, Tensor beta, int channels) {
        Op.check((gamma == null) == (beta == null), name, "weight and bias must be given together or not at all");
        if (gamma != null) {
            Op.f32(name, gamma, "weight");
            Op.f32(name, beta, "bias");
            Op.shape(name, gamma, "weight", channels);
            Op.shape(name, beta, "bias", channels);
        }
    }

    /**
     * x [N, C, ...]. Training normalises with batch statistics and updates the running ones in place (when given);
     * eval uses the running statistics.
     */
    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                            boolean training, float momentum, float eps) {
        String name = "batch_norm";
        Backend be = Op.backend(name, x, runningMean, runningVar, gamma, beta);
        Op.f32(name, x, "input");
        Op.check(x.rank() >= 2, name, "input must be [N, C, ...], got " + Shapes.str(x.shape()));
        int n = x.dim(0);
        int c = x.dim(1);
        long hw = x.numel() / Math.max(1L, (long) n * c);
        checkAffine(name, gamma, beta, c);
        Op.check((runningMean == null) == (runningVar == null), name,
                "running mean and variance must be given together or not at all");
        if (runningMean != null) {
            Op.shape(name, runningMean, "running_mean", c);
            Op.shape(name, runningVar, "running_var", c);
        }
        Op.check(training || runningMean != null, name, "eval mode needs running statistics");
        Op.check(!training || (long) n * hw > 1, name, "expected more than 1 value per channel when training, got "
                + "input " + Shapes.str(x.shape()));
        Tensor y = Op.newF32(x, x.shape());
        Tensor saveMean = Op.newF32(x, c);
        Tensor saveInvstd = Op.newF32(x, c);
        triptych_h k = be.kernels();
        k.check(k.tri_batch_norm_forward_f32(be.context(), n, c, hw, x.data(), ptr(gamma), ptr(beta), ptr(runningMean),
                ptr(runningVar), momentum, eps, training ? 1 : 0, y.data(), saveMean.data(), saveInvstd.data()),
                "tri_batch_norm_forward_f32", "input", Shapes.str(x.shape()), "training", training);
        return y.recordedBy(Node.of(name, withAffine(x, gamma, beta), gy -> {
            Tensor gx = Op.newF32(x, x.shape());
            Tensor gg = gamma != null ? Op.newF32(x, c) : null;
            Tensor gbeta = gamma != null ? Op.newF32(x, c) : null;
            k.check(k.tri_batch_norm_backward_f32(be.context(), n, c, hw, x.data(), gy.data(), ptr(gamma),
                    saveMean.data(), saveInvstd.data(), training ? 1 : 0, gx.data(), ptr(gg), ptr(gbeta)),
                    "tri_batch_norm_backward_f32", "input", Shapes.str(x.shape()), "training", training);
            return gamma == null ? new Tensor[] {gx} : new Tensor[] {gx, gg, gbeta};
        }));
    }

    /** x [N, C, ...] normalised over each group of C/groups channels (PyTorch's group_norm). */
    static Tensor groupNorm(Tensor x, int groups, Tensor gamma, Tensor beta, float eps) {
        String name = "group_norm";
        Backend be = Op.backend(name, x, gamma, beta);
        Op.f32(name, x, "input");
        Op.check(x.rank() >= 2, name, "input must be [N, C, ...], got " + Shapes.str(x.shape()));
        int n = x.dim(0);
        int c = x.dim(1);
        Op.check(groups >= 1 && c % groups == 0, name, "channels " + c + " must be divisible by groups=" + groups);
        long hw = x.numel() / Math.max(1L, (long) n * c);
        checkAffine(name, gamma, beta, c);
        Tensor y = Op.newF32(x, x.shape());
        Tensor mean = Op.newF32(x, n * groups);
        Tensor rstd = Op.newF32(x, n * groups);
        triptych_h k = be.kernels();
        k.check(k.tri_group_norm_forward_f32(be.context(), n, c, hw, groups, x.data(), ptr(gamma), ptr(beta), eps,
                y.data(), mean.data(), rstd.data()), "tri_group_norm_forward_f32", "input", Shapes.str(x.shape()),
                "groups", groups);
        return y.recordedBy(Node.of(name, withAffine(x, gamma, beta), gy -> {
            Tensor gx = Op.newF32(x, x.shape());
            Tensor gg = gamma != null ? Op.newF32(x, c) : null;
            Tensor gbeta = gamma != null ? Op.newF32(x, c) : null;
            k.check(k.tri_group_norm_backward_f32(be.context(), n, c, hw, groups, x.data(), gy.data(), ptr(gamma),
                    mean.data(), rstd.data(), gx.data(), ptr(gg), ptr(gbeta)), "tri_group_norm_backward_f32",
                    "input", Shapes.str(x.shape()), "groups", groups);
            return gamma == null ? new Tensor[] {gx} : new Tensor[] {gx, gg, gbeta};
        }));
    }

    /** x [..., D] normalised over the last dim (PyTorch's layer_norm with normalized_shape [D]). */
    static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        String name = "layer_norm";
        Backend be = Op.backend(name, x, gamma, beta);
        Op.f32(name, x, "input");
        Op.check(x.rank() >= 1, name, "input must have rank >= 1");
        int cols = x.dim(-1);
        long rows = cols == 0 ? 0 : x.numel() / cols;
        checkAffine(name, gamma, beta, cols);
        Tensor y = Op.newF32(x, x.shape());
        Tensor mean = Op.newF32(x, (int) rows);
        Tensor rstd = Op.newF32(x, (int) rows);
        triptych_h k = be.kernels();
        k.check(k.tri_layer_norm_forward_f32(be.context(), rows, cols, x.data(), ptr(gamma), ptr(beta), eps, y.data(),
                mean.data(), rstd.data()), "tri_layer_norm_forward_f32", "input", Shapes.str(x.shape()));
        return y.recordedBy(Node.of(name, withAffine(x, gamma, beta), gy -> {
            Tensor gx = Op.newF32(x, x.shape());
            Tensor gg = gamma != null ? Op.newF32(x, cols) : null;
            Tensor gbeta = gamma != null ? Op.newF32(x, cols) : null;
            k.check(k.tri_layer_norm_backward_f32(be.context(), rows, cols, x.data(), gy.data(), ptr(gamma),
                    mean.data(), rstd.data(), gx.data(), ptr(gg), ptr(gbeta)), "tri_layer_norm_backward_f32",
                    "input", Shapes.str(x.shape()));
            return gamma == null ? new Tensor[] {gx} : new Tensor[] {gx, gg, gbeta};
        }));
    }
}
