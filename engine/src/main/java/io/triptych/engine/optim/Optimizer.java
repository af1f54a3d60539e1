package io.triptych.engine.optim;

import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Updates parameters from their gradients, one fused native call per tensor. Per-parameter state (momentum,
 * moments) lives in the optimizer's own scope, freed by {@link #close()}. Parameters without a gradient are
 * skipped, as in PyTorch.
 */
public abstract class Optimizer implements AutoCloseable {
    protected final List<? extends Tensor> params;
    private final Scope state = Scope.detached(getClass().getSimpleName() + " state");
    protected float lr;

    protected Optimizer(List<? extends Tensor> params, float lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimise");
        }
        if (!(lr >= 0f)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": lr must be >= 0, got " + lr);
        }
        for (Tensor p : params) {
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + p
                        + " does not require grad");
            }
        }
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** Applies one update to every parameter that has a gradient. */
    public abstract void step();

    public final void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    public final float lr() {
        return lr;
    }

    /** Changes the learning rate (for schedules). */
    public final void lr(float value) {
        if (!(value >= 0f)) {
            throw new IllegalArgumentException("lr must be >= 0, got " + value);
        }
        this.lr = value;
    }

    /** Makes a state tensor in the optimizer's scope. */
    protected final Tensor stateTensor(Supplier<Tensor> make) {
        try (Scope.Entered e = state.enter()) {
            return make.get();
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
