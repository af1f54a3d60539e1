#!/usr/bin/env python3
"""Goldens for bindings' OptimizerKernelTest: five steps of PyTorch 1.13's single-tensor (foreach=False)
SGD, Adam and AdamW, and of an EMA of weights written the way the kernel documents it
(ema.mul_(decay).add_(p, alpha=1 - decay)).

Every hyperparameter is rounded to float32 first: the kernels receive float parameters, while PyTorch does its
scalar arithmetic (1 - beta1, lr / bias_correction1, ...) in Python doubles, so only float-exact values let the
two agree bit for bit.

Run with Debian's python3-torch:  /usr/bin/python3 tools/golden/gen_optim_kernels.py
Writes bindings/src/test/resources/golden/optim_kernels.json (floats as exact decimal doubles).
"""
import json
import os
import struct

import torch

STEPS = 5
N = 37  # not a multiple of PyTorch's vector width, so its scalar tail loop is covered too
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings", "src", "test", "resources",
                   "golden", "optim_kernels.json")


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def values(t):
    return [float(x) for x in t.detach().to(torch.float32).reshape(-1).tolist()]


def grads(gen):
    gs = [torch.randn(N, generator=gen) for _ in range(STEPS)]
    gs[1][3] = 0.0  # a zero gradient: v stays tiny, the update rests on eps
    return gs


def sgd_case(name, gen, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    lr, momentum, dampening, weight_decay = map(f32, (lr, momentum, dampening, weight_decay))
    p = torch.randn(N, generator=gen).requires_grad_()
    case = {"name": name, "kind": "sgd", "n": N, "lr": lr, "momentum": momentum, "dampening": dampening,
            "weight_decay": weight_decay, "nesterov": nesterov, "p0": values(p), "grads": [], "p": [],
            "momentum_buf": []}
    opt = torch.optim.SGD([p], lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                          nesterov=nesterov, foreach=False)
    for g in grads(gen):
        p.grad = g.clone()
        opt.step()
        case["grads"].append(values(g))
        case["p"].append(values(p))
        buf = opt.state[p].get("momentum_buffer")
        case["momentum_buf"].append(values(buf) if buf is not None else [])
    return case


def adam_case(name, gen, decoupled, lr, betas, eps, weight_decay):
    lr, eps, weight_decay = map(f32, (lr, eps, weight_decay))
    betas = tuple(map(f32, betas))
    p = torch.randn(N, generator=gen).requires_grad_()
    case = {"name": name, "kind": "adam", "n": N, "lr": lr, "beta1": betas[0], "beta2": betas[1], "eps": eps,
            "weight_decay": weight_decay, "decoupled": decoupled, "p0": values(p), "grads": [], "p": [], "m": [],
            "v": []}
    cls = torch.optim.AdamW if decoupled else torch.optim.Adam
    opt = cls([p], lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=False)
    for g in grads(gen):
        p.grad = g.clone()
        opt.step()
        case["grads"].append(values(g))
        case["p"].append(values(p))
        case["m"].append(values(opt.state[p]["exp_avg"]))
        case["v"].append(values(opt.state[p]["exp_avg_sq"]))
    return case


def ema_case(name, gen, decay):
    decay = f32(decay)
    ema = torch.randn(N, generator=gen)
    case = {"name": name, "kind": "ema", "n": N, "decay": decay, "ema0": values(ema), "params": [], "ema": []}
    for _ in range(STEPS):
        p = torch.randn(N, generator=gen)
        ema.mul_(decay).add_(p, alpha=1 - decay)
        case["params"].append(values(p))
        case["ema"].append(values(ema))
    return case


def main():
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(20240611)
    cases = [
        sgd_case("sgd", gen, lr=0.1),
        sgd_case("sgd_momentum_dampening_wd", gen, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01),
        sgd_case("sgd_nesterov_wd", gen, lr=0.05, momentum=0.9, weight_decay=1e-3, nesterov=True),
        adam_case("adam", gen, False, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0),
        adam_case("adam_l2", gen, False, lr=3e-3, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05),
        adam_case("adamw", gen, True, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
        ema_case("ema", gen, decay=0.999),
        ema_case("ema_fast", gen, decay=0.75),
    ]
    doc = {"generator": "tools/golden/gen_optim_kernels.py", "torch": torch.__version__, "steps": STEPS,
           "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(cases)} cases x {STEPS} steps")


if __name__ == "__main__":
    main()
