"""Goldens for element-wise ops: broadcasting binary ops, unary math, activations -> elementwise.safetensors."""

import torch
import torch.nn.functional as F

from golden_common import GoldenFile, away_from, positive, signed_away_from_zero

# 65 elements: one full 8-lane vector block plus a ragged tail on every SIMD width.
UNARY_SHAPE = (5, 13)
# (a, b) shapes: trailing-dim broadcast, both-sides broadcast, [1] against a vector, same shape.
BROADCASTS = [((2, 3, 4), (4,)), ((2, 1, 4), (3, 1)), ((5,), (1,)), (UNARY_SHAPE, UNARY_SHAPE)]


def main():
    g = GoldenFile("elementwise", seed=1001)

    for op, fn in [("add", torch.add), ("sub", torch.sub), ("mul", torch.mul), ("div", torch.div)]:
        for sa, sb in BROADCASTS:
            b = signed_away_from_zero(*sb) if op == "div" else torch.randn(*sb)
            g.add({"op": op}, {"a": torch.randn(*sa), "b": b}, fn)

    for op, fn in [("maximum", torch.maximum), ("minimum", torch.minimum)]:
        for sa, sb in [((2, 3, 4), (4,)), (UNARY_SHAPE, UNARY_SHAPE)]:
            b = torch.randn(*sb)
            # Ties split the gradient; keep a at least 1e-2 from b everywhere.
            a = b + away_from(torch.randn(*sa), 0.0)
            g.add({"op": op}, {"a": a, "b": b}, fn)

    for sa, sb in [(UNARY_SHAPE, UNARY_SHAPE), ((2, 3, 4), (4,))]:
        g.add({"op": "pow_tensor"}, {"a": positive(*sa), "b": torch.randn(*sb)}, torch.pow)

    def x():
        return torch.randn(*UNARY_SHAPE)

    def pos():
        return positive(*UNARY_SHAPE)

    unary = [
        ({"op": "neg"}, x(), torch.neg),
        ({"op": "exp"}, x(), torch.exp),
        ({"op": "log"}, pos(), torch.log),
        ({"op": "sqrt"}, pos(), torch.sqrt),
        ({"op": "pow", "exponent": 2.0}, x(), lambda x: torch.pow(x, 2.0)),
        ({"op": "pow", "exponent": 0.5}, pos(), lambda x: torch.pow(x, 0.5)),
        ({"op": "pow", "exponent": -1.5}, pos(), lambda x: torch.pow(x, -1.5)),
        ({"op": "clamp", "min": -0.5, "max": 0.5}, away_from(away_from(x(), -0.5), 0.5),
         lambda x: torch.clamp(x, min=-0.5, max=0.5)),
        ({"op": "clamp", "min": 0.1, "max": None}, away_from(x(), 0.1),
         lambda x: torch.clamp(x, min=0.1)),
        ({"op": "abs"}, away_from(x(), 0.0), torch.abs),
        ({"op": "square"}, x(), torch.square),
        ({"op": "relu"}, away_from(x(), 0.0), F.relu),
        ({"op": "leaky_relu", "negative_slope": 0.2}, away_from(x(), 0.0),
         lambda x: F.leaky_relu(x, negative_slope=0.2)),
        ({"op": "silu"}, 2 * x(), F.silu),
        ({"op": "gelu", "approximate": "none"}, 2 * x(), lambda x: F.gelu(x, approximate="none")),
        ({"op": "tanh"}, 2 * x(), torch.tanh),
        ({"op": "sigmoid"}, 2 * x(), torch.sigmoid),
        ({"op": "softplus", "beta": 1.0, "threshold": 20.0}, 3 * x(),
         lambda x: F.softplus(x, beta=1.0, threshold=20.0)),
        # beta * x > threshold (x > 2.5) switches softplus to the identity: about a fifth of these inputs.
        ({"op": "softplus", "beta": 2.0, "threshold": 5.0}, away_from(3 * x(), 2.5),
         lambda x: F.softplus(x, beta=2.0, threshold=5.0)),
    ]
    for params, inp, fn in unary:
        g.add(params, {"x": inp}, fn)

    g.write()


if __name__ == "__main__":
    main()
