"""PyTorch peer of `triptych compare --data mnist --families gan`: the same DCGAN (networks, N(0, 0.02) initialisation,
non-saturating loss, Adam(2e-4, 0.5, 0.999), cosine learning-rate decay, batch 64, drop-last shuffled epochs) trained
on the same digits, so that Triptych's GAN numbers can be told apart from the setup's.

    ./triptych export --data mnist --split train --out mnist-train.npy
    python3 bench/peer/dcgan_mnist.py mnist-train.npy --steps 2000 --samples 500 --out torch-gan.npy
    ./triptych evaluate --data mnist --samples torch-gan.npy

Samples are drawn with the generator in eval mode (BatchNorm running statistics), as Triptych samples.
"""

import argparse
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def networks(latent, width):
    g = nn.Sequential(
        nn.ConvTranspose2d(latent, 2 * width, 7, 1, 0, bias=False), nn.BatchNorm2d(2 * width), nn.ReLU(True),
        nn.ConvTranspose2d(2 * width, width, 4, 2, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(True),
        nn.ConvTranspose2d(width, 1, 4, 2, 1, bias=False), nn.Tanh())
    d = nn.Sequential(
        nn.Conv2d(1, width, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True),
        nn.Conv2d(width, 2 * width, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * width), nn.LeakyReLU(0.2, True),
        nn.Conv2d(2 * width, 1, 7, 1, 0, bias=False))
    for m in list(g.modules()) + list(d.modules()):
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)
    return g, d


def main():
    p = argparse.ArgumentParser()
    p.add_argument("train", help="the train split as .npy [n, 1, 28, 28] in [0, 1] (triptych export)")
    p.add_argument("--steps", type=int, default=8000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--samples", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    x = torch.from_numpy(np.load(a.train).astype(np.float32)).reshape(-1, 1, 28, 28) * 2 - 1
    g, d = networks(100, 64)
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    order, pos = rng.permutation(len(x)), 0
    for step in range(a.steps):
        lr = 2e-4 * 0.5 * (1 + math.cos(math.pi * step / a.steps))
        for opt in (opt_g, opt_d):
            for group in opt.param_groups:
                group["lr"] = lr
        if pos + a.batch > len(x):
            order, pos = rng.permutation(len(x)), 0
        real = x[order[pos:pos + a.batch]]
        pos += a.batch
        fake = g(torch.randn(a.batch, 100, 1, 1))
        real_logits, fake_logits = d(real).flatten(), d(fake.detach()).flatten()
        d_loss = (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
                  + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        g_logits = d(fake).flatten()
        g_loss = F.binary_cross_entropy_with_logits(g_logits, torch.ones_like(g_logits))
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        if (step + 1) % 500 == 0:
            print(f"step {step + 1}: d_real {torch.sigmoid(real_logits).mean():.3f} "
                  f"d_fake {torch.sigmoid(fake_logits).mean():.3f} g_loss {g_loss.item():.3f}", flush=True)
    g.eval()
    with torch.no_grad():
        samples = torch.cat([g(torch.randn(min(250, a.samples - i), 100, 1, 1))
                             for i in range(0, a.samples, 250)]) * 0.5 + 0.5
    np.save(a.out, samples.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
