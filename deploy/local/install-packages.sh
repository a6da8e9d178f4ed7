#!/usr/bin/env bash
# Installs what cluster mode needs on this machine, from Debian's packages,
# when it is missing: PostgreSQL, Redis and nginx. Each server is started by
# deploy/local/cluster.py in its own folder and port, never as the system
# service, so nothing else on the machine changes.
set -euo pipefail
say() { printf '[cluster] %s\n' "$*" >&2; }

missing=()
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || command -v pg_ctl >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null; then
  say "please install ${missing[*]} with your package manager"; exit 1
fi
sudo=()
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { say "need root (or sudo) to install ${missing[*]}"; exit 1; }
  sudo=(sudo)
fi
say "installing ${missing[*]} from Debian's packages"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
