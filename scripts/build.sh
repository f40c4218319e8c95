#!/usr/bin/env bash
# Builds the native tools and tests (build/native) and the web app (build/web/dist). Incremental.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc)"
# Debian's emscripten needs Debian's JS modules (acorn, ...) for -O2 and above.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

[ -f build/native/CMakeCache.txt ] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j "$JOBS" | grep -Ev '^\[|^-- ' || true
[ -f build/web/CMakeCache.txt ] || emcmake cmake -S . -B build/web -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/web -j "$JOBS" | grep -Ev '^\[|^-- ' || true
test -f build/web/dist/app.wasm && test -x build/native/anlaufstelle-keygen
echo "[build] web app in build/web/dist, tools in build/native"
