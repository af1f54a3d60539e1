package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;

import java.lang.foreign.MemorySegment;

/**
 * Batch normalisation over [N, C, ...] with running statistics (momentum 0.1, eps 1e-5 by default) and the
 * buffers PyTorch saves: running_mean, running_var, num_batches_tracked.
 */
public final class BatchNorm2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor batchesTracked;
    private final float momentum;
    private final float eps;

    public BatchNorm2d(int channels, float eps, float momentum, boolean affine, Device device) {
        super(device);
        if (channels <= 0) {
            throw new IllegalArgumentException("BatchNorm2d: channels must be positive, got " + channels);
        }
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? parameter("weight", () -> Tensor.ones(device, channels)) : null;
        this.bias = affine ? parameter("bias", () -> Tensor.zeros(device, channels)) : null;
        this.runningMean = buffer("running_mean", () -> Tensor.zeros(device, channels));
        this.runningVar = buffer("running_var", () -> Tensor.ones(device, channels));
        this.batchesTracked = counter("num_batches_tracked");
    }

    public BatchNorm2d(int channels, Device device) {
        this(channels, 1e-5f, 0.1f, true, device);
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = F.batchNorm(x, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
        if (isTraining()) {
            long[] count = batchesTracked.toLongArray();
            batchesTracked.backend().copyFromHost(MemorySegment.ofArray(new long[] {count[0] + 1}),
                    batchesTracked.data(), Long.BYTES);
        }
        return y;
    }
}
