#!/usr/bin/env bash
# Builds the native tools and tests (build/native) and the web app (build/web/dist). Incremental.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc)"
# Debian's emscripten needs Debian's JS modules (acorn, ...) for -O2 and above.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

[ -f build/native/CMakeCache.txt ] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
# Progress lines are filtered out; a failed build still fails the script (pipefail).
cmake --build build/native -j "$JOBS" 2>&1 | { grep -Ev '^\[|^-- ' || true; }
[ -f build/web/CMakeCache.txt ] || emcmake cmake -S . -B build/web -DCMAKE_BUILD_TYPE=Release >/dev/null 2>&1
cmake --build build/web -j "$JOBS" 2>&1 | { grep -Ev '^\[|^-- ' || true; }
test -f build/web/dist/app.wasm || { echo "build: no app.wasm" >&2; exit 1; }
test -x build/native/anlaufstelle-keygen || { echo "build: no keygen" >&2; exit 1; }
echo "[build] web app in build/web/dist, tools in build/native"
