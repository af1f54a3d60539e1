package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

/** Inverted dropout with probability p in training mode; the identity in eval mode. */
public final class Dropout extends Module {
    private final float p;
    private final Generator gen;

    public Dropout(float p, Device device, Generator gen) {
        super(device);
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining(), gen);
    }
}
