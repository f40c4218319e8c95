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
COMMON=(platform.css app.js app.wasm fonts/NotoSans-Regular-latin.ttf fonts/NotoSans-Bold-latin.ttf
        i18n/languages.json fonts/NotoSans-Regular-names.ttf fonts/NotoSansEthiopic-Regular-names.ttf)
CYRILLIC=(fonts/NotoSans-Regular-cyrillic.ttf fonts/NotoSans-Bold-cyrillic.ttf)
ETHIOPIC=(fonts/NotoSansEthiopic-Regular.ttf fonts/NotoSansEthiopic-Bold.ttf)
echo
echo "first load per page and language (bytes on the wire):"
for lang in de fr it en es pt sq tr so; do
  printf '  applicant, %-3s %8d\n' "$lang" "$(page_total index.html "${COMMON[@]}" "i18n/$lang.json")"
done
printf '  applicant, %-3s %8d\n' uk "$(page_total index.html "${COMMON[@]}" i18n/uk.json "${CYRILLIC[@]}")"
printf '  applicant, %-3s %8d\n' ti "$(page_total index.html "${COMMON[@]}" i18n/ti.json "${ETHIOPIC[@]}")"
printf '  staff (all scripts) %8d\n' "$(page_total staff.html "${COMMON[@]}" i18n/de.json "${CYRILLIC[@]}" "${ETHIOPIC[@]}")"
