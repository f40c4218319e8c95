#!/usr/bin/env bash
# Builds the libFuzzer target for the form loader (clang-14 with ASan and UBSan; the fuzzer
# runtime comes with Debian's libclang-rt-14-dev) and runs it for a bounded time.
#   scripts/fuzz.sh [SECONDS]   default 30; the corpus lives in build/fuzz/corpus (kept between runs)
# Exits non-zero when the fuzzer finds a crash; the crashing input is left in build/fuzz/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_TO_RUN="${1:-30}"
OUT=build/fuzz
BIN="$OUT/fuzz_form_loader"
mkdir -p "$OUT/corpus"
mapfile -t SOURCES < <(ls src/core/*.cpp tests/fuzz/fuzz_form_loader.cpp)
# Rebuild only when a source or header is newer than the binary; objects compile in parallel.
if [ ! -x "$BIN" ] || [ -n "$(find src/core tests/fuzz -newer "$BIN" -print -quit)" ]; then
  echo "[fuzz] building $BIN"
  mkdir -p "$OUT/obj"
  FLAGS=(-std=c++17 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -Isrc)
  printf '%s\n' "${SOURCES[@]}" |
    xargs -P "$(nproc)" -I{} sh -c 'clang++-14 "$@" -c "$0" -o "'"$OUT"'/obj/$(basename "$0" .cpp).o"' {} "${FLAGS[@]}"
  clang++-14 -fsanitize=fuzzer,address,undefined "$OUT"/obj/*.o -lsodium -o "$BIN"
fi
echo "[fuzz] running for ${SECONDS_TO_RUN} s"
# The shipped forms seed the corpus; new inputs go to build/fuzz/corpus, never into the tree.
status=0
"$BIN" -max_total_time="$SECONDS_TO_RUN" -artifact_prefix="$OUT/" -print_final_stats=1 \
  "$OUT/corpus" assets/forms/ > "$OUT/last-run.log" 2>&1 || status=$?
grep -E '^(Done|stat::number_of_executed_units|==[0-9]+==|SUMMARY|INFO: Seed)' "$OUT/last-run.log" || true
[ "$status" -eq 0 ] || { echo "[fuzz] the fuzzer failed (exit $status): see $OUT/last-run.log" >&2; exit 1; }
