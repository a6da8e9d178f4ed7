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

# Both servers through the one launcher (resilience/launcher.py), which
# builds their command lines from the settings above: the Rasa server with the
# safeguards of resilience/, its channels (the website's, plus each messaging
# app whose variables are all set; it stops, naming the variable, if one is
# half set), and the HTTP API only behind a token or a JWT secret.
.venv/bin/python -m resilience actions &
pids+=($!)
# The model file for Rasa's own pull: a model the studio retrains is live within
# MODEL_PULL_SECONDS, no restart (set MODEL_SERVER_URL elsewhere to pull from another server).
.venv/bin/python -m resilience models &
pids+=($!)
export MODEL_SERVER_URL="${MODEL_SERVER_URL:-http://127.0.0.1:$MODEL_SERVER_PORT/model}"
.venv/bin/python -m resilience rasa --credentials-out var/credentials.yml &
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
