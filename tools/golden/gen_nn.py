"""A small PyTorch model's state dict and its behaviour -> nn_state.safetensors and nn_io.safetensors.

nn_state.safetensors is exactly model.state_dict() as PyTorch names it (what a user would save), so the engine's
modules must load it strictly. nn_io.safetensors holds an input, the training-mode output (which updates the
BatchNorm statistics), the gradients of sum(y_train * gout) for every parameter, the statistics after that step,
and the eval-mode output afterwards.
"""

import os

import torch
import torch.nn as nn

from golden_common import OUT_DIR
from safetensors_io import save


def model():
    return nn.Sequential(nn.Conv2d(1, 4, 3, 1, 1), nn.BatchNorm2d(4), nn.LeakyReLU(0.2), nn.Flatten(),
                         nn.Linear(4 * 5 * 5, 3))


def main():
    torch.manual_seed(1010)
    torch.set_num_threads(1)
    m = model()
    with torch.no_grad():
        m[1].weight.uniform_(0.5, 1.5)
        m[1].bias.uniform_(-0.5, 0.5)
    save({k: v.clone() for k, v in m.state_dict().items()}, os.path.join(OUT_DIR, "nn_state.safetensors"))

    x = torch.randn(2, 1, 5, 5)
    m.train()
    y_train = m(x)
    gout = torch.randn_like(y_train)
    (y_train * gout).sum().backward()
    io = {"x": x, "y_train": y_train.detach(), "gout": gout}
    for name, p in m.named_parameters():
        io["grad." + name] = p.grad.clone()
    for name, b in m.named_buffers():
        io["after." + name] = b.clone()
    m.eval()
    with torch.no_grad():
        io["y_eval"] = m(x)
    save(io, os.path.join(OUT_DIR, "nn_io.safetensors"), {"model": "Sequential(Conv2d(1,4,3,1,1), BatchNorm2d(4), "
                                                                    "LeakyReLU(0.2), Flatten(), Linear(100,3))"})


if __name__ == "__main__":
    main()
