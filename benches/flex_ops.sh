#!/usr/bin/env bash
# Which of burn-flex's tensor, activation and module ops an experiment reaches, and how often:
# every such op of the albench binary gets a gdb breakpoint that counts its calls. albench's
# numerics are host-independent only while every op reached is element-wise or moves data
# (docs/performance.md, "Every model pinned"): a sum, mean, matmul or convolution in this list
# is a kernel whose order the host may choose.
#
#   benches/flex_ops.sh SPEC [ALBENCH]     (ALBENCH: default target/release/albench)
#
# Needs gdb. Use a tiny spec (a few hundred samples, 2 epochs): every call stops in gdb.
set -euo pipefail
spec="$1"
bin="${2:-${CARGO_TARGET_DIR:-target}/release/albench}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gdb -batch -ex "info functions for burn_flex::backend::Flex>::" "$bin" 2>/dev/null |
  grep "^0x" |
  grep -E "(FloatTensorOps|ModuleOps|ActivationOps)<burn_flex::backend::Flex> for burn_flex::backend::Flex>::[a-z0-9_]+::h[0-9a-f]+$" |
  sed 's/^0x[0-9a-f]* *//' > "$work/fns"
{
  echo "set pagination off"
  echo "set print thread-events off"
  while read -r f; do printf "break '%s'\ncommands\nsilent\nbt 1\ncontinue\nend\n" "$f"; done < "$work/fns"
} > "$work/probe.gdb"
gdb -batch -x "$work/probe.gdb" -ex run --args "$bin" run "$spec" --out "$work/out" --quiet --no-report > "$work/log" 2>&1 || {
  tail -5 "$work/log" >&2
  exit 1
}
grep -E "^done:|^error" "$work/log" || true
echo "burn-flex ops reached ($(wc -l < "$work/fns") probed):"
grep "^#0" "$work/log" |
  sed 's/.*for burn_flex::backend::Flex>:://; s/::h[0-9a-f]* .*//; s/ ()$//' |
  sort | uniq -c | sort -rn
