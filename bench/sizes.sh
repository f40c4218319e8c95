#!/usr/bin/env bash
# Prints the size of every built web file (raw and brotli, as serve.py sends it to browsers that
# accept br) and what each page costs on its first load. Run after scripts/build.sh.
set -euo pipefail
DIST="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/web/dist"
size() { stat -c %s "$1"; }
wire() { if [ -f "$1.br" ]; then size "$1.br"; else size "$1"; fi; }

printf '%-40s %10s %10s\n' file raw "on the wire"
(cd "$DIST" && find . -type f ! -name '*.br' | sort) | while read -r f; do
  printf '%-40s %10d %10d\n' "${f#./}" "$(size "$DIST/$f")" "$(wire "$DIST/$f")"
done

page_total() {
  local total=0 f
  for f in "$@"; do total=$((total + $(wire "$DIST/$f"))); done
  echo "$total"
}
COMMON=(platform.css app.js app.wasm fonts/NotoSans-Regular-latin.ttf fonts/NotoSans-Bold-latin.ttf i18n/de.json)
echo
printf 'first load, applicant page (German): %d bytes\n' "$(page_total index.html "${COMMON[@]}")"
printf "first load, staff page:              %d bytes\n" "$(page_total staff.html "${COMMON[@]}" fonts/NotoSansEthiopic-Regular.ttf)"
