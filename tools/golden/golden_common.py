"""What every gen_*.py shares: recording a case (inputs, outputs, upstream gradients, input gradients) under the
naming convention of README.md, writing the file, and checking what was written."""

import json
import os

import torch

from safetensors_io import load, save

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO, "engine", "src", "test", "resources", "golden")
MAX_FILE_BYTES = 200 * 1024


def away_from(x, kink, margin=1e-2):
    """x with every value closer than `margin` to `kink` pushed out to kink +- margin, so that neither the
    golden gradient nor a finite difference straddles a kink."""
    d = x - kink
    sign = torch.where(d >= 0, torch.ones_like(d), -torch.ones_like(d))
    return kink + sign * d.abs().clamp(min=margin)


def signed_away_from_zero(*shape, low=0.5):
    """Random values of both signs with magnitude >= low (divisors, reciprocals)."""
    x = torch.randn(*shape)
    return torch.where(x >= 0, x + low, x - low)


def positive(*shape, low=0.2):
    """Random values in [low, low + 2) (log, sqrt, fractional powers)."""
    return torch.rand(*shape) * 2 + low


class GoldenFile:
    """Cases c0, c1, ... of one golden file; torch's RNG is seeded here so each file is reproducible alone."""

    def __init__(self, name, seed):
        torch.manual_seed(seed)
        # One thread: float results of torch's CPU kernels can depend on how the work is split.
        torch.set_num_threads(1)
        self.name = name
        self.tensors = {}
        self.metadata = {}

    def _new_case(self, params):
        if "op" not in params:
            raise ValueError("%s: case parameters must name the op: %r" % (self.name, params))
        case = "c%d" % len(self.metadata)
        self.metadata[case] = json.dumps(params)
        return case

    def add(self, params, inputs, fn, no_grad=()):
        """Records fn(*inputs.values()) (inputs passed positionally, in order). Every float input not in
        no_grad gets requires_grad; each output that requires grad gets a random upstream gradient gout, and
        the input gradients are those of sum(out * gout) over outputs. fn returns a tensor (stored as output
        "y") or a dict name -> tensor."""
        case = self._new_case(params)
        leaves = {}
        for name, t in inputs.items():
            self.tensors["%s.in.%s" % (case, name)] = t.detach().clone()
            leaf = t.detach().clone()
            if leaf.is_floating_point() and name not in no_grad:
                leaf.requires_grad_(True)
            leaves[name] = leaf
        result = fn(*leaves.values())
        outputs = result if isinstance(result, dict) else {"y": result}
        loss = None
        for name, out in outputs.items():
            self.tensors["%s.out.%s" % (case, name)] = out.detach().clone()
            if out.requires_grad:
                gout = torch.randn(out.shape)
                self.tensors["%s.gout.%s" % (case, name)] = gout
                term = (out * gout).sum()
                loss = term if loss is None else loss + term
        diff = [n for n, leaf in leaves.items() if leaf.requires_grad]
        if diff and loss is not None:
            grads = torch.autograd.grad(loss, [leaves[n] for n in diff], allow_unused=True)
            for name, g in zip(diff, grads):
                g = torch.zeros_like(leaves[name]) if g is None else g
                self.tensors["%s.grad.%s" % (case, name)] = g.detach().clone()

    def add_tensors(self, params, inputs, outputs):
        """Records a case computed by the caller (no autograd), e.g. an optimizer trajectory."""
        case = self._new_case(params)
        for name, t in inputs.items():
            self.tensors["%s.in.%s" % (case, name)] = t.detach().clone()
        for name, t in outputs.items():
            self.tensors["%s.out.%s" % (case, name)] = t.detach().clone()

    def write(self):
        """Writes OUT_DIR/<name>.safetensors, reloads it with the reader and checks it bit for bit."""
        os.makedirs(OUT_DIR, exist_ok=True)
        path = os.path.join(OUT_DIR, self.name + ".safetensors")
        save(self.tensors, path, self.metadata)
        check_file(path, self.tensors, self.metadata)
        print("%-28s %7d bytes  %3d cases  %4d tensors"
              % (os.path.basename(path), os.path.getsize(path), len(self.metadata), len(self.tensors)))


def check_file(path, expected_tensors=None, expected_metadata=None):
    """Reloads a golden file and checks the conventions of README.md; with expectations, also that every
    tensor and the metadata came back bit for bit. Raises AssertionError naming the file and tensor."""
    tensors, metadata = load(path)
    size = os.path.getsize(path)
    assert size < MAX_FILE_BYTES, "%s: %d bytes, over the %d-byte budget" % (path, size, MAX_FILE_BYTES)
    if expected_tensors is not None:
        assert set(tensors) == set(expected_tensors), "%s: tensor names differ after reload" % path
        for name, want in expected_tensors.items():
            got = tensors[name]
            assert got.dtype == want.dtype and got.shape == want.shape, \
                "%s: %s came back as %s %s, wrote %s %s" % (path, name, got.dtype, list(got.shape),
                                                            want.dtype, list(want.shape))
            # Compare bits, not values: -0.0 == 0.0 and NaN != NaN would hide a broken writer.
            bits = {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}[want.element_size()]
            assert torch.equal(got.contiguous().view(bits), want.contiguous().view(bits)), \
                "%s: %s changed in the round trip" % (path, name)
    if expected_metadata is not None:
        assert metadata == expected_metadata, "%s: metadata changed in the round trip" % path

    cases = {}
    for name in tensors:
        parts = name.split(".", 2)
        assert len(parts) == 3 and parts[1] in ("in", "out", "gout", "grad"), "%s: bad tensor name %r" % (path, name)
        cases.setdefault(parts[0], {}).setdefault(parts[1], set()).add(parts[2])
    assert set(cases) == set(metadata), "%s: cases %s vs metadata keys %s" % (path, sorted(cases), sorted(metadata))
    for case, kinds in cases.items():
        params = json.loads(metadata[case])
        assert isinstance(params, dict) and "op" in params, "%s: %s metadata lacks 'op'" % (path, case)
        assert kinds.get("out"), "%s: %s has no output" % (path, case)
        assert kinds.get("gout", set()) <= kinds["out"], "%s: %s has a gout without its output" % (path, case)
        assert kinds.get("grad", set()) <= kinds.get("in", set()), "%s: %s has a grad without its input" % (path, case)
        for g in kinds.get("grad", ()):
            gt, it = tensors["%s.grad.%s" % (case, g)], tensors["%s.in.%s" % (case, g)]
            assert gt.shape == it.shape, "%s: %s.grad.%s shape %s != input %s" % (path, case, g, list(gt.shape),
                                                                                  list(it.shape))
        for o in kinds.get("gout", ()):
            gt, ot = tensors["%s.gout.%s" % (case, o)], tensors["%s.out.%s" % (case, o)]
            assert gt.shape == ot.shape, "%s: %s.gout.%s shape %s != output %s" % (path, case, o, list(gt.shape),
                                                                                   list(ot.shape))
    for name, t in tensors.items():
        assert not t.is_floating_point() or torch.isfinite(t).all(), "%s: %s holds a non-finite value" % (path, name)
