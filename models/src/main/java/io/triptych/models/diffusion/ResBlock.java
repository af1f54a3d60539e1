package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.Conv2d;
import io.triptych.engine.nn.GroupNorm;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

/**
 * The UNet's residual block, with diffusers' ResnetBlock2D names: h = conv1(silu(norm1(x))) + time_emb_proj(silu(
 * temb)) per channel; out = shortcut(x) + conv2(silu(norm2(h))), the shortcut a 1x1 conv when the width changes.
 */
final class ResBlock extends ConditionedModule<Tensor> {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear timeProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d shortcut;
    private final int out;

    ResBlock(int in, int out, int timeDim, int groups, Device device, Generator gen) {
        super(device);
        this.out = out;
        this.norm1 = child("norm1", new GroupNorm(groups, in, device));
        this.conv1 = child("conv1", new Conv2d(in, out, 3, 1, 1, device, gen));
        this.timeProj = child("time_emb_proj", new Linear(timeDim, out, true, device, gen));
        this.norm2 = child("norm2", new GroupNorm(groups, out, device));
        this.conv2 = child("conv2", new Conv2d(out, out, 3, 1, 1, device, gen));
        this.shortcut = in == out ? null : child("conv_shortcut", new Conv2d(in, out, 1, 1, 0, device, gen));
    }

    @Override
    public Tensor forward(Tensor x, Tensor temb) {
        Tensor h = conv1.forward(F.silu(norm1.forward(x)));
        h = h.add(timeProj.forward(F.silu(temb)).reshape(x.dim(0), out, 1, 1));
        h = conv2.forward(F.silu(norm2.forward(h)));
        return (shortcut == null ? x : shortcut.forward(x)).add(h);
    }
}
