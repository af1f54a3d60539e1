#!/usr/bin/env bash
# Runs Triptych's JMH benchmarks and the PyTorch peer on this machine, with the same thread count and environment,
# and writes a ratio table to bench/results/<date>-cpu.md (plus the raw JSON beside it). Other peer runs saved as
# bench/results/<date>-peer-<label>.json (e.g. PyTorch with another BLAS installed) get a column each.
# Usage: bench/compare-peer.sh [threads=2] [jmh options...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/env.sh"
threads="${1:-2}"
shift || true
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "compare-peer: $py has no torch (apt-get install -y python3-torch)" >&2; exit 1; }
cd "$root"
mvn -B -q -DskipTests install -pl bench -am >/dev/null
stamp="$(date -u +%Y-%m-%d)"
out="$root/bench/results"
mkdir -p "$out"
jmh_json="$out/$stamp-jmh.json"
peer_json="$out/$stamp-peer.json"
export TRIPTYCH_THREADS="$threads"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:bench/target/lib/*" \
  org.openjdk.jmh.Main 'io.triptych.bench.(Conv|Gemm)Benchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s \
  -rf json -rff "$jmh_json" "$@"
OMP_NUM_THREADS="$threads" "$py" bench/peer/dcgan_ops.py "$threads" 3 > "$peer_json"
"$py" - "$jmh_json" "$peer_json" "$out/$stamp-cpu.md" "$threads" <<'PY'
import glob, json, os, platform, sys
jmh = json.load(open(sys.argv[1]))
peer = json.load(open(sys.argv[2]))
extra = {}
for f in sorted(glob.glob(sys.argv[2].replace("-peer.json", "-peer-*.json"))):
    label = os.path.basename(f).rsplit("-peer-", 1)[1][:-len(".json")]
    extra[label] = json.load(open(f))["results"]
ours = {}
for b in jmh:
    cls, method = b["benchmark"].rsplit(".", 2)[-2:]
    kind = "conv" if cls == "ConvBenchmark" else "gemm"
    ours["%s.%s.%s" % (kind, b["params"]["shape"], method)] = (b["primaryMetric"]["score"],
                                                               b["primaryMetric"]["scoreError"])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
lines = ["# Triptych vs PyTorch, CPU, %s threads" % sys.argv[4], "",
         "Machine: %s, %s. PyTorch %s (mkldnn %s, BLAS %s). Times in microseconds (JMH average +- 99.9%% error; "
         "PyTorch: median). Ratio = PyTorch time / Triptych time (> 1: Triptych faster)." % (
             cpu, platform.platform(), peer["torch"], peer["mkldnn"], peer["blas"]), "",
         "| benchmark | Triptych (us) | PyTorch (us) | ratio |" + "".join(
             " PyTorch + %s (us) | ratio |" % l for l in extra), "|---|---|---|---|" + "---|---|" * len(extra)]
for key in sorted(ours):
    t, err = ours[key]
    p = peer["results"].get(key)
    ratio = "%.2f" % (p / t) if p else "n/a"
    cells = "".join(" %s | %s |" % ("%.1f" % e[key], "%.2f" % (e[key] / t)) if key in e else " n/a | n/a |"
                    for e in extra.values())
    lines.append("| %s | %.1f +- %.1f | %s | %s |%s" % (key, t, err, "%.1f" % p if p else "n/a", ratio, cells))
open(sys.argv[3], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
