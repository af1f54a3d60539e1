package io.triptych.engine.optim;

import io.triptych.bindings.tri_sgd_params;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/** Stochastic gradient descent with momentum, dampening, Nesterov and weight decay, as PyTorch's SGD. */
public final class Sgd extends Optimizer {
    private final float momentum;
    private final float dampening;
    private final float weightDecay;
    private final boolean nesterov;
    private final Tensor[] buffers;

    public Sgd(List<? extends Tensor> params, float lr, float momentum, float dampening, float weightDecay,
               boolean nesterov) {
        super(params, lr);
        if (momentum < 0f || weightDecay < 0f) {
            throw new IllegalArgumentException("SGD: momentum and weight decay must be >= 0, got " + momentum + ", "
                    + weightDecay);
        }
        if (nesterov && (momentum <= 0f || dampening != 0f)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.buffers = new Tensor[this.params.size()];
    }

    public Sgd(List<? extends Tensor> params, float lr) {
        this(params, lr, 0f, 0f, 0f, false);
    }

    @Override
    public void step() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hp = tri_sgd_params.allocate(arena);
            tri_sgd_params.lr(hp, lr);
            tri_sgd_params.momentum(hp, momentum);
            tri_sgd_params.dampening(hp, dampening);
            tri_sgd_params.weight_decay(hp, weightDecay);
            tri_sgd_params.nesterov(hp, nesterov ? 1 : 0);
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                boolean first = momentum != 0f && buffers[i] == null;
                if (first) {
                    buffers[i] = stateTensor(() -> Tensor.zerosLike(p));
                }
                tri_sgd_params.first_step(hp, first ? 1 : 0);
                Backend be = p.backend();
                triptych_h k = be.kernels();
                k.check(k.tri_sgd_update_f32(be.context(), p.numel(), p.data(), g.data(),
                        buffers[i] == null ? MemorySegment.NULL : buffers[i].data(), hp), "tri_sgd_update_f32",
                        "param", i, "n", p.numel());
            }
        }
    }
}
