"""Goldens for conv2d and conv_transpose2d (input, weight and bias gradients) -> conv.safetensors."""

import torch
import torch.nn.functional as F

from golden_common import GoldenFile

# (n, c_in, h, w, c_out, kernel, stride, padding, dilation, groups, bias)
CONV2D = [
    (2, 3, 9, 7, 4, (3, 3), (1, 1), (1, 1), (1, 1), 1, True),
    (2, 3, 11, 10, 4, (3, 3), (2, 2), (1, 1), (1, 1), 1, True),   # stride 2 on odd sizes
    (2, 3, 9, 8, 4, (3, 3), (1, 1), (2, 2), (2, 2), 1, True),     # dilation 2
    (2, 4, 7, 6, 6, (3, 3), (1, 1), (1, 1), (1, 1), 2, True),     # groups 2
    (2, 4, 7, 6, 8, (3, 3), (1, 1), (1, 1), (1, 1), 4, True),     # depthwise, channel multiplier 2
    (1, 3, 8, 8, 4, (4, 4), (2, 2), (1, 1), (1, 1), 1, True),     # DCGAN discriminator downsampling
    (2, 5, 6, 5, 3, (1, 1), (1, 1), (0, 0), (1, 1), 1, False),    # 1x1, no bias
    (2, 3, 9, 8, 4, (3, 2), (2, 1), (1, 0), (1, 1), 1, True),     # asymmetric kernel, stride, padding
]

# (n, c_in, h, w, c_out, kernel, stride, padding, output_padding, dilation, groups, bias)
CONV_TRANSPOSE2D = [
    (2, 4, 5, 5, 3, (4, 4), (2, 2), (1, 1), (0, 0), (1, 1), 1, True),   # DCGAN generator upsampling
    (2, 3, 5, 4, 4, (3, 3), (2, 2), (1, 1), (1, 1), (1, 1), 1, True),   # output_padding 1
    (2, 4, 5, 4, 6, (3, 3), (1, 1), (1, 1), (0, 0), (1, 1), 2, True),   # groups 2
    (2, 3, 5, 4, 4, (3, 3), (1, 1), (1, 1), (0, 0), (2, 2), 1, True),   # dilation 2
    (2, 8, 1, 1, 4, (7, 7), (1, 1), (0, 0), (0, 0), (1, 1), 1, True),   # DCGAN first layer: 1x1 -> 7x7
    (1, 4, 4, 4, 2, (4, 4), (2, 2), (1, 1), (0, 0), (1, 1), 1, False),  # batch 1, no bias
]


def weight(rows, channels, kernel):
    """Random [rows, channels, kh, kw] weights scaled by 1/sqrt(channels * kh * kw), so outputs stay of order one."""
    return torch.randn(rows, channels, *kernel) / (channels * kernel[0] * kernel[1]) ** 0.5


def main():
    g = GoldenFile("conv", seed=1003)

    for n, cin, h, w, cout, k, s, p, d, groups, bias in CONV2D:
        inputs = {"x": torch.randn(n, cin, h, w), "weight": weight(cout, cin // groups, k)}
        if bias:
            inputs["bias"] = torch.randn(cout)
        params = {"op": "conv2d", "stride": list(s), "padding": list(p), "dilation": list(d), "groups": groups,
                  "bias": bias}
        g.add(params, inputs, lambda x, wt, b=None, s=s, p=p, d=d, groups=groups:
              F.conv2d(x, wt, b, stride=s, padding=p, dilation=d, groups=groups))

    for n, cin, h, w, cout, k, s, p, op, d, groups, bias in CONV_TRANSPOSE2D:
        # conv_transpose2d weights are [c_in, c_out / groups, kh, kw].
        inputs = {"x": torch.randn(n, cin, h, w), "weight": weight(cin, cout // groups, k)}
        if bias:
            inputs["bias"] = torch.randn(cout)
        params = {"op": "conv_transpose2d", "stride": list(s), "padding": list(p), "output_padding": list(op),
                  "dilation": list(d), "groups": groups, "bias": bias}
        g.add(params, inputs, lambda x, wt, b=None, s=s, p=p, op=op, d=d, groups=groups:
              F.conv_transpose2d(x, wt, b, stride=s, padding=p, output_padding=op, groups=groups, dilation=d))

    g.write()


if __name__ == "__main__":
    main()
