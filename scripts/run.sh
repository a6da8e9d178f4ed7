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

# shellcheck disable=SC2086  # CORS_ORIGINS is a space-separated list
.venv/bin/rasa run --model "$MODEL" --interface "$RASA_HOST" --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml --cors $CORS_ORIGINS &
pids+=($!)

if [[ -f web/serve.py ]]; then
  .venv/bin/python web/serve.py --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" &
  pids+=($!)
  echo "[run] demo page: http://localhost:$WEB_PORT/ (English), http://localhost:$WEB_PORT/fr/ (French)" >&2
fi
echo "[run] REST channel: http://$RASA_HOST:$RASA_PORT/webhooks/rest/webhook (the model takes about a minute to load)" >&2
wait -n "${pids[@]}"
