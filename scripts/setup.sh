#!/usr/bin/env bash
# Prepares everything the assistant needs on a fresh machine:
#   1. a Python 3.8-3.10 interpreter (Rasa Open Source 3.6 supports nothing newer),
#   2. a virtual environment in .venv with the pinned dependencies.
# Re-running it is cheap: each step is skipped when already done.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=.venv
say() { printf '[setup] %s\n' "$*" >&2; }

usable() {  # usable PYTHON -> true when it runs and is 3.8, 3.9 or 3.10
  [[ -x "$1" ]] || command -v "$1" >/dev/null 2>&1 || return 1
  "$1" -c 'import sys, venv; sys.exit(not ((3, 8) <= sys.version_info[:2] <= (3, 10)))' 2>/dev/null
}

ensure_uv() {
  command -v uv >/dev/null 2>&1 && return
  say "installing uv (fast, reproducible Python package installer) with pip"
  python3 -m pip install --quiet uv
  command -v uv >/dev/null 2>&1 || export PATH="$HOME/.local/bin:$PATH"
}

# Debian 12 ships Python 3.11 only. Debian 11 ("bullseye") has 3.9 and installs
# beside it without conflicts; its distutils is unpacked by hand because the
# bookworm python3-distutils package targets 3.11.
install_python39_from_bullseye() {
  [[ $(id -u) == 0 ]] || { say "need root to install Python 3.9 with apt"; return 1; }
  [[ -f /etc/debian_version ]] || return 1
  local src=/etc/apt/sources.list.d/bullseye.sources
  if [[ ! -f $src ]]; then
    say "adding Debian 11 (bullseye) to apt sources for python3.9"
    cat >"$src" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bullseye
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  fi
  apt-get update -qq
  say "installing python3.9 and python3.9-dev from bullseye"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.9 python3.9-dev >/dev/null
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq python3-distutils=3.9.2-1 python3-lib2to3=3.9.2-1)
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" /; done
  rm -rf "$tmp"
}

find_python() {
  local candidate
  if [[ -n "${PYTHON:-}" ]] && usable "$PYTHON"; then echo "$PYTHON"; return; fi
  # 3.9 first: requirements.txt is compiled for it.
  for candidate in python3.9 python3.10 python3.8; do
    if usable "$candidate"; then command -v "$candidate"; return; fi
  done
  # pyenv installs interpreters without putting them on PATH
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.{9,10,8}*/bin/python3; do
    if usable "$candidate"; then echo "$candidate"; return; fi
  done
  ensure_uv
  if candidate=$(uv python find '>=3.8,<3.11' 2>/dev/null) && usable "$candidate"; then
    echo "$candidate"; return
  fi
  say "no Python 3.8-3.10 found; trying 'uv python install 3.9'"
  if uv python install 3.9 >&2 2>/dev/null && candidate=$(uv python find 3.9) && usable "$candidate"; then
    echo "$candidate"; return
  fi
  install_python39_from_bullseye >&2 && usable /usr/bin/python3.9 && { echo /usr/bin/python3.9; return; }
  say "could not find or install Python 3.8-3.10; set PYTHON=/path/to/python3.10 and retry"
  return 1
}

ensure_venv() {
  if [[ -x $VENV/bin/python ]] && usable "$VENV/bin/python"; then return; fi
  local python; python=$(find_python)
  ensure_uv
  say "creating $VENV with $python"
  rm -rf "$VENV"
  uv venv --quiet -p "$python" "$VENV"
}

ensure_packages() {
  local stamp=$VENV/.requirements.sha256 want
  want=$(sha256sum requirements.txt | cut -d' ' -f1)
  [[ -f $stamp && $(cat "$stamp") == "$want" ]] && return
  ensure_uv
  say "installing pinned dependencies from requirements.txt (about 2.5 GB on first run)"
  uv pip install --quiet -p "$VENV/bin/python" -r requirements.txt
  echo "$want" >"$stamp"
}

ensure_venv
ensure_packages
