package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.Module;

/**
 * A module whose forward pass needs a conditioning input besides x (the timesteps of a denoiser, the time embedding
 * of a residual block). Module's one-argument forward cannot supply it, so it refuses instead of guessing one.
 */
public abstract class ConditionedModule<C> extends Module {
    protected ConditionedModule(Device device) {
        super(device);
    }

    public abstract Tensor forward(Tensor x, C condition);

    @Override
    public final Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is conditioned: call forward(x, "
                + "condition) with its timesteps or time embedding");
    }
}
