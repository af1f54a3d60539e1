package io.triptych.engine.optim;

import io.triptych.engine.Backend;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.bindings.triptych_h;

import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of parameters (ema = decay * ema + (1 - decay) * p after each update), kept in its
 * own scope. {@link #copyTo} writes the averages into a model's parameters, e.g. for sampling.
 */
public final class Ema implements AutoCloseable {
    private final List<? extends Tensor> params;
    private final List<Tensor> shadow = new ArrayList<>();
    private final Scope scope = Scope.detached("EMA");
    private final float decay;

    public Ema(List<? extends Tensor> params, float decay) {
        if (!(decay >= 0f && decay <= 1f)) {
            throw new IllegalArgumentException("EMA: decay must be in [0, 1], got " + decay);
        }
        this.params = List.copyOf(params);
        this.decay = decay;
        try (Scope.Entered e = scope.enter()) {
            for (Tensor p : this.params) {
                Tensor s = Tensor.empty(p.device(), p.dtype(), p.shape());
                F.copyInto(p, s);
                shadow.add(s);
            }
        }
    }

    public float decay() {
        return decay;
    }

    /** Folds the current parameter values into the averages with the configured decay. */
    public void update() {
        update(decay);
    }

    /**
     * Folds the current parameter values into the averages with {@code stepDecay} (e.g. a warm-up that starts low so
     * that early averages are not dominated by the initial weights).
     */
    public void update(float stepDecay) {
        if (!(stepDecay >= 0f && stepDecay <= 1f)) {
            throw new IllegalArgumentException("EMA: decay must be in [0, 1], got " + stepDecay);
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor s = shadow.get(i);
            Backend be = p.backend();
            triptych_h k = be.kernels();
            k.check(k.tri_ema_update_f32(be.context(), p.numel(), s.data(), p.data(), stepDecay), "tri_ema_update_f32",
                    "param", i, "n", p.numel());
        }
    }

    /** The averaged value of parameter i. */
    public Tensor average(int i) {
        return shadow.get(i);
    }

    /** Overwrites {@code targets} (same order and shapes as the tracked parameters) with the averages. */
    public void copyTo(List<? extends Tensor> targets) {
        if (targets.size() != shadow.size()) {
            throw new IllegalArgumentException("EMA tracks " + shadow.size() + " tensors, got " + targets.size());
        }
        for (int i = 0; i < targets.size(); i++) {
            F.copyInto(shadow.get(i), targets.get(i));
        }
    }

    @Override
    public void close() {
        scope.close();
    }
}
