#!/usr/bin/env bash
# Regenerates the FFM bindings with jextract, on machines that have it (jextract is not installable on the
# project's build machines, so the bindings in src/main/java are kept by hand in jextract's shape).
#
# jextract writes into a scratch folder; compare it with src/main/java/io/triptych/bindings and carry over the
# differences. Two deliberate differences from jextract's output stay:
#   - triptych_h is instantiated once per kernel library (libtriptych_cpu.so and libtriptych_cuda.so export the
#     same symbols), where jextract emits static methods bound to one library;
#   - a missing symbol is reported at its first call (NativeException), not at class initialisation.
# AbiConformanceTest checks struct layouts, prototypes and constants against the headers either way.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
out="${1:-$here/target/jextract}"
openblas_include="$root/native/target/openblas/org/bytedeco/openblas/linux-x86_64/include"
command -v jextract >/dev/null || { echo "regen.sh: jextract is not on PATH" >&2; exit 1; }
[ -f "$openblas_include/cblas.h" ] || { echo "regen.sh: build the native module first (mvn -pl native install)" >&2; exit 1; }
mkdir -p "$out"

jextract --output "$out" --target-package io.triptych.bindings --header-class-name triptych_h \
  -I "$root/native/include" "$root/native/include/triptych.h"

jextract --output "$out" --target-package io.triptych.bindings --header-class-name cblas_h \
  --include-function cblas_sgemm --include-function openblas_set_num_threads --include-function openblas_set_num_threads_local \
  --include-function openblas_get_num_threads --include-function openblas_get_config \
  --include-function openblas_get_corename --include-function openblas_get_parallel \
  --include-constant CblasRowMajor --include-constant CblasColMajor \
  --include-constant CblasNoTrans --include-constant CblasTrans \
  -I "$openblas_include" "$openblas_include/cblas.h"

echo "regen.sh: generated into $out; diff it against $here/src/main/java/io/triptych/bindings"
