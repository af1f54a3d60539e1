package io.triptych.engine.optim;

import io.triptych.bindings.tri_adam_params;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Adam (L2 weight decay added to the gradient) and AdamW (decoupled weight decay), as PyTorch's. Each parameter
 * counts its own steps, so a parameter that missed a step (no gradient) keeps PyTorch's bias correction.
 */
public final class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final Tensor[] m;
    private final Tensor[] v;
    private final long[] steps;

    public Adam(List<? extends Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay,
                boolean decoupled) {
        super(params, lr);
        if (!(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        if (!(eps > 0f) || weightDecay < 0f) {
            throw new IllegalArgumentException("Adam: need eps > 0 and weight decay >= 0, got " + eps + ", "
                    + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.m = new Tensor[this.params.size()];
        this.v = new Tensor[this.params.size()];
        this.steps = new long[this.params.size()];
    }

    /** Adam with PyTorch's defaults (betas 0.9, 0.999; eps 1e-8; no weight decay). */
    public static Adam adam(List<? extends Tensor> params, float lr) {
        return new Adam(params, lr, 0.9f, 0.999f, 1e-8f, 0f, false);
    }

    /** AdamW with PyTorch's defaults (weight decay 1e-2). */
    public static Adam adamW(List<? extends Tensor> params, float lr) {
        return new Adam(params, lr, 0.9f, 0.999f, 1e-8f, 1e-2f, true);
    }

    @Override
    public void step() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hp = tri_adam_params.allocate(arena);
            tri_adam_params.lr(hp, lr);
            tri_adam_params.beta1(hp, beta1);
            tri_adam_params.beta2(hp, beta2);
            tri_adam_params.eps(hp, eps);
            tri_adam_params.weight_decay(hp, weightDecay);
            tri_adam_params.decoupled(hp, decoupled ? 1 : 0);
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                if (m[i] == null) {
                    m[i] = stateTensor(() -> Tensor.zerosLike(p));
                    v[i] = stateTensor(() -> Tensor.zerosLike(p));
                }
                tri_adam_params.step(hp, ++steps[i]);
                Backend be = p.backend();
                triptych_h k = be.kernels();
                k.check(k.tri_adam_update_f32(be.context(), p.numel(), p.data(), g.data(), m[i].data(), v[i].data(), hp),
                        "tri_adam_update_f32", "param", i, "n", p.numel(), "step", steps[i]);
            }
        }
    }
}
