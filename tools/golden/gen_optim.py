"""Goldens for optimizer trajectories (SGD, Adam, AdamW) and the EMA of weights -> optim.safetensors."""

import torch

from golden_common import GoldenFile

STEPS = 5
SHAPE = (7, 5)


def trajectory(g, params, make_optimizer):
    """Runs STEPS updates of torch's optimizer on one parameter with a fixed gradient sequence."""
    param0 = torch.randn(*SHAPE)
    grads = [torch.randn(*SHAPE) for _ in range(STEPS)]
    p = param0.clone().requires_grad_(True)
    opt = make_optimizer([p])
    outputs = {}
    for k, grad in enumerate(grads):
        p.grad = grad.clone()
        opt.step()
        outputs["param%d" % (k + 1)] = p.detach().clone()
    inputs = {"param0": param0}
    inputs.update(("grad%d" % k, grad) for k, grad in enumerate(grads))
    g.add_tensors(dict(params, steps=STEPS), inputs, outputs)


def main():
    g = GoldenFile("optim", seed=1007)

    for momentum, weight_decay, nesterov in [(0.9, 1e-2, False), (0.9, 1e-2, True), (0.0, 0.0, False)]:
        params = {"op": "sgd", "lr": 0.1, "momentum": momentum, "dampening": 0.0, "weight_decay": weight_decay,
                  "nesterov": nesterov}
        trajectory(g, params, lambda ps, m=momentum, wd=weight_decay, n=nesterov: torch.optim.SGD(
            ps, lr=0.1, momentum=m, dampening=0.0, weight_decay=wd, nesterov=n, foreach=False))

    for op, cls, weight_decay in [("adam", torch.optim.Adam, 0.0), ("adam", torch.optim.Adam, 1e-2),
                                  ("adamw", torch.optim.AdamW, 1e-2)]:
        params = {"op": op, "lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": weight_decay,
                  "amsgrad": False}
        trajectory(g, params, lambda ps, cls=cls, wd=weight_decay: cls(
            ps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd, amsgrad=False, foreach=False))

    # EMA of a parameter that moves between updates: ema_k = decay * ema_{k-1} + (1 - decay) * param_k.
    decay, updates = 0.9, 3
    ema = torch.randn(*SHAPE)
    inputs, outputs = {"ema0": ema.clone()}, {}
    param = torch.randn(*SHAPE)
    for k in range(1, updates + 1):
        param = param + 0.1 * torch.randn(*SHAPE)
        inputs["param%d" % k] = param
        ema.mul_(decay).add_(param, alpha=1 - decay)
        outputs["ema%d" % k] = ema.clone()
    g.add_tensors({"op": "ema", "decay": decay, "steps": updates}, inputs, outputs)

    g.write()


if __name__ == "__main__":
    main()
