package io.triptych.models.vae;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.Module;
import io.triptych.engine.ops.F;

/** Reshapes [B, prod(shape)] to [B, shape...], the inverse of Activation.flatten, where a decoder turns to images. */
final class Unflatten extends Module {
    private final int[] shape;

    Unflatten(Device device, int... shape) {
        super(device);
        this.shape = shape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] out = new int[shape.length + 1];
        out[0] = x.dim(0);
        System.arraycopy(shape, 0, out, 1, shape.length);
        return F.reshape(x, out);
    }
}
