package io.triptych.models.diffusion;

import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;

import java.util.Arrays;

/**
 * A network that maps a noisy batch x_t [B, dataShape...] and its training timesteps (one per sample) to the model
 * output of the same shape: the noise, v or x_0, depending on what it was trained to predict.
 */
public abstract class Denoiser extends ConditionedModule<int[]> {
    protected Denoiser(Device device) {
        super(device);
    }

    /** The shape of one sample, e.g. [2] or [1, 28, 28]. */
    public abstract int[] dataShape();

    /** The output for a validated batch. */
    protected abstract Tensor predict(Tensor x, int[] timesteps);

    @Override
    public final Tensor forward(Tensor x, int[] timesteps) {
        String name = getClass().getSimpleName();
        if (x == null || timesteps == null) {
            throw new IllegalArgumentException(name + ": x and timesteps are required");
        }
        int[] shape = x.shape();
        int[] data = dataShape();
        if (shape.length != data.length + 1 || shape[0] < 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), data)) {
            throw new IllegalArgumentException(name + ": input shape " + Shapes.str(shape) + " is not "
                    + batchShapeText("batch", data));
        }
        if (x.dtype() != DType.F32 || !x.device().equals(device())) {
            throw new IllegalArgumentException(name + ": input is " + x.dtype() + " on " + x.device() + "; the model "
                    + "needs F32 on " + device());
        }
        if (timesteps.length != shape[0]) {
            throw new IllegalArgumentException(name + ": " + timesteps.length + " timesteps for a batch of "
                    + shape[0]);
        }
        for (int t : timesteps) {
            if (t < 0) {
                throw new IllegalArgumentException(name + ": negative timestep " + t);
            }
        }
        return predict(x, timesteps);
    }

    /** "[batch, 1, 28, 28]" for messages. */
    static String batchShapeText(String batch, int[] dataShape) {
        StringBuilder sb = new StringBuilder("[").append(batch);
        for (int d : dataShape) {
            sb.append(", ").append(d);
        }
        return sb.append(']').toString();
    }
}
