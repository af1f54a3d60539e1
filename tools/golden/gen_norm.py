"""Goldens for batch_norm2d (training and eval), group_norm and layer_norm -> norm.safetensors."""

import torch
import torch.nn.functional as F

from golden_common import GoldenFile

MOMENTUM = 0.1
EPS = 1e-5
RUNNING = ("running_mean", "running_var")


def batch_norm(g, shape, training, affine):
    c = shape[1]
    # An offset and scale per channel, so that a kernel that skips the mean or the variance fails.
    x = torch.randn(*shape) * (torch.rand(c, 1, 1) + 0.5) + torch.randn(c, 1, 1)
    inputs = {"x": x}
    if affine:
        inputs["weight"] = torch.randn(c)
        inputs["bias"] = torch.randn(c)
    inputs["running_mean"] = 0.5 * torch.randn(c)
    inputs["running_var"] = torch.rand(c) + 0.5

    def fn(x, *rest):
        weight, bias = rest[:2] if affine else (None, None)
        # F.batch_norm updates the running statistics in place: work on copies and return them.
        running_mean, running_var = (t.clone() for t in rest[-2:])
        y = F.batch_norm(x, running_mean, running_var, weight, bias, training=training, momentum=MOMENTUM, eps=EPS)
        return {"y": y, "running_mean": running_mean, "running_var": running_var} if training else y

    params = {"op": "batch_norm2d", "training": training, "momentum": MOMENTUM, "eps": EPS, "affine": affine}
    g.add(params, inputs, fn, no_grad=RUNNING)


def main():
    g = GoldenFile("norm", seed=1004)

    batch_norm(g, (3, 5, 4, 3), training=True, affine=True)
    batch_norm(g, (3, 5, 4, 3), training=True, affine=False)
    batch_norm(g, (1, 4, 3, 5), training=True, affine=True)
    batch_norm(g, (3, 5, 4, 3), training=False, affine=True)
    batch_norm(g, (2, 3, 3, 3), training=False, affine=False)

    for groups in (2, 6):
        x = torch.randn(2, 6, 4, 3) * 1.5 + 0.3
        params = {"op": "group_norm", "groups": groups, "eps": EPS, "affine": True}
        g.add(params, {"x": x, "weight": torch.randn(6), "bias": torch.randn(6)},
              lambda x, w, b, groups=groups: F.group_norm(x, groups, w, b, eps=EPS))

    x = torch.randn(2, 3, 11) * 1.5 + 0.3
    g.add({"op": "layer_norm", "normalized_shape": [11], "eps": EPS, "affine": True},
          {"x": x, "weight": torch.randn(11), "bias": torch.randn(11)},
          lambda x, w, b: F.layer_norm(x, [11], w, b, eps=EPS))
    g.add({"op": "layer_norm", "normalized_shape": [11], "eps": EPS, "affine": False},
          {"x": torch.randn(4, 11) * 1.5 + 0.3}, lambda x: F.layer_norm(x, [11], eps=EPS))

    g.write()


if __name__ == "__main__":
    main()
