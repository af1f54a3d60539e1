package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.Activation;
import io.triptych.engine.nn.Conv2d;
import io.triptych.engine.nn.GroupNorm;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.nn.Sequential;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

import java.util.Arrays;

/**
 * A small UNet for [C, H, W] images with H and W divisible by 4 (MNIST: 28 -> 14 -> 7 and back): one residual block
 * per resolution on the way down, two around an optional self-attention at the lowest resolution, one per resolution
 * on the way up fed the down path's output at that resolution (skip connection, concatenated). Downsampling is a
 * stride-2 3x3 conv, upsampling nearest x2 followed by a 3x3 conv. The time embedding, time_mlp(sinusoidal(t)) of
 * width 4 * widths[0], is added in every residual block.
 */
public final class UNetDenoiser extends Denoiser {
    private final int[] dataShape;
    private final int baseWidth;
    private final Sequential timeMlp;
    private final Conv2d convIn;
    private final ResBlock down0;
    private final Conv2d downsample0;
    private final ResBlock down1;
    private final Conv2d downsample1;
    private final ResBlock mid0;
    private final SelfAttention attention;
    private final ResBlock mid1;
    private final Conv2d upsample1;
    private final ResBlock up1;
    private final Conv2d upsample0;
    private final ResBlock up0;
    private final GroupNorm normOut;
    private final Conv2d convOut;

    /**
     * @param dataShape [C, H, W]
     * @param widths    channels at full, half and quarter resolution, e.g. {32, 64, 64}
     * @param groups    GroupNorm groups; must divide every width and the skip concatenations' widths
     * @param attention self-attention at the quarter resolution
     */
    public UNetDenoiser(int[] dataShape, int[] widths, int groups, boolean attention, Device device, Generator gen) {
        super(device);
        check(dataShape, widths, groups);
        this.dataShape = dataShape.clone();
        int c0 = widths[0];
        int c1 = widths[1];
        int c2 = widths[2];
        int timeDim = 4 * c0;
        this.baseWidth = c0;
        this.timeMlp = child("time_mlp", new Sequential(device, new Linear(c0, timeDim, true, device, gen),
                Activation.silu(device), new Linear(timeDim, timeDim, true, device, gen)));
        this.convIn = child("conv_in", new Conv2d(dataShape[0], c0, 3, 1, 1, device, gen));
        this.down0 = child("down_0", new ResBlock(c0, c0, timeDim, groups, device, gen));
        this.downsample0 = child("downsample_0", new Conv2d(c0, c0, 3, 2, 1, device, gen));
        this.down1 = child("down_1", new ResBlock(c0, c1, timeDim, groups, device, gen));
        this.downsample1 = child("downsample_1", new Conv2d(c1, c1, 3, 2, 1, device, gen));
        this.mid0 = child("mid_0", new ResBlock(c1, c2, timeDim, groups, device, gen));
        this.attention = attention ? child("attention", new SelfAttention(c2, groups, device, gen)) : null;
        this.mid1 = child("mid_1", new ResBlock(c2, c2, timeDim, groups, device, gen));
        this.upsample1 = child("upsample_1", new Conv2d(c2, c2, 3, 1, 1, device, gen));
        this.up1 = child("up_1", new ResBlock(c2 + c1, c1, timeDim, groups, device, gen));
        this.upsample0 = child("upsample_0", new Conv2d(c1, c1, 3, 1, 1, device, gen));
        this.up0 = child("up_0", new ResBlock(c1 + c0, c0, timeDim, groups, device, gen));
        this.normOut = child("norm_out", new GroupNorm(groups, c0, device));
        this.convOut = child("conv_out", new Conv2d(c0, dataShape[0], 3, 1, 1, device, gen));
    }

    private static void check(int[] dataShape, int[] widths, int groups) {
        if (dataShape == null || dataShape.length != 3 || dataShape[0] < 1 || dataShape[1] < 4 || dataShape[2] < 4
                || dataShape[1] % 4 != 0 || dataShape[2] % 4 != 0) {
            throw new IllegalArgumentException("UNetDenoiser needs data shape [C, H, W] with H and W positive "
                    + "multiples of 4, got " + Arrays.toString(dataShape));
        }
        if (widths == null || widths.length != 3) {
            throw new IllegalArgumentException("UNetDenoiser needs 3 widths (full, half, quarter resolution), got "
                    + Arrays.toString(widths));
        }
        int[] normed = {widths[0], widths[1], widths[2], widths[2] + widths[1], widths[1] + widths[0]};
        for (int c : normed) {
            if (groups < 1 || c < 1 || c % groups != 0) {
                throw new IllegalArgumentException("UNetDenoiser: widths " + Arrays.toString(widths) + " must be "
                        + "positive multiples of groups=" + groups + " (GroupNorm), so must the skip widths "
                        + (widths[2] + widths[1]) + " and " + (widths[1] + widths[0]));
            }
        }
        if (widths[0] % 2 != 0) {
            throw new IllegalArgumentException("UNetDenoiser: widths[0]=" + widths[0] + " is the sinusoidal "
                    + "embedding's size and must be even");
        }
    }

    @Override
    public int[] dataShape() {
        return dataShape.clone();
    }

    @Override
    protected Tensor predict(Tensor x, int[] timesteps) {
        Tensor temb = timeMlp.forward(TimestepEmbedding.sinusoidal(timesteps, baseWidth, device()));
        Tensor skip0 = down0.forward(convIn.forward(x), temb);
        Tensor skip1 = down1.forward(downsample0.forward(skip0), temb);
        Tensor h = mid0.forward(downsample1.forward(skip1), temb);
        if (attention != null) {
            h = attention.forward(h);
        }
        h = mid1.forward(h, temb);
        h = up1.forward(F.concat(1, upsample1.forward(F.upsampleNearest(h, 2)), skip1), temb);
        h = up0.forward(F.concat(1, upsample0.forward(F.upsampleNearest(h, 2)), skip0), temb);
        return convOut.forward(F.silu(normOut.forward(h)));
    }
}
