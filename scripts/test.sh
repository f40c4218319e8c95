#!/usr/bin/env bash
# Sets everything up, builds, and runs every test suite:
#   core (Catch2) natively and compiled to wasm under Node, the server over real HTTP (SQLite and
#   a throw-away PostgreSQL), the protocol test vectors with PyNaCl, the shipped forms, the form
#   loader's fuzz target for a bounded time, and the browser end-to-end tests in headless Chromium.
#   scripts/test.sh --quick   only the fast tier: core and app flows natively, server, protocol, forms
# Ends with one line "tests: N passed, M failed" and a non-zero exit if anything failed.
set -uo pipefail
QUICK=0
case "${1:-}" in
  --quick) QUICK=1 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
began=$SECONDS
bash scripts/setup.sh || exit 1
bash scripts/build.sh || exit 1
echo "=== setup and build: took $((SECONDS - began)) s"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

PASSED=0
FAILED=0
LOG_DIR="$ROOT/build/test-logs"
mkdir -p "$LOG_DIR"

# run NAME PARSER COMMAND...: runs a suite, shows its output, adds its counts.
run() {
  local name="$1" parser="$2" began=$SECONDS status; shift 2
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$LOG_DIR/$name.log"
  status="${PIPESTATUS[0]}"
  echo "=== $name: took $((SECONDS - began)) s"
  count "$name" "$parser" "$status"
}

# start NAME COMMAND...: starts a suite in the background, its output going to its log only;
# collect NAME PARSER then waits for it, shows the output and adds its counts. The server suite
# spends much of its time waiting on timeouts it tests, which the next suites use.
declare -A BACKGROUND
start() {
  local name="$1"; shift
  echo "=== $name: $* (in the background; its output follows when it ends)"
  "$@" > "$LOG_DIR/$name.log" 2>&1 &
  BACKGROUND[$name]=$!
}
collect() {
  local name="$1" parser="$2" status
  wait "${BACKGROUND[$name]}"; status=$?
  echo "=== $name: output"
  cat "$LOG_DIR/$name.log"
  count "$name" "$parser" "$status"
}

# count NAME PARSER STATUS: adds a suite's counts from its log (a crash counts as a failure).
count() {
  local name="$1" parser="$2" status="$3"
  local counts p f
  counts="$("$parser" "$LOG_DIR/$name.log")"
  p="${counts% *}"; f="${counts#* }"
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed before reporting
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; echo "!!! $name ran no test"; fi
  echo "=== $name: $p passed, $f failed"
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
}

catch2_counts() {  # "All tests passed (A assertions in N test cases)" or "test cases: N | P passed | F failed"
  local line
  line="$(grep -E '^(All tests passed|test cases:)' "$1" | tail -1)"
  if [[ "$line" =~ in\ ([0-9]+)\ test\ case ]]; then echo "${BASH_REMATCH[1]} 0"
  elif [[ "$line" =~ ([0-9]+)\ passed[[:space:]]*\|[[:space:]]*([0-9]+)\ failed ]]; then echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
  elif [[ "$line" =~ test\ cases:[[:space:]]*([0-9]+)[[:space:]]*\|[[:space:]]*([0-9]+)\ failed ]]; then echo "0 ${BASH_REMATCH[2]}"
  else echo "0 0"; fi
}

unittest_counts() {  # "Ran N tests" then "OK" or "FAILED (failures=F, errors=E)"
  local ran bad=0 n
  ran="$(grep -oE '^Ran [0-9]+ test' "$1" | grep -oE '[0-9]+' | tail -1)"
  for n in $(grep -E '^FAILED \(' "$1" | grep -oE '(failures|errors)=[0-9]+' | grep -oE '[0-9]+'); do
    bad=$((bad + n))
  done
  ran="${ran:-0}"
  echo "$((ran - bad)) $bad"
}

node_counts() {  # "# pass N" and "# fail N"
  local p f
  p="$(grep -oE '^# pass [0-9]+' "$1" | grep -oE '[0-9]+' | tail -1)"
  f="$(grep -oE '^# fail [0-9]+' "$1" | grep -oE '[0-9]+' | tail -1)"
  echo "${p:-0} ${f:-0}"
}

fuzz_counts() {  # libFuzzer's "Done N runs": one passed check when it ran without a finding
  if grep -qE '^Done [0-9]+ runs' "$1"; then echo "1 0"; else echo "0 0"; fi
}

start server /usr/bin/python3 tests/server/run.py   # test classes in nproc processes
run core-native catch2_counts build/native/core_tests --use-colour no
run app-native catch2_counts build/native/app_tests --use-colour no
run protocol unittest_counts /usr/bin/python3 -m unittest discover -s tests/protocol
run forms unittest_counts /usr/bin/python3 -m unittest discover -s tests/forms
run layout unittest_counts /usr/bin/python3 -m unittest discover -s tests/layout
collect server unittest_counts
if [ "$QUICK" -eq 0 ]; then
  run core-wasm catch2_counts node --no-experimental-fetch build/web/core_tests_wasm.js --use-colour no
  run fuzz fuzz_counts bash scripts/fuzz.sh "${ANL_FUZZ_SECONDS:-30}"
  # Two test files at a time: each starts its own server and browser, and most of a browser
  # test is waiting on frames and replies (docs/BENCHMARKS.md, "The test suite's time").
  run e2e node_counts node --test --test-concurrency="${ANL_E2E_CONCURRENCY:-2}" --test-reporter=tap tests/e2e/
fi

echo
echo "tests: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
