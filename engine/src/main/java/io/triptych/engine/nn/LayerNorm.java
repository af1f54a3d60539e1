package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;

/** Layer normalisation over the last dim, with affine weight and bias. */
public final class LayerNorm extends Module {
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(int features, float eps, boolean affine, Device device) {
        super(device);
        if (features <= 0) {
            throw new IllegalArgumentException("LayerNorm: features must be positive, got " + features);
        }
        this.eps = eps;
        this.weight = affine ? parameter("weight", () -> Tensor.ones(device, features)) : null;
        this.bias = affine ? parameter("bias", () -> Tensor.zeros(device, features)) : null;
    }

    public LayerNorm(int features, Device device) {
        this(features, 1e-5f, true, device);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.layerNorm(x, weight, bias, eps);
    }
}
