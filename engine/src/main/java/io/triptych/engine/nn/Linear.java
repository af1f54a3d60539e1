package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

/** y = x W^T + b, with PyTorch's default initialisation U(-1/sqrt(in), 1/sqrt(in)). */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int in, int out, boolean bias, Device device, Generator gen) {
        super(device);
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: features must be positive, got in=" + in + " out=" + out);
        }
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = parameter("weight", () -> uniform(gen, bound, out, in));
        this.bias = bias ? parameter("bias", () -> uniform(gen, bound, out)) : null;
    }

    public Linear(int in, int out, Generator gen) {
        this(in, out, true, Device.cpu(), gen);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.linear(x, weight, bias);
    }
}
