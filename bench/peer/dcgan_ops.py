"""PyTorch peer of bench/src/main/java/io/triptych/bench/{Conv,Gemm}Benchmark.java: the same ops at the same shapes
(keep the shape lists equal to DcganShapes.java), timed the same way (warm-up, then the median of many runs).
Prints one JSON object: {"torch": version, "threads": n, "mkldnn": bool, "results": {"conv.D1.forwardOnly": us, ...}}.
"""

import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

CONVS = [
    ("D1", False, 64, 1, 28, 28, 64, 4, 2, 1),
    ("D2", False, 64, 64, 14, 14, 128, 4, 2, 1),
    ("D3", False, 64, 128, 7, 7, 1, 7, 1, 0),
    ("G1", True, 64, 100, 1, 1, 128, 7, 1, 0),
    ("G2", True, 64, 128, 7, 7, 64, 4, 2, 1),
    ("G3", True, 64, 64, 14, 14, 1, 4, 2, 1),
]
GEMMS = [("D2-fwd", 128, 3136, 1024), ("G2-fwd", 1024, 3136, 128), ("D1-fwd", 64, 12544, 16),
         ("MLP-256x128x128", 256, 128, 128)]


def median_us(fn, seconds):
    for _ in range(5):
        fn()
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(times) < 10:
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e6)
    return statistics.median(times)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    results = {}
    for name, transposed, n, cin, h, w, cout, k, s, p in CONVS:
        x = torch.randn(n, cin, h, w, requires_grad=True)
        wt = torch.randn(cin, cout, k, k) if transposed else torch.randn(cout, cin, k, k)
        wt.requires_grad_(True)

        def fwd():
            return F.conv_transpose2d(x, wt, None, s, p) if transposed else F.conv2d(x, wt, None, s, p)

        gy = torch.randn_like(fwd())

        def forward_only():
            with torch.no_grad():
                fwd()

        def forward_backward():
            fwd().backward(gy)

        results["conv.%s.forwardOnly" % name] = median_us(forward_only, seconds)
        results["conv.%s.forwardBackward" % name] = median_us(forward_backward, seconds)
    for name, m, nn, k in GEMMS:
        a = torch.randn(m, k)
        b = torch.randn(k, nn)
        results["gemm.%s.matmul" % name] = median_us(lambda: torch.matmul(a, b), seconds)
    print(json.dumps({"torch": torch.__version__, "threads": threads, "mkldnn": torch.backends.mkldnn.is_available(),
                      "blas": torch.__config__.show().split("BLAS_INFO=")[1].split(",")[0], "results": results}))


if __name__ == "__main__":
    main()
