package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;

/** Group normalisation of [N, C, ...] in {@code groups} groups, with per-channel affine weight and bias. */
public final class GroupNorm extends Module {
    private final int groups;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNorm(int groups, int channels, float eps, boolean affine, Device device) {
        super(device);
        if (groups <= 0 || channels <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: channels=" + channels + " must be a positive multiple of "
                    + "groups=" + groups);
        }
        this.groups = groups;
        this.eps = eps;
        this.weight = affine ? parameter("weight", () -> Tensor.ones(device, channels)) : null;
        this.bias = affine ? parameter("bias", () -> Tensor.zeros(device, channels)) : null;
    }

    public GroupNorm(int groups, int channels, Device device) {
        this(groups, channels, 1e-5f, true, device);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.groupNorm(x, groups, weight, bias, eps);
    }
}
