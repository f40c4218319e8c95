#!/usr/bin/env bash
# Prints the size of every built web file (raw and brotli, as serve.py sends it to browsers that
# accept br). What each page really downloads: node bench/first_load.mjs. Run after scripts/build.sh.
set -euo pipefail
DIST="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/web/dist"
size() { stat -c %s "$1"; }
wire() { if [ -f "$1.br" ]; then size "$1.br"; else size "$1"; fi; }

printf '%-40s %10s %10s\n' file raw "on the wire"
(cd "$DIST" && find . -type f ! -name '*.br' | sort) | while read -r f; do
  printf '%-40s %10d %10d\n' "${f#./}" "$(size "$DIST/$f")" "$(wire "$DIST/$f")"
done
