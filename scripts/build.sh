#!/usr/bin/env bash
# Builds the native tools and tests (build/native) and the web app (build/web/dist). Incremental:
# with nothing to do it takes about a second.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc)"
# Debian's emscripten needs Debian's JS modules (acorn, ...) for -O2 and above.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

# configure DIR CMAKE...: (re)configures DIR unless it holds a finished configuration. A run that
# failed half-way (for example before scripts/setup.sh unpacked the sources) leaves a CMakeCache
# without a Makefile; such a directory is configured again instead of failing on every later run
# with "No rule to make target 'Makefile'". The configure output is shown only when it fails.
configure() {
  local dir="$1"; shift
  [ -f "$dir/Makefile" ] && [ -f "$dir/CMakeCache.txt" ] && return 0
  rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
  local out
  if ! out="$("$@" -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release 2>&1)"; then
    printf '%s\n' "$out" >&2
    echo "build: configuring $dir failed (did scripts/setup.sh run?)" >&2
    exit 1
  fi
}

configure build/native cmake
# Progress lines are filtered out; a failed build still fails the script (pipefail).
cmake --build build/native -j "$JOBS" 2>&1 | { grep -Ev '^\[|^-- ' || true; }
configure build/web emcmake cmake
cmake --build build/web -j "$JOBS" 2>&1 | { grep -Ev '^\[|^-- ' || true; }
test -f build/web/dist/app.wasm || { echo "build: no app.wasm" >&2; exit 1; }
test -x build/native/anlaufstelle-keygen || { echo "build: no keygen" >&2; exit 1; }
echo "[build] web app in build/web/dist, tools in build/native"
