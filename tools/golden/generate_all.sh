#!/usr/bin/env bash
# Regenerates every golden file (engine/src/test/resources/golden and bindings/src/test/resources/golden), then
# checks them all.
# Debian's PyTorch (python3-torch) is the reference; set PYTHON to use another interpreter.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-/usr/bin/python3}
for gen in tools/golden/gen_*.py; do
    "$PY" "$gen"
done
"$PY" tools/golden/check_roundtrip.py
