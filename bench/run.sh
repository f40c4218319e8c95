#!/usr/bin/env bash
# Runs every benchmark and prints its figures: built sizes, crypto speed native vs wasm, first load
# per language, phone layout, and the time of the README commands' set-up + build steps on a ready
# machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
bash scripts/setup.sh >/dev/null
bash scripts/build.sh >/dev/null

echo "## sizes"
bash bench/sizes.sh
echo
echo "## crypto"
build/native/crypto_bench
node --no-experimental-fetch build/web/crypto_bench_wasm.js
echo
echo "## first load on a slow phone"
node bench/first_load.mjs
echo
echo "## opening a case from its code on a slow phone"
node bench/case_open.mjs
echo
echo "## how much of a phone screen the page settings take"
node bench/phone_layout.mjs
echo
echo "## set-up + build on a ready machine (what both README commands run first)"
start=$(date +%s.%N)
bash scripts/setup.sh >/dev/null && bash scripts/build.sh >/dev/null
end=$(date +%s.%N)
printf 'setup.sh + build.sh: %.2f s\n' "$(echo "$end - $start" | awk '{print $1 - $3}')"
