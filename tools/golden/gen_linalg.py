"""Goldens for matmul and linear -> linalg.safetensors."""

import torch
import torch.nn.functional as F

from golden_common import GoldenFile


def main():
    g = GoldenFile("linalg", seed=1002)

    # 2-D, batched, one-sided batch broadcast, and a batch of 1 broadcast against 3.
    for sa, sb in [((5, 7), (7, 3)), ((2, 5, 7), (2, 7, 3)), ((2, 5, 7), (7, 3)), ((1, 5, 7), (3, 7, 3))]:
        g.add({"op": "matmul"}, {"a": torch.randn(*sa), "b": torch.randn(*sb)}, torch.matmul)

    g.add({"op": "linear", "bias": True}, {"x": torch.randn(8, 5), "weight": torch.randn(3, 5), "bias": torch.randn(3)},
          F.linear)
    g.add({"op": "linear", "bias": False}, {"x": torch.randn(8, 5), "weight": torch.randn(3, 5)}, F.linear)
    # Leading dims other than one batch dim are flattened by a linear layer.
    g.add({"op": "linear", "bias": True},
          {"x": torch.randn(2, 4, 5), "weight": torch.randn(3, 5), "bias": torch.randn(3)}, F.linear)

    g.write()


if __name__ == "__main__":
    main()
