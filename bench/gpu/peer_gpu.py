"""PyTorch peer of bench/gpu/GpuWorkloads.java and GpuReport.java on the same card: the same convolutions, the same
bandwidth-bound kernels and the same DDIM-50 loop over the same conv + group-norm + SiLU stack (keep the shapes,
schedule and stack equal to GpuWorkloads.java), timed the same way: CUDA events after a warm-up, medians.
Prints one JSON object. The DDIM loop runs eager, captured as a CUDA graph, and through torch.compile (default and
reduce-overhead modes) where that works; a mode that fails is reported with its error instead of a time.
"""

import json
import math
import statistics
import sys

import torch
import torch.nn.functional as F

CONVS = [  # name, transposed, c_in, h, w, c_out, k, stride, pad
    ("D1", False, 1, 28, 28, 64, 4, 2, 1),
    ("D2", False, 64, 14, 14, 128, 4, 2, 1),
    ("D3", False, 128, 7, 7, 1, 7, 1, 0),
    ("G1", True, 100, 1, 1, 128, 7, 1, 0),
    ("G2", True, 128, 7, 7, 64, 4, 2, 1),
    ("G3", True, 64, 14, 14, 1, 4, 2, 1),
    ("U1", False, 1, 28, 28, 64, 3, 1, 1),
    ("U2", False, 64, 28, 28, 64, 3, 1, 1),
    ("U3", False, 64, 28, 28, 1, 3, 1, 1),
]
BATCHES = [64, 256]
WIDTH, GROUPS, BLOCKS, SIZE, STEPS, TRAIN_STEPS = 64, 8, 4, 28, 50, 1000


def median_ms(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        start = torch.cuda.Event(enable_timing=True)
        stop = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    return statistics.median(times)


def bandwidth():
    n = 1 << 26
    nbytes = n * 4
    a = torch.randn(n, device="cuda")
    m = torch.randn(n, device="cuda")
    b = torch.empty_like(a)
    copy = 2 * nbytes / (median_ms(lambda: b.copy_(a), 5, 31) * 1e6)
    with torch.no_grad():
        silu = 2 * nbytes / (median_ms(lambda: F.silu(a), 5, 31) * 1e6)

        def ddpm_step():
            # GpuReport's DDPM-like step as PyTorch ops: x0 clamped, then the update with fresh noise (its eps term
            # has coefficient 0, so PyTorch is spared computing it).
            x0 = torch.clamp(1.02 * a - 0.2 * m, -1.0, 1.0)
            return 0.1 * a + 0.8 * x0 + 0.05 * torch.randn_like(a)

        step = 4 * nbytes / (median_ms(ddpm_step, 5, 31) * 1e6)
    return {"copy": round(copy, 1), "silu": round(silu, 1), "denoise_step": round(step, 1)}


def convolutions():
    torch.backends.cudnn.benchmark = True
    rows = []
    for batch in BATCHES:
        for name, transposed, cin, h, w, cout, k, s, p in CONVS:
            x = torch.randn(batch, cin, h, w, device="cuda", requires_grad=True)
            wt = torch.randn(cin, cout, k, k, device="cuda") if transposed else torch.randn(cout, cin, k, k,
                                                                                             device="cuda")
            wt.requires_grad_(True)

            def fwd():
                return F.conv_transpose2d(x, wt, None, s, p) if transposed else F.conv2d(x, wt, None, s, p)

            gy = torch.randn_like(fwd())

            def forward_only():
                with torch.no_grad():
                    fwd()

            def forward_backward():
                fwd().backward(gy)

            rows.append({"name": name, "batch": batch, "forward_ms": round(median_ms(forward_only, 5, 21), 4),
                         "forward_backward_ms": round(median_ms(forward_backward, 5, 21), 4)})
    return rows


class Stack(torch.nn.Module):
    """GpuWorkloads.Stack: U1, then BLOCKS x (GroupNorm(8, 64) -> SiLU -> conv 3x3 64->64), then U3."""

    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(2024)
        self.inp = torch.nn.Conv2d(1, WIDTH, 3, padding=1)
        self.convs = torch.nn.ModuleList(torch.nn.Conv2d(WIDTH, WIDTH, 3, padding=1) for _ in range(BLOCKS))
        self.norms = torch.nn.ModuleList(torch.nn.GroupNorm(GROUPS, WIDTH) for _ in range(BLOCKS))
        self.out = torch.nn.Conv2d(WIDTH, 1, 3, padding=1)
        with torch.no_grad():
            for conv, fan_in in [(self.inp, 9)] + [(c, 9 * WIDTH) for c in self.convs] + [(self.out, 9 * WIDTH)]:
                conv.weight.copy_(torch.randn(conv.weight.shape, generator=g) / math.sqrt(fan_in))
                conv.bias.zero_()

    def forward(self, x):
        h = self.inp(x)
        for norm, conv in zip(self.norms, self.convs):
            h = conv(F.silu(norm(h)))
        return self.out(h)


def ddim_coefficients():
    betas = torch.linspace(1e-4, 0.02, TRAIN_STEPS, dtype=torch.float64)
    abar = torch.cumprod(1 - betas, 0).tolist()
    stride = TRAIN_STEPS // STEPS
    out = []
    for i in range(STEPS):
        t = TRAIN_STEPS - 1 - i * stride
        prev = t - stride
        abar_prev = abar[prev] if prev >= 0 else 1.0
        out.append((math.sqrt(abar[t]), math.sqrt(1 - abar[t]), math.sqrt(abar_prev), math.sqrt(1 - abar_prev)))
    return out


def ddim(batch=64):
    stack = Stack().cuda().eval()
    coefs = ddim_coefficients()
    start = torch.randn(batch, 1, SIZE, SIZE, device="cuda")
    x = torch.empty_like(start)

    def loop_with(model):
        def loop():
            x.copy_(start)
            for a, s, ap, sp in coefs:
                eps = model(x)
                x0 = (x - s * eps) / a
                x.copy_(ap * x0 + sp * eps)
        return loop

    result = {"batch": batch, "steps": STEPS}
    with torch.no_grad():
        eager = loop_with(stack)
        result["eager_ms"] = round(median_ms(eager, 2, 7), 4)
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(2):
                eager()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            eager()
        result["graph_ms"] = round(median_ms(graph.replay, 3, 15), 4)
        for mode in ("default", "reduce-overhead"):
            key = "compile_" + mode.replace("-", "_") + "_ms"
            try:
                compiled = torch.compile(stack, mode=None if mode == "default" else mode)
                result[key] = round(median_ms(loop_with(compiled), 3, 7), 4)
            except Exception as e:  # noqa: BLE001 - any compile failure is reported, not fatal
                result[key] = None
                result[key.replace("_ms", "_error")] = str(e).splitlines()[0][:300]
    for key in list(result):
        if key.endswith("_ms") and result[key]:
            result[key.replace("_ms", "_samples_per_s")] = round(batch * 1000 / result[key], 1)
    return result


def main():
    if not torch.cuda.is_available():
        print(json.dumps({"error": "torch.cuda.is_available() is False"}))
        return 1
    torch.manual_seed(0)
    report = {
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version(),
        "device": torch.cuda.get_device_name(0),
        "tf32_conv": torch.backends.cudnn.allow_tf32,
        "bandwidth_gbs": bandwidth(),
        "conv": convolutions(),
        "ddim50": ddim(),
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
