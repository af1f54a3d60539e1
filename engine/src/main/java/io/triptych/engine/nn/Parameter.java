package io.triptych.engine.nn;

import io.triptych.engine.Tensor;

/** A module's trainable tensor: a leaf that requires grad, living in its module's scope. */
public final class Parameter extends Tensor {
    /** Takes over {@code init}'s memory and scope; {@code init} must not be used afterwards. */
    public Parameter(Tensor init) {
        super(init);
        requiresGrad(true);
    }
}
