#!/bin/sh
# Starts one Rasa replica; every setting comes from the environment
# (docs/DEPLOYMENT.md). CORS_ORIGINS is a space-separated list.
set -eu
# Channels: the website's, plus each messaging app whose variables are all set.
credentials=credentials.yml
if [ -f channels/credentials.py ]; then
  credentials=/tmp/credentials.yml
  python -m channels.credentials --out "$credentials"
fi
api_args=""
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then api_args="--enable-api --auth-token ${RASA_AUTH_TOKEN}"; fi
# shellcheck disable=SC2086
exec python -m resilience run \
  --model "${MODEL:-models/assistant.tar.gz}" \
  --interface 0.0.0.0 --port "${RASA_PORT:-5005}" \
  --credentials "$credentials" \
  --endpoints "${ENDPOINTS:-deploy/endpoints.cluster.yml}" \
  --cors ${CORS_ORIGINS:-*} $api_args "$@"
