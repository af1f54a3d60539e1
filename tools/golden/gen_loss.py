"""Goldens for losses (mse, bce_with_logits, cross_entropy, gaussian_kl) and embedding -> loss.safetensors."""

import torch
import torch.nn.functional as F

from golden_common import GoldenFile


def gaussian_kl(mu, logvar):
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / mu.shape[0]


def main():
    g = GoldenFile("loss", seed=1006)

    for shape in [(4, 5), (3, 7)]:
        g.add({"op": "mse", "reduction": "mean"}, {"input": torch.randn(*shape), "target": torch.randn(*shape)},
              F.mse_loss)

    # Soft targets, then hard 0/1 targets on an odd size.
    for logits, target in [(2 * torch.randn(4, 5), torch.rand(4, 5)),
                           (2 * torch.randn(7), torch.randint(0, 2, (7,)).float())]:
        g.add({"op": "bce_with_logits", "reduction": "mean"}, {"input": logits, "target": target},
              F.binary_cross_entropy_with_logits)

    for rows, classes in [(5, 7), (1, 4)]:
        labels = torch.randint(0, classes, (rows,), dtype=torch.int32)
        g.add({"op": "cross_entropy", "reduction": "mean"},
              {"logits": 2 * torch.randn(rows, classes), "labels": labels},
              lambda logits, labels: F.cross_entropy(logits, labels.long()))

    for shape in [(4, 6), (1, 3)]:
        g.add({"op": "gaussian_kl", "reduction": "batchmean"},
              {"mu": torch.randn(*shape), "logvar": 0.5 * torch.randn(*shape)}, gaussian_kl)

    for shape in [(2, 5), (7,)]:
        indices = torch.randint(0, 10, shape, dtype=torch.int32).reshape(-1)
        # A repeated index: its weight gradient must accumulate both rows.
        indices[-1] = indices[0]
        g.add({"op": "embedding"}, {"weight": torch.randn(10, 4), "indices": indices.reshape(shape)},
              lambda weight, indices: F.embedding(indices.long(), weight))

    g.write()


if __name__ == "__main__":
    main()
