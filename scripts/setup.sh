#!/usr/bin/env bash
# Sets up everything Anlaufstelle needs to build, run and test, from Debian packages and npm only.
#   - Debian binary packages (compilers, libsodium for native builds, fonts, Chromium, ...)
#   - Debian *source* packages for what must be compiled to wasm (Dear ImGui 1.90.1 from trixie,
#     libsodium 1.0.18), checked against SHA-256 sums pinned in scripts/deps.sha256
#   - npm packages pinned in package-lock.json
# Re-running it on a ready machine only checks and takes seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ANL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/anlaufstelle}"
DEPS="$ROOT/build/deps"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

APT_PACKAGES=(
  cmake g++ make pkg-config
  dpkg-dev              # apt-get source: the wasm sources come from Debian source packages
  emscripten            # emcc 3.1.6: the wasm toolchain
  libsodium-dev         # native builds of src/core, tests and tools
  nlohmann-json3-dev catch2
  fonts-noto-core       # Noto Sans, subset at build time
  fonttools brotli      # pyftsubset; precompressed .br files
  chromium              # end-to-end tests (driven by npm playwright-core)
  python3 python3-nacl  # python3-nacl: the independent protocol check in tests/protocol
  python3-jsonschema    # shipped form definitions checked against assets/forms/form.schema.json
  libicu-dev            # keygen: staff passphrases normalised to NFC (native tool only)
  gunicorn              # the server under several worker processes, as an office scales it
  python3-psycopg python3-psycopg-pool  # the PostgreSQL storage backend
  postgresql            # a throw-away PostgreSQL 15 cluster for the storage tests and the benchmark
  nginx-light           # the reverse proxy of docs/OPERATIONS.md, tried in the server tests
  wrk                   # bench/server_bench.py: HTTP load from a second process
)

log() { printf '[setup] %s\n' "$*"; }

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # node and npm: any install will do (a NodeSource node bundles npm; Debian's needs the package).
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then
    log "Debian packages: all present"
    return
  fi
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Writes a deb-src list that reuses the machine's own mirror and keyring, so the repo never names a
# mirror host. Reads the deb822 file if there is one, else the one-line sources.list.
write_source_list() {
  local out="$1" uri="" keyring=""
  local deb822=/etc/apt/sources.list.d/debian.sources
  if [ -f "$deb822" ]; then
    uri="$(awk '/^URIs:/ {print $2; exit}' "$deb822")"
    keyring="$(awk '/^Signed-By:/ {print $2; exit}' "$deb822")"
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  [ -n "$uri" ] || { echo "setup: cannot find a Debian mirror in the apt configuration" >&2; exit 1; }
  [ -n "$keyring" ] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  cat > "$out" <<EOF
Types: deb-src
URIs: $uri
Suites: trixie bookworm
Components: main
Signed-By: $keyring
EOF
}

sha_ok() { # file expected-sha
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

# Fetches each pinned source tarball into the cache (unless already there and intact) and unpacks it.
fetch_source_packages() {
  mkdir -p "$CACHE/tarballs" "$DEPS"
  local need_download=0
  while read -r sha file pkg dir; do
    [ -n "$sha" ] && [ "${sha:0:1}" != "#" ] || continue
    sha_ok "$CACHE/tarballs/$file" "$sha" || need_download=1
  done < "$ROOT/scripts/deps.sha256"

  if [ "$need_download" -eq 1 ]; then
    log "fetching Debian source packages"
    local apt_dir="$CACHE/apt"
    mkdir -p "$apt_dir/lists/partial" "$CACHE/tarballs"
    write_source_list "$apt_dir/sources.sources"
    local opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.sources" -o Dir::Etc::SourceParts=/dev/null
                -o "Dir::State::Lists=$apt_dir/lists" -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" update -qq
    while read -r sha file pkg dir; do
      [ -n "$sha" ] && [ "${sha:0:1}" != "#" ] || continue
      sha_ok "$CACHE/tarballs/$file" "$sha" && continue
      (cd "$CACHE/tarballs" && apt-get "${opts[@]}" source --download-only -qq "$pkg" >/dev/null)
    done < "$ROOT/scripts/deps.sha256"
  fi

  while read -r sha file pkg dir; do
    [ -n "$sha" ] && [ "${sha:0:1}" != "#" ] || continue
    if ! sha_ok "$CACHE/tarballs/$file" "$sha"; then
      echo "setup: $file does not match its pinned SHA-256 ($sha); refusing to build with it" >&2
      exit 1
    fi
    if [ ! -f "$DEPS/$dir/.unpacked-$sha" ]; then
      rm -rf "${DEPS:?}/$dir"
      tar -xf "$CACHE/tarballs/$file" -C "$DEPS"
      touch "$DEPS/$dir/.unpacked-$sha"
      log "unpacked $file"
    fi
  done < "$ROOT/scripts/deps.sha256"
}

install_npm_packages() {
  local stamp="$ROOT/node_modules/.lock-sha256"
  local want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "npm packages: up to date"
    return
  fi
  log "installing npm packages from package-lock.json"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$stamp"
}

install_apt_packages
fetch_source_packages
install_npm_packages
log "ready"
