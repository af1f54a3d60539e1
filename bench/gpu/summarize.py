"""Reads what bench/gpu/run.sh left in OUT and writes the short table (summary.md), printed last by run.sh.
Every number comes from a file of this run; a missing or failed stage shows as such, never as a number.
Usage: summarize.py OUT
"""

import json
import os
import re
import sys


def read(out, name):
    try:
        with open(os.path.join(out, name), encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def load_json(out, name):
    text = read(out, name)
    if not text:
        return None
    try:
        return json.loads(text[text.index("{"):])
    except (ValueError, json.JSONDecodeError):
        return None


def stages(run_log):
    """STAGE lines run.sh writes: name, exit status, seconds."""
    found = {}
    for m in re.finditer(r"^STAGE (\S+) rc=(\d+) seconds=(\d+)$", run_log or "", re.M):
        found[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return found


def spills(build_log):
    """ptxas -v: for each convolution or denoising kernel, its spill stores and loads."""
    kernels, bad = 0, []
    current = None
    for line in (build_log or "").splitlines():
        m = re.search(r"Compiling entry function '([^']+)' for '(sm_\d+)'", line)
        if m:
            current = m.group(1) + " " + m.group(2)
            continue
        m = re.search(r"(\d+) bytes spill stores, (\d+) bytes spill loads", line)
        if m and current and re.search(r"conv|denoise", current, re.I):
            kernels += 1
            if int(m.group(1)) or int(m.group(2)):
                bad.append("%s (%s B stores, %s B loads)" % (current, m.group(1), m.group(2)))
            current = None
    return kernels, bad


def junit(log):
    counts = {}
    for key in ("tests successful", "tests failed", "tests skipped", "tests aborted", "containers failed"):
        m = re.search(r"\[\s*(\d+) " + key + r"\s*\]", log or "")
        counts[key] = int(m.group(1)) if m else None
    return counts


def main():
    out = sys.argv[1]
    run_log = read(out, "run.log")
    st = stages(run_log)
    lines = []
    report = load_json(out, "triptych.json") or {}
    peer = load_json(out, "peer.json") or {}
    lines.append("# Triptych on the GPU")
    lines.append("")
    lines.append("Card: %s. PyTorch peer: %s (CUDA %s, cuDNN %s) on %s." % (
        report.get("device", "unknown (triptych report missing)"), peer.get("torch", "n/a"), peer.get("cuda", "n/a"),
        peer.get("cudnn", "n/a"), peer.get("device", "n/a")))
    lines.append("")
    lines.append("| stage | exit | seconds |")
    lines.append("|---|---|---|")
    for name, (rc, secs) in st.items():
        lines.append("| %s | %s | %d |" % (name, "ok" if rc == 0 else "FAILED (%d)" % rc, secs))
    lines.append("")

    kernels, bad = spills(read(out, "build.log"))
    lines.append("Register spills (ptxas -v) in convolution and denoising kernels: %s" % (
        "not built here" if kernels == 0 else ("none in %d kernels" % kernels if not bad else
                                               "%d of %d spill: %s" % (len(bad), kernels, "; ".join(bad)))))
    j = junit(read(out, "junit.log"))
    if j["tests successful"] is None:
        lines.append("JUnit (GPU tests, header conformance): not run or no summary in junit.log")
    else:
        lines.append("JUnit (GPU tests, header conformance): %s successful, %s failed, %s skipped, %s aborted" % (
            j["tests successful"], j["tests failed"], j["tests skipped"], j["tests aborted"]))
    parity = []
    for row in (read(out, "parity.tsv") or "").splitlines():
        parts = row.split("\t")
        if len(parts) == 3:
            parity.append((parts[0], float(parts[1]), float(parts[2])))
    if parity:
        over = [p for p in parity if p[1] > p[2]]
        worst = max(parity, key=lambda p: p[1] / p[2])
        lines.append("Kernel parity vs the CPU backend: %d comparisons, %d over tolerance; worst %s: %.2e (tol %.0e)"
                     % (len(parity), len(over), worst[0], worst[1], worst[2]))
    else:
        lines.append("Kernel parity vs the CPU backend: no results")
    lines.append("")

    bw = report.get("bandwidth_gbs")
    pbw = peer.get("bandwidth_gbs") or {}
    if bw:
        lines.append("| bandwidth (GB/s) | Triptych | % of copy (target >= 80) | PyTorch |")
        lines.append("|---|---|---|---|")
        for k in ("copy", "silu", "denoise_step"):
            lines.append("| %s | %.0f | %.0f%% | %s |" % (k, bw[k], 100 * bw[k] / bw["copy"],
                                                       "%.0f" % pbw[k] if k in pbw else "n/a"))
        lines.append("")

    conv = report.get("conv") or []
    if conv:
        pconv = {(r["name"], r["batch"]): r for r in peer.get("conv", [])}
        lines.append("| conv shape | pass | Triptych kernel (ms) | best cuDNN (ms) | cuDNN/Triptych (target >= 0.9) "
                     "| plan |")
        lines.append("|---|---|---|---|---|---|")
        for r in conv:
            ratio = ("%.2f" % (r["cudnn_ms"] / r["triptych_ms"]) if r["cudnn_ms"] and r["triptych_ms"] else "n/a")
            best = "%s %s" % (r["cudnn_best"], r["cudnn_ms"]) if r["cudnn_best"] else "none ran"
            lines.append("| %s | %s | %s | %s | %s | %s |" % (r["shape"], r["pass"], r["triptych_ms"], best, ratio,
                                                         r["winner"]))
        if pconv:
            lines.append("")
            lines.append("PyTorch (cuDNN benchmark mode) forward / forward+backward ms: " + ", ".join(
                "%s@%d %.3f/%.3f" % (n, b, r["forward_ms"], r["forward_backward_ms"])
                for (n, b), r in sorted(pconv.items())))
        lines.append("")

    d = report.get("ddim50")
    pd = peer.get("ddim50") or {}
    if d:
        lines.append("| DDIM-50, stack, batch %d | samples/s |" % d["batch"])
        lines.append("|---|---|")
        lines.append("| Triptych eager | %.0f |" % d["eager_samples_per_s"])
        lines.append("| Triptych CUDA graph | %.0f |" % d["graph_samples_per_s"])
        for k, label in (("eager", "PyTorch eager"), ("graph", "PyTorch CUDA graph"),
                         ("compile_default", "torch.compile"), ("compile_reduce_overhead",
                                                                "torch.compile reduce-overhead")):
            v = pd.get(k + "_samples_per_s")
            lines.append("| %s | %s |" % (label, "%.0f" % v if v else "n/a " + str(pd.get(k + "_error", ""))))
        if pd.get("eager_samples_per_s"):
            lines.append("")
            lines.append("Triptych graph / PyTorch eager: %.2fx (target >= 1.5)" % (
                d["graph_samples_per_s"] / pd["eager_samples_per_s"]))
    jmh = read(out, "jmh.json")
    if jmh:
        try:
            rows = json.loads(jmh)
        except json.JSONDecodeError:
            rows = []
        if rows:
            lines.append("")
            lines.append("JMH (wall clock per operation, synchronised): " + ", ".join(
                "%s%s %.1f %s" % (b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1],
                                  "".join("[%s=%s]" % kv for kv in sorted(b.get("params", {}).items())),
                                  b["primaryMetric"]["score"], b["primaryMetric"]["scoreUnit"]) for b in rows))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
