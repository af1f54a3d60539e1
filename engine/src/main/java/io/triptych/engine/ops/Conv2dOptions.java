package io.triptych.engine.ops;

/**
 * Geometry of a 2-D convolution, per axis (height, width), as PyTorch's Conv2d / ConvTranspose2d arguments.
 * {@code outputPadding} applies to transposed convolutions only.
 */
public record Conv2dOptions(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
                            int outputPadH, int outputPadW) {
    public Conv2dOptions {
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("conv: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv: padding must be >= 0, got (" + padH + ", " + padW + ")");
        }
        if (dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("conv: dilation must be >= 1, got (" + dilationH + ", " + dilationW + ")");
        }
        if (groups < 1) {
            throw new IllegalArgumentException("conv: groups must be >= 1, got " + groups);
        }
        if (outputPadH < 0 || outputPadW < 0 || (outputPadH >= strideH && outputPadH >= dilationH)
                || (outputPadW >= strideW && outputPadW >= dilationW)) {
            throw new IllegalArgumentException("conv: output padding (" + outputPadH + ", " + outputPadW
                    + ") must be smaller than stride or dilation");
        }
    }

    /** Square stride and padding, no dilation, one group. */
    public static Conv2dOptions of(int stride, int padding) {
        return new Conv2dOptions(stride, stride, padding, padding, 1, 1, 1, 0, 0);
    }

    public Conv2dOptions withGroups(int g) {
        return new Conv2dOptions(strideH, strideW, padH, padW, dilationH, dilationW, g, outputPadH, outputPadW);
    }

    public Conv2dOptions withDilation(int dh, int dw) {
        return new Conv2dOptions(strideH, strideW, padH, padW, dh, dw, groups, outputPadH, outputPadW);
    }

    public Conv2dOptions withOutputPadding(int oh, int ow) {
        return new Conv2dOptions(strideH, strideW, padH, padW, dilationH, dilationW, groups, oh, ow);
    }
}
