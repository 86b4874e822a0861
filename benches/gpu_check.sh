#!/usr/bin/env bash
# Check a GPU backend against flex on a tiny experiment (benches/gpu_check.toml: cnn width 8,
# random / margin / entropy, 2 repeats, 3 rounds): same selections, metrics within float noise.
#
#   benches/gpu_check.sh [ALBENCH] [BACKEND]      defaults: target/release/albench, wgpu
#
# ALBENCH must be built with the backend's feature (cargo build --release --features wgpu).
# Environment: SPEC (default benches/gpu_check.toml), TOL (default 1e-5: the largest
# |flex − backend| allowed in test_loss, train_loss and val_loss of any round).
#
# Prints the largest |flex − backend| difference per round-table column and how many runs
# selected exactly the same samples. Exit status: 0 when every run of the backend selected
# exactly flex's samples, the test_accuracy AUC tables are identical and every loss is within
# TOL; 1 when any of that fails (or a run is missing); 2 when the check cannot be made
# (python3 with pyarrow is needed to read the selections).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/albench}"
backend="${2:-wgpu}"
spec="${SPEC:-benches/gpu_check.toml}"
tol="${TOL:-1e-5}"
if ! python3 -c "import pyarrow" 2> /dev/null; then
  echo "gpu_check: cannot compare selections: python3 with pyarrow is needed (pip install pyarrow)" >&2
  exit 2
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for b in flex "$backend"; do
  echo "== $b"
  /usr/bin/time -f "%e s" "$bin" run "$spec" --backend "$b" --out "$out/$b" --quiet --no-report 2>&1 | tail -2
  "$bin" compare "$out/$b" --metric test_accuracy --format csv > "$out/acc_$b.csv"
done
failed=0
if cmp -s "$out/acc_flex.csv" "$out/acc_$backend.csv"; then
  echo "test_accuracy AUC table: identical"
else
  echo "test_accuracy AUC table: differs"
  diff "$out/acc_flex.csv" "$out/acc_$backend.csv" || true
  failed=1
fi
python3 - "$out" "$backend" "$tol" <<'PY' || failed=1
import glob, os, sys
import pyarrow.parquet as pq
out, backend, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
worst, same, n, problems = {}, 0, 0, []
for f in sorted(glob.glob(f"{out}/flex/runs/*.parquet")):
    name = os.path.basename(f)
    other = f"{out}/{backend}/runs/{name}"
    n += 1
    if not os.path.exists(other):
        problems.append(f"{name}: no {backend} run")
        continue
    a = pq.read_table(f).to_pydict()
    b = pq.read_table(other).to_pydict()
    for k in ["test_accuracy", "test_loss", "train_loss", "val_loss"]:
        d = max((abs(x - y) for x, y in zip(a[k], b[k]) if x is not None and y is not None), default=0.0)
        worst[k] = max(worst.get(k, 0.0), d)
    sel = lambda d: pq.read_table(f"{out}/{d}/selections/{name}").to_pydict()["sample"]
    if sel("flex") == sel(backend):
        same += 1
    else:
        problems.append(f"{name}: selections differ")
print(f"runs: {n}, identical selections: {same}")
print("largest |flex - backend|:", {k: f"{v:.2e}" for k, v in worst.items()})
for k in ["test_loss", "train_loss", "val_loss"]:
    if worst.get(k, 0.0) > tol:
        problems.append(f"{k}: |flex - {backend}| = {worst[k]:.2e} > {tol:.0e}")
if n == 0:
    problems.append("flex wrote no runs")
for p in problems:
    print(f"FAIL {p}")
sys.exit(1 if problems else 0)
PY
if [ "$failed" = 0 ]; then
  echo "gpu_check: $backend agrees with flex"
else
  echo "gpu_check: $backend disagrees with flex" >&2
fi
exit "$failed"
