"""Goldens for reductions, shape ops, softmax, nearest upsampling and average pooling
-> reduce_shape.safetensors."""

import torch
import torch.nn.functional as F

from golden_common import GoldenFile


def main():
    g = GoldenFile("reduce_shape", seed=1005)

    # "dims": null means all elements (a scalar output).
    for op, fn in [("sum", torch.sum), ("mean", torch.mean)]:
        g.add({"op": op, "dims": None, "keepdim": False}, {"x": torch.randn(3, 4, 5)}, fn)
        for dims in ([1], [0, 2]):
            for keepdim in (False, True):
                g.add({"op": op, "dims": dims, "keepdim": keepdim}, {"x": torch.randn(3, 4, 5)},
                      lambda x, fn=fn, dims=dims, keepdim=keepdim: fn(x, dim=dims, keepdim=keepdim))

    g.add({"op": "reshape", "shape": [4, 6]}, {"x": torch.randn(2, 3, 4)}, lambda x: x.reshape(4, 6))
    g.add({"op": "permute", "dims": [2, 0, 1]}, {"x": torch.randn(2, 3, 4)}, lambda x: x.permute(2, 0, 1))
    g.add({"op": "transpose", "dim0": 0, "dim1": 2}, {"x": torch.randn(3, 4, 5)}, lambda x: x.transpose(0, 2))
    g.add({"op": "transpose", "dim0": 0, "dim1": 1}, {"x": torch.randn(4, 7)}, lambda x: x.transpose(0, 1))

    for dim, shapes in [(0, [(2, 3, 4), (1, 3, 4)]), (0, [(2, 3), (1, 3), (3, 3)]),
                        (1, [(2, 3, 4), (2, 1, 4)]), (1, [(2, 1, 4), (2, 3, 4), (2, 2, 4)])]:
        inputs = {"x%d" % i: torch.randn(*s) for i, s in enumerate(shapes)}
        g.add({"op": "concat", "dim": dim}, inputs, lambda *xs, dim=dim: torch.cat(xs, dim=dim))

    for shape, dim, start, end in [((4, 6, 3), 1, 1, 4), ((5, 3), 0, 2, 5), ((2, 3, 7), 2, 0, 3)]:
        g.add({"op": "narrow", "dim": dim, "start": start, "end": end}, {"x": torch.randn(*shape)},
              lambda x, dim=dim, start=start, end=end: torch.narrow(x, dim, start, end - start))

    for op, fn in [("softmax", F.softmax), ("log_softmax", F.log_softmax)]:
        for shape in [(4, 7), (2, 3, 5)]:
            g.add({"op": op, "dim": -1}, {"x": 2 * torch.randn(*shape)}, lambda x, fn=fn: fn(x, dim=-1))

    g.add({"op": "upsample_nearest", "scale_factor": 2}, {"x": torch.randn(2, 3, 4, 5)},
          lambda x: F.interpolate(x, scale_factor=2, mode="nearest"))

    # The second shape has odd sizes: the last row and column are dropped (floor).
    for shape in [(2, 3, 6, 8), (1, 2, 7, 5)]:
        g.add({"op": "avg_pool2d", "kernel_size": [2, 2], "stride": [2, 2], "padding": [0, 0]},
              {"x": torch.randn(*shape)}, lambda x: F.avg_pool2d(x, 2, 2))

    g.write()


if __name__ == "__main__":
    main()
