#!/usr/bin/env bash
# A whole experiment against a plain PyTorch script of the same protocol, alternating, on the
# same machine: `albench run benches/protocol_twin.toml` (fresh results directory each time,
# no report) vs `benches/pytorch_protocol.py` (issue: the experiment, not only a step).
# Prints each side's wall time and the speed ratio PyTorch wall / albench wall (> 1: albench
# is faster), alternating which goes first.
#
#   benches/compare_experiment.sh [SCALE] [ROUNDS]     SCALE: smoke (default), mid or full
#
# PYTHON: a Python with torch and numpy (default .venv-bench, as benches/compare_pytorch.sh
# makes it); ALBENCH: the albench binary (default: built here with cargo, release).
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-smoke}"
rounds="${2:-3}"
PYTHON="${PYTHON:-.venv-bench/bin/python}"
if [ -z "${ALBENCH:-}" ]; then
  cargo build --release --locked -q
  ALBENCH="${CARGO_TARGET_DIR:-target}/release/albench"
fi
scale_flag=()
[ "$scale" != full ] && scale_flag=(--scale "$scale")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
run_albench() {
  local t0 t1
  rm -rf "$tmp/results"
  t0=$(date +%s.%N)
  "$ALBENCH" run benches/protocol_twin.toml "${scale_flag[@]}" --quiet --no-report --out "$tmp/results" > "$tmp/albench.log" 2>&1
  t1=$(date +%s.%N)
  echo "albench: $(echo "$t1 - $t0" | bc) s wall"
}
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then
    a=$(run_albench); p=$("$PYTHON" benches/pytorch_protocol.py benches/protocol_twin.toml "${scale_flag[@]}")
  else
    p=$("$PYTHON" benches/pytorch_protocol.py benches/protocol_twin.toml "${scale_flag[@]}"); a=$(run_albench)
  fi
  ta=$(echo "$a" | sed -E 's/albench: ([0-9.]+) s wall.*/\1/')
  tp=$(echo "$p" | sed -E 's/pytorch protocol: ([0-9.]+) s wall.*/\1/')
  # speed ratio as in benches/compare_pytorch.sh: > 1 means albench is faster
  echo "round $r: $a | $p | speed albench / PyTorch = $(echo "scale=3; $tp / $ta" | bc)×"
  grep -h 'final test_accuracy' "$tmp/albench.log" | sed 's/^/  albench /' || true
done
