package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.Conv2dOptions;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

/** Transposed 2-D convolution with weight [in, out/groups, k, k] and PyTorch's default initialisation. */
public final class ConvTranspose2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final Conv2dOptions options;

    public ConvTranspose2d(int in, int out, int kernel, Conv2dOptions options, boolean bias, Device device,
                           Generator gen) {
        super(device);
        if (in <= 0 || out <= 0 || kernel <= 0) {
            throw new IllegalArgumentException("ConvTranspose2d: channels and kernel must be positive, got in=" + in
                    + " out=" + out + " kernel=" + kernel);
        }
        if (in % options.groups() != 0 || out % options.groups() != 0) {
            throw new IllegalArgumentException("ConvTranspose2d: in=" + in + " and out=" + out
                    + " must be divisible by groups=" + options.groups());
        }
        this.options = options;
        // PyTorch computes the fan-in of a transposed convolution from weight dim 1.
        int fanIn = out / options.groups() * kernel * kernel;
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        this.weight = parameter("weight", () -> uniform(gen, bound, in, out / options.groups(), kernel, kernel));
        this.bias = bias ? parameter("bias", () -> uniform(gen, bound, out)) : null;
    }

    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, Device device, Generator gen) {
        this(in, out, kernel, Conv2dOptions.of(stride, padding), true, device, gen);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.convTranspose2d(x, weight, bias, options);
    }
}
