package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;

import java.util.function.UnaryOperator;

/** Parameter-free activation layers, for use in {@link Sequential}. */
public final class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> fn;

    private Activation(String name, Device device, UnaryOperator<Tensor> fn) {
        super(device);
        this.name = name;
        this.fn = fn;
    }

    public static Activation relu(Device device) {
        return new Activation("ReLU", device, F::relu);
    }

    public static Activation leakyRelu(float slope, Device device) {
        return new Activation("LeakyReLU", device, x -> F.leakyRelu(x, slope));
    }

    public static Activation silu(Device device) {
        return new Activation("SiLU", device, F::silu);
    }

    public static Activation gelu(Device device) {
        return new Activation("GELU", device, F::gelu);
    }

    public static Activation tanh(Device device) {
        return new Activation("Tanh", device, F::tanh);
    }

    public static Activation sigmoid(Device device) {
        return new Activation("Sigmoid", device, F::sigmoid);
    }

    /** Flattens all dims after the batch dim. */
    public static Activation flatten(Device device) {
        return new Activation("Flatten", device, x -> F.flatten(x, 1));
    }

    @Override
    public Tensor forward(Tensor x) {
        return fn.apply(x);
    }

    @Override
    public String toString() {
        return name;
    }
}
