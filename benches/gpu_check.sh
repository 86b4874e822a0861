#!/usr/bin/env bash
# Check a GPU backend against flex on a tiny experiment (benches/gpu_check.toml: cnn width 8,
# random / margin / entropy, 2 repeats, 3 rounds): same selections, metrics within float noise.
#
#   benches/gpu_check.sh [ALBENCH] [BACKEND]      defaults: target/release/albench, wgpu
#
# ALBENCH must be built with the backend's feature (cargo build --release --features wgpu).
# Prints the largest |flex − backend| difference per round-table column and, when pyarrow is
# installed, how many runs selected exactly the same samples.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/albench}"
backend="${2:-wgpu}"
out="$(mktemp -d)"
for b in flex "$backend"; do
  echo "== $b"
  /usr/bin/time -f "%e s" "$bin" run benches/gpu_check.toml --backend "$b" --out "$out/$b" --quiet --no-report 2>&1 | tail -2
  "$bin" compare "$out/$b" --metric test_accuracy --format csv > "$out/acc_$b.csv"
done
if cmp -s "$out/acc_flex.csv" "$out/acc_$backend.csv"; then
  echo "test_accuracy AUC table: identical"
else
  echo "test_accuracy AUC table: differs"; diff "$out/acc_flex.csv" "$out/acc_$backend.csv" || true
fi
python3 - "$out" "$backend" <<'PY' || echo "(pyarrow not installed: selections not compared)"
import glob, os, sys
import pyarrow.parquet as pq
out, backend = sys.argv[1], sys.argv[2]
worst, same, n = {}, 0, 0
for f in sorted(glob.glob(f"{out}/flex/runs/*.parquet")):
    name = os.path.basename(f)
    a = pq.read_table(f).to_pydict()
    b = pq.read_table(f"{out}/{backend}/runs/{name}").to_pydict()
    for k in ["test_accuracy", "test_loss", "train_loss", "val_loss"]:
        d = max(abs(x - y) for x, y in zip(a[k], b[k]) if x is not None and y is not None)
        worst[k] = max(worst.get(k, 0.0), d)
    sel = lambda d: pq.read_table(f"{out}/{d}/selections/{name}").to_pydict()["sample"]
    n += 1
    same += sel("flex") == sel(backend)
print(f"runs: {n}, identical selections: {same}")
print("largest |flex - backend|:", {k: f"{v:.2e}" for k, v in worst.items()})
PY
rm -rf "$out"
