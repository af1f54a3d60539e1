#!/usr/bin/env bash
# The whole GPU session in one call (see ../../shared/DEVICE.md, "One call, one script"), run from the repository root
# on the lent GPU machine, which has CUDA, cmake and a PyTorch with CUDA but no Java, Maven or network. Needs the
# folder bench/gpu/prepare.sh makes here, named in the device call's carry (bench/gpu/target/carry).
#
#   bench/gpu/run.sh [stage ...]     stages: build tests report jmh peer (default: all, in that order)
#
# build   unpack the carried Java runtime; build libtriptych_cuda.so with cmake (ptxas -v output kept for the spill
#         check); find cuDNN and cuBLAS in the Python packages
# tests   the JUnit console launcher on the GPU tests (io.triptych.engine.cuda: every kernel against the CPU
#         backend, Philox bit-equality, CUDA graphs, memory) and the CUDA header conformance test
# report  GpuReport: copy bandwidth and the element-wise/denoising kernels' share of it, Triptych's convolutions
#         against cuDNN's best algorithm per shape, DDIM-50 eager and as a CUDA graph (CUDA events, medians)
# jmh     the JMH GPU benchmarks (wall clock, synchronised)
# peer    the PyTorch peer on the same card (eager, CUDA graph, torch.compile)
#
# Writes at most 8 files to $OUT: summary.md (the table, also printed last), run.log, build.log, junit.log,
# parity.tsv, triptych.json, jmh.json, peer.json. A failing stage is recorded and the next one still runs. Each stage
# has a time cap, and all of them share RUN_BUDGET seconds (default 570), so that the whole run fits one 10-minute
# device call; name fewer stages to give each more.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
here=bench/gpu
carry="$here/target/carry"
work="$root/$here/target/gpu-work"
out="${OUT:-$here/target/out}"
mkdir -p "$out" "$work"
rm -f "$out"/{summary.md,build.log,junit.log,parity.tsv,triptych.json,jmh.json,peer.json}
log="$out/run.log"
: > "$log"
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(build tests report jmh peer)

say() { echo "run.sh: $*" | tee -a "$log"; }
wants() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
# One device call may run 600 s; the stages share what is left of RUN_BUDGET seconds, keeping some for the summary.
deadline=$(( $(date +%s) + ${RUN_BUDGET:-570} ))
# stage NAME CAP_SECONDS COMMAND...: runs the command with a time cap (never past the deadline), records
# "STAGE name rc=N seconds=S"; rc 124 means the cap cut it short.
stage() {
  local name="$1" cap="$2" t0 rc left
  shift 2
  t0=$(date +%s)
  left=$(( deadline - t0 - 15 ))
  [ "$left" -lt "$cap" ] && cap=$left
  if [ "$cap" -le 0 ]; then
    say "stage $name skipped: no time left in RUN_BUDGET"
    echo "STAGE $name rc=124 seconds=0" >> "$log"
    return 124
  fi
  say "stage $name (cap ${cap}s)"
  timeout --kill-after=10 "$cap" "$@"
  rc=$?
  echo "STAGE $name rc=$rc seconds=$(( $(date +%s) - t0 ))" >> "$log"
  return $rc
}

[ -d "$carry" ] || { say "missing $carry: run bench/gpu/prepare.sh on the build machine and carry it"; exit 2; }
{
  echo "host: $(hostname), $(nproc) cores"
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1
  nvcc --version 2>&1 | tail -1
  python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda)" 2>&1
} >> "$log"

jre="$work/jre"
java="$jre/bin/java"
if [ ! -x "$java" ]; then
  tar xJf "$carry/jre.tar.xz" -C "$work" || { say "cannot unpack $carry/jre.tar.xz"; exit 2; }
fi
"$java" -version >> "$log" 2>&1

# cuDNN and cuBLAS live in the PyTorch install's nvidia/* packages (nvidia/cudnn/lib, nvidia/cublas/lib or, for
# CUDA 13 wheels, nvidia/cu13/lib); the loader is told exactly which files, and the dynamic linker their folders.
findlib() {
  python3 - "$@" <<'PY' 2>/dev/null
import glob, site, sys
dirs = site.getsitepackages() + [site.getusersitepackages()]
for name in sys.argv[1:]:
    for d in dirs:
        hits = sorted(glob.glob(d + "/nvidia/**/" + name, recursive=True))
        if hits:
            print(hits[0])
            sys.exit(0)
PY
}
props=(--enable-native-access=ALL-UNNAMED -Xss4m)
libpath=""
cudnn="$(findlib libcudnn.so.9)"
cublas="$(findlib libcublas.so.13 libcublas.so.12)"
for lib in "$cudnn" "$cublas"; do
  [ -n "$lib" ] && libpath="${libpath:+$libpath:}$(dirname "$lib")"
done
[ -n "$cudnn" ] && props+=("-Dtriptych.library.cudnn=$cudnn")
[ -n "$cublas" ] && props+=("-Dtriptych.library.cublas=$cublas")
export LD_LIBRARY_PATH="${libpath}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
say "cuDNN: ${cudnn:-not found}; cuBLAS: ${cublas:-not found}"

build_cuda() {
  local ob="$work/openblas"
  if [ ! -f "$ob/org/bytedeco/openblas/linux-x86_64/include/cblas.h" ]; then
    python3 -m zipfile -e "$carry"/app/openblas-*-linux-x86_64.jar "$ob" || return 1
  fi
  cmake -S native -B "$work/cuda-build" -DCMAKE_BUILD_TYPE=Release \
    -DOPENBLAS_DIR="$ob/org/bytedeco/openblas/linux-x86_64" -DTRI_OUTPUT_DIR="$work/cuda-build/lib" &&
  cmake --build "$work/cuda-build" --target triptych_cuda -j "$(nproc)"
}
if wants build; then
  export -f build_cuda
  export work carry
  stage build 240 bash -c build_cuda > "$out/build.log" 2>&1
fi
cuda_lib="$work/cuda-build/lib/libtriptych_cuda.so"
if [ -f "$cuda_lib" ]; then
  props+=("-Dtriptych.library.triptych_cuda=$cuda_lib")
  say "libtriptych_cuda.so: built here ($cuda_lib)"
else
  say "libtriptych_cuda.so: not built here; the copy carried in the native jar is used"
fi

app_cp="$(ls "$carry"/app/*.jar | tr '\n' ':')"
test_cp="$(ls "$carry"/test/*.jar | tr '\n' ':')"
bench_cp="$(ls "$carry"/bench/*.jar | tr '\n' ':')"

if wants tests; then
  stage tests 200 "$java" "${props[@]}" -Dtriptych.gpu.report="$out/parity.tsv" \
    -jar "$carry/junit-platform-console-standalone.jar" execute --disable-banner --disable-ansi-colors \
    --details=tree --class-path "${test_cp}${app_cp}" \
    --select-package io.triptych.engine.cuda --select-package io.triptych.bindings \
    --include-classname '^io\.triptych\.(engine\.cuda\..*|bindings\.Cuda.*)Test$' > "$out/junit.log" 2>&1
fi

if wants report; then
  stage report 150 "$java" "${props[@]}" -cp "${bench_cp}${app_cp}" io.triptych.bench.gpu.GpuReport \
    > "$out/triptych.json" 2>> "$log"
fi

if wants jmh; then
  stage jmh 150 "$java" "${props[@]}" -cp "${bench_cp}${app_cp}" org.openjdk.jmh.Main 'io.triptych.bench.gpu.*' \
    -f 1 -wi 2 -w 500ms -i 3 -r 500ms -rf json -rff "$out/jmh.json" -jvmArgsAppend "${props[*]}" >> "$log" 2>&1
fi

if wants peer; then
  stage peer 200 python3 "$here/peer_gpu.py" > "$out/peer.json" 2>> "$log"
fi

python3 "$here/summarize.py" "$out"
