#!/usr/bin/env bash
# Sets everything up, builds, and starts the portal on localhost with an embedded SQLite store
# and a demo office key. Usage: scripts/start.sh [--port P] [--data DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=8080
DATA="$ROOT/data"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    *) echo "usage: scripts/start.sh [--port P] [--data DIR]" >&2; exit 2 ;;
  esac
done

bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"

mkdir -p "$DATA"
chmod 700 "$DATA"
PASSFILE="$DATA/DEMO-STAFF-PASSPHRASE.txt"
if [ ! -f "$DATA/office-key.json" ]; then
  # A demo only: a real office runs anlaufstelle-keygen itself and keeps the passphrase in its head.
  ( umask 077; /usr/bin/python3 -c 'import secrets; print("-".join(secrets.token_hex(3) for _ in range(4)))' > "$PASSFILE" )
  "$ROOT/build/native/anlaufstelle-keygen" --out "$DATA/office-key.json" < "$PASSFILE"
fi

PASSPHRASE="$(cat "$PASSFILE" 2>/dev/null || echo "(not a demo key: use your own)")"
printf '\n  Anlaufstelle is starting.\n'
printf '    Applicant page:        http://127.0.0.1:%s/\n' "$PORT"
printf '    Staff page:            http://127.0.0.1:%s/staff\n' "$PORT"
printf '    Demo staff passphrase: %s\n' "$PASSPHRASE"
printf '    Data (SQLite + encrypted blobs): %s\n  Stop with Ctrl+C.\n\n' "$DATA"
exec /usr/bin/python3 "$ROOT/serve.py" --host 127.0.0.1 --port "$PORT" --data "$DATA"
