#!/usr/bin/env bash
# Speed table of the selection methods (docs/performance.md, "selection methods"): for each
# cell METHOD:POOL:BATCH, the Rust bench (`cargo bench --bench methods`, one method, one pool,
# one batch) and the NumPy version (benches/methods_numpy.py) alternately, ROUNDS times,
# each under `timeout CAP` and /usr/bin/time: the selection's own time as the program prints
# it (data generation excluded), the process's user+sys CPU s and peak RSS KiB.
#
# Usage: BENCH=path/to/methods-bench-binary CAP=120 ROUNDS=2 benches/methods_speed.sh \
#          badge:20000:100 batch_bald:20000:100 ...
# Output: one line per measurement, `impl method pool batch select_s cpu_s rss_kib status`
# (status `ok`, `cap` when timeout stopped it, `fail` when the program failed: its last error
# line stands in the select_s column). ALBENCH_BENCH_JOINT_CANDIDATES=C in the
# environment sets BatchBALD's `query.joint_candidates` on both sides.
set -u
CAP=${CAP:-120}
ROUNDS=${ROUNDS:-2}
here=$(cd "$(dirname "$0")" && pwd)
one() { # impl method pool batch -- command...
  local impl=$1 m=$2 n=$3 b=$4; shift 5
  local t o; t=$(mktemp); o=$(mktemp)
  local e; e=$(mktemp)
  /usr/bin/time -o "$t" -f "%e %U %S %M" timeout "$CAP" "$@" >"$o" 2>"$e"
  case $? in 0) st=ok ;; 124) st=cap ;; *) st=fail ;; esac
  read -r wall user sys rss < <(tail -1 "$t")
  sel=$(awk '{print $(NF-1)}' "$o" | tail -1)
  [ "$st" = cap ] && sel=">$CAP"
  # A failed program (missing NumPy, a crash) is no measurement: say so with its last line.
  [ "$st" = fail ] && sel="failed:$(tail -1 "$e" | tr ' ' '_')"
  rm -f "$e"
  echo "$impl $m $n $b $sel $(echo "$user + $sys" | bc) ${rss:-?} $st"
  rm -f "$t" "$o"
}
for cell in "$@"; do
  IFS=: read -r m n b <<<"$cell"
  for r in $(seq "$ROUNDS"); do
    ALBENCH_BENCH_POOLS=$n ALBENCH_BENCH_BATCHES=$b ALBENCH_BENCH_METHODS=$m \
      one rust "$m" "$n" "$b" -- "$BENCH"
    one numpy "$m" "$n" "$b" -- python3 "$here/methods_numpy.py" "$n" "$b" "$m"
  done
done
