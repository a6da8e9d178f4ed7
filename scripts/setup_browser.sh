#!/usr/bin/env bash
# Prepares what the chat widget needs, installing only what is missing:
#   1. web/node_modules from the lock file (npm ci): esbuild, socket.io-client, axe-core,
#   2. web/dist, the built widget and demo pages (npm run build),
#   3. Debian's Chromium and ChromeDriver for the browser tests (needs root),
#   4. selenium in .venv, at the version pinned below,
#   5. the community rasa-webchat client, for the compatibility test
#      (tests/web/rasa_webchat, npm ci from its own lock file).
#
#   scripts/setup_browser.sh               everything (before the browser tests)
#   scripts/setup_browser.sh --build-only  steps 1-2 (enough for serving the demo)
set -euo pipefail

cd "$(dirname "$0")/.."
SELENIUM_VERSION=4.32.0  # the newest that installs beside Rasa 3.6's pins (urllib3 1.26, attrs 22.1)
VENV=.venv
say() { printf '[setup_browser] %s\n' "$*" >&2; }

build_only=false
[[ ${1:-} == --build-only ]] && build_only=true

ensure_node_modules() {
  command -v npm >/dev/null 2>&1 || { say "npm not found: install Node.js 18 or newer (Debian: apt-get install nodejs npm)"; exit 1; }
  local stamp=web/node_modules/.package-lock.sha256 want
  want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then return; fi
  say "installing the widget's npm packages from web/package-lock.json (npm ci)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

ensure_rasa_webchat() {
  local dir=tests/web/rasa_webchat stamp want
  stamp=$dir/node_modules/.package-lock.sha256
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then return; fi
  say "installing rasa-webchat from $dir/package-lock.json (npm ci, no install scripts)"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

build_widget() {
  say "building web/dist (npm run build)"
  (cd web && npm run --silent build >/dev/null)
}

ensure_chromium() {
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then return; fi
  if [[ $(id -u) != 0 ]]; then
    say "Chromium is missing; as root run: apt-get install -y chromium chromium-driver"
    exit 1
  fi
  say "installing Debian's chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
}

ensure_selenium() {
  local python=$VENV/bin/python
  [[ -x $python ]] || { say "$VENV is missing: run scripts/setup.sh (make setup) first"; exit 1; }
  if "$python" -c "import selenium, sys; sys.exit(selenium.__version__ != '$SELENIUM_VERSION')" 2>/dev/null; then
    return
  fi
  say "installing selenium==$SELENIUM_VERSION into $VENV"
  if command -v uv >/dev/null 2>&1; then
    # -c requirements.txt: never move a package the assistant depends on.
    uv pip install --quiet -p "$python" "selenium==$SELENIUM_VERSION" -c requirements.txt
  else
    "$python" -m pip install --quiet "selenium==$SELENIUM_VERSION" -c requirements.txt
  fi
}

ensure_node_modules
build_widget
$build_only && exit 0
ensure_chromium
ensure_selenium
ensure_rasa_webchat
say "ready: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), selenium $SELENIUM_VERSION"
