#!/usr/bin/env bash
# Starts the action server, the Rasa server (REST + socket.io) and the demo
# web page, and stops all of them together on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

pids=()
stop() {
  trap - INT TERM EXIT
  echo "[run] stopping..." >&2
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/python -m actions.server --host "$ACTION_HOST" --port "$ACTION_PORT" &
pids+=($!)

# Rasa's HTTP API (trackers, model, training) stays off unless a token or a
# JWT secret protects it; the chat channels never need it.
api_args=()
if [[ -n "${RASA_AUTH_TOKEN:-}" || -n "${RASA_JWT_SECRET:-}" ]]; then api_args+=(--enable-api); fi
if [[ -n "${RASA_AUTH_TOKEN:-}" ]]; then api_args+=(--auth-token "$RASA_AUTH_TOKEN"); fi
if [[ -n "${RASA_JWT_SECRET:-}" ]]; then
  api_args+=(--jwt-secret "$RASA_JWT_SECRET" --jwt-method "${RASA_JWT_METHOD:-HS256}")
fi

# Channels: the website's, plus each messaging app whose variables are all
# set (docs/CHANNELS.md); stops here, naming the variable, if one is half set.
.venv/bin/python -m channels.credentials --out var/credentials.yml

# `rasa run` with the safeguards of resilience/: no silent turn when the
# action server or the database fails (docs/DEPLOYMENT.md).
# shellcheck disable=SC2086  # CORS_ORIGINS is a space-separated list
.venv/bin/python -m resilience run --model "$MODEL" --interface "$RASA_HOST" --port "$RASA_PORT" \
  --credentials var/credentials.yml --endpoints endpoints.yml --cors $CORS_ORIGINS "${api_args[@]}" &
pids+=($!)

if [[ -f web/serve.py ]]; then
  .venv/bin/python web/serve.py --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" &
  pids+=($!)
  echo "[run] demo page: http://localhost:$WEB_PORT/ (English), http://localhost:$WEB_PORT/fr/ (French)" >&2
fi
# The staff studio (docs/STAFF.md); STUDIO_* settings, loopback by default.
.venv/bin/python -m studio &
pids+=($!)
echo "[run] REST channel: http://$RASA_HOST:$RASA_PORT/webhooks/rest/webhook (the model takes about a minute to load)" >&2
wait -n "${pids[@]}"
