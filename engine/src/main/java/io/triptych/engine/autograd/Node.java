package io.triptych.engine.autograd;

import io.triptych.engine.Tensor;

import java.util.function.Function;

/**
 * One recorded op of the autograd graph: its inputs, and how to turn the gradient of its output into gradients of
 * its inputs. {@link #backward} runs with grad recording off; it returns one entry per input, null for inputs that
 * need no gradient.
 */
public abstract class Node {
    private final String name;
    private final Tensor[] inputs;

    protected Node(String name, Tensor... inputs) {
        this.name = name;
        this.inputs = inputs.clone();
    }

    /** A node whose backward is {@code backward}. */
    public static Node of(String name, Tensor[] inputs, Function<Tensor, Tensor[]> backward) {
        return new Node(name, inputs) {
            @Override
            public Tensor[] backward(Tensor gradOutput) {
                return backward.apply(gradOutput);
            }
        };
    }

    public abstract Tensor[] backward(Tensor gradOutput);

    public String name() {
        return name;
    }

    public Tensor[] inputs() {
        return inputs.clone();
    }

    public int inputCount() {
        return inputs.length;
    }

    public Tensor input(int i) {
        return inputs[i];
    }

    /** Whether input {@code i} needs a gradient (skip computing it otherwise). */
    public boolean needsGrad(int i) {
        return inputs[i].requiresGrad();
    }

    @Override
    public String toString() {
        return name;
    }
}
