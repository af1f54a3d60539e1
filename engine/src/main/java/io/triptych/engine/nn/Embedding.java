package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

/** A table of {@code num} vectors of size {@code dim}, initialised N(0, 1) as PyTorch does; forward takes I32 indices. */
public final class Embedding extends Module {
    private final Parameter weight;

    public Embedding(int num, int dim, Device device, Generator gen) {
        super(device);
        if (num <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got num=" + num + " dim=" + dim);
        }
        this.weight = parameter("weight", () -> gen.normal(device, 0f, 1f, num, dim));
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor indices) {
        return F.embedding(weight, indices);
    }
}
