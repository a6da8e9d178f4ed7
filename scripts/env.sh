# Sourced by the Makefile's scripts: one place for every setting, each
# overridable from the environment (see .env.example).

# Files the assistant writes (var/: the tracker database, logs, credentials)
# are readable by the service's own account only.
umask 077

# Rasa otherwise sends usage data to a third party.
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
# The same data trains the same model, so a test result here is the result
# everywhere (TensorFlow's thread scheduling and Python's hash order otherwise
# shift the classifier's confidences a little from run to run).
export TF_DETERMINISTIC_OPS=1
export PYTHONHASHSEED=0
export SQLALCHEMY_SILENCE_UBER_WARNING=1

[[ -f .env ]] && set -a && source .env && set +a

export RASA_HOST="${RASA_HOST:-127.0.0.1}"
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_HOST="${ACTION_HOST:-127.0.0.1}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://127.0.0.1:${ACTION_PORT}/webhook}"
export WEB_PORT="${WEB_PORT:-8080}"
export CORS_ORIGINS="${CORS_ORIGINS:-http://localhost:${WEB_PORT} http://127.0.0.1:${WEB_PORT}}"
mkdir -p var
export TRACKER_DB="${TRACKER_DB:-var/tracker.db}"
export FEEDBACK_DB="${FEEDBACK_DB:-var/feedback.db}"   # "Was this helpful?" clicks (assistant/feedback.py)
# Conversation ids are signed, and stored under a keyed hash, with this key
# (privacy/conversations.py). Made once and kept in var/ (owner-only), so a
# conversation survives a restart; several replicas must share it.
if [[ -z "${PSEUDONYM_KEY:-}" ]]; then
  [[ -s var/pseudonym.key ]] || od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > var/pseudonym.key
  PSEUDONYM_KEY="$(cat var/pseudonym.key)"
  export PSEUDONYM_KEY
fi
export MODEL="${MODEL:-models/assistant.tar.gz}"

# Privacy and security (privacy/, docs/SECURITY.md)
export RETENTION_DAYS="${RETENTION_DAYS:-30}"          # conversations older than this are deleted
export MAX_MESSAGE_CHARS="${MAX_MESSAGE_CHARS:-2000}"  # longer messages get a polite reply instead
export PRIVACY_NOTICE_URL="${PRIVACY_NOTICE_URL:-http://localhost:${RASA_PORT}/webhooks/privacy/notice/{lang}}"
# Sanic refuses request bodies over this many bytes before reading them.
export SANIC_REQUEST_MAX_SIZE="${SANIC_REQUEST_MAX_SIZE:-1048576}"
