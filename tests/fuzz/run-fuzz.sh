#!/bin/sh
# run-fuzz.sh HARNESS CORPUS-DIR NAME — one bounded libFuzzer run, reported as TAP.
# The checked-in corpus is copied to a temporary directory so that the run never modifies it.
# LW_FUZZ_SECONDS (default 30) bounds the run; LW_FUZZ_KEEP=DIR keeps the grown corpus there.
set -u
harness=$1 corpus=$2 name=$3
seconds=${LW_FUZZ_SECONDS:-${LW_FUZZ_SECONDS_DEFAULT:-30}}
work=$(mktemp -d "${TMPDIR:-/tmp}/lw-fuzz-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp "$corpus"/* "$work/corpus/"
# Fast malloc unwinding: full unwinding (fast_unwind_on_malloc=0, which the sanitizer stage needs
# for its library suppressions) costs the sim harness ~30x in executions, and these harnesses reach
# no library-lifetime leak. A later flag wins, so this overrides the caller's. To triage a leak or
# use-after-free with full allocation stacks, run with LW_FUZZ_FULL_STACKS=1.
if [ -z "${LW_FUZZ_FULL_STACKS:-}" ]; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=1"
fi
echo "1..1"
echo "# $name: $(ls "$corpus" | wc -l) seed inputs, $seconds s"
"$harness" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/log" 2>&1
status=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -n 1)
cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1)
if [ -n "${LW_FUZZ_KEEP:-}" ]; then
  mkdir -p "$LW_FUZZ_KEEP/$name" && cp "$work/corpus"/* "$LW_FUZZ_KEEP/$name/"
fi
if [ $status -eq 0 ] && [ -n "$execs" ]; then
  echo "ok 1 - $name: $execs executions, $rate exec/s, $cov"
else
  echo "not ok 1 - $name: libFuzzer exit status $status after ${execs:-?} executions"
  sed 's/^/# /' "$work/log" | tail -n 60
  for a in "$work"/artifacts/*; do
    [ -f "$a" ] || continue
    echo "# crashing input $(basename "$a") (base64; add it to tests/fuzz/regressions/):"
    base64 "$a" | sed 's/^/# /'
  done
  exit 1
fi
