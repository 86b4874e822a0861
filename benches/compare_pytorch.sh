#!/usr/bin/env bash
# albench's learner against its PyTorch twin on the same machine, alternating, and the ratios.
#
#   benches/compare_pytorch.sh [ROUNDS]            CPU: flex vs PyTorch CPU, both on all cores
#   BACKEND=wgpu DEVICE=cuda benches/compare_pytorch.sh     GPU: wgpu vs PyTorch CUDA
#
# Environment:
#   BACKEND   albench backend (flex | cpu | wgpu | cuda; the bench must be built with it)
#   DEVICE    PyTorch device (cpu | cuda)
#   THREADS   PyTorch threads (default: the number of cores, as flex uses them all)
#   ONLY      learner (default: cnn / mlp / resnet train steps and pool inference) or
#             detection (the detector's train step and pool scoring)
#   BENCH     a prebuilt `throughput` bench binary (default: built here with cargo)
#   PYTHON    a Python with torch (default: a venv made in .venv-bench with pip install torch numpy,
#             about 5 GB, so this is not part of CI)
#
# Each round runs albench's benchmark, then the twin (or the reverse on odd rounds), so
# machine drift hits both. Prints every figure and, per line, the ratio albench / PyTorch of
# each round and their median.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
backend="${BACKEND:-flex}"
device="${DEVICE:-cpu}"
threads="${THREADS:-$(nproc)}"
only="${ONLY:-learner}"
twin_only=""
[ "$only" = detection ] && twin_only="--only detection"

if [ -z "${PYTHON:-}" ]; then
  if [ ! -x .venv-bench/bin/python ]; then
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install -q torch numpy
  fi
  PYTHON=.venv-bench/bin/python
fi
if [ -z "${BENCH:-}" ]; then
  features=""
  [ "$backend" != flex ] && features="--features $backend"
  # shellcheck disable=SC2086
  BENCH="$(cargo bench --bench throughput --no-run $features --message-format=json 2>/dev/null |
    "$PYTHON" -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "throughput" and m.get("executable"):
        print(m["executable"])' | tail -n 1)"
fi

log="$(mktemp)"
for r in $(seq 1 "$rounds"); do
  a() { ALBENCH_BENCH_BACKEND="$backend" ALBENCH_BENCH_ONLY="$only" "$BENCH" | sed "s/^/albench $r | /"; }
  p() { "$PYTHON" benches/pytorch_twin.py --device "$device" --threads "$threads" $twin_only | sed "s/^/pytorch $r | /"; }
  if [ $((r % 2)) = 1 ]; then a; p; else p; a; fi | tee -a "$log"
done

"$PYTHON" - "$log" <<'EOF'
import re, statistics, sys
fig = {}
for line in open(sys.argv[1]):
    m = re.match(r"(albench|pytorch) (\d+) \| (.*): (\d+) images/s", line)
    if m:
        fig.setdefault(m.group(3), {}).setdefault(int(m.group(2)), {})[m.group(1)] = int(m.group(4))
print("\nratio albench / pytorch (per round; median)")
for what, by_round in fig.items():
    ratios = [v["albench"] / v["pytorch"] for _, v in sorted(by_round.items()) if len(v) == 2]
    if ratios:
        each = ", ".join(f"{x:.2f}" for x in ratios)
        print(f"  {what}: {each}; median {statistics.median(ratios):.2f}x")
EOF
rm -f "$log"
