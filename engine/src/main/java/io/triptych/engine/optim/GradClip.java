package io.triptych.engine.optim;

import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;

import java.util.List;

/** Gradient clipping by global L2 norm, as torch.nn.utils.clip_grad_norm_. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales every gradient in place so that their joint L2 norm is at most {@code maxNorm}; returns the norm before
     * clipping (NaN or infinite when a gradient is, in which case nothing is scaled and the caller should stop).
     */
    public static double clipNorm(List<? extends Tensor> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipNorm: maxNorm must be > 0, got " + maxNorm);
        }
        double sumSq = 0;
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            for (Tensor p : params) {
                if (p.grad() != null) {
                    sumSq += F.sum(F.square(p.grad())).item();
                }
            }
            double norm = Math.sqrt(sumSq);
            if (!Double.isFinite(norm)) {
                return norm;
            }
            double scale = maxNorm / (norm + 1e-6);
            if (scale < 1) {
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        F.copyInto(F.affine(p.grad(), (float) scale, 0f), p.grad());
                    }
                }
            }
            return norm;
        }
    }
}
