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

mkdir -p var
# Conversation ids are signed, and stored under a keyed hash, with this key
# (privacy/conversations.py). Made once and kept in var/ (owner-only), so a
# conversation survives a restart; several replicas must share it.
if [[ -z "${PSEUDONYM_KEY:-}" ]] && ! grep -qE '^PSEUDONYM_KEY=[^ #]' .env 2>/dev/null; then
  [[ -s var/pseudonym.key ]] || od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > var/pseudonym.key
  PSEUDONYM_KEY="$(cat var/pseudonym.key)"
  export PSEUDONYM_KEY
fi

# Every setting, from the one settings object (assistant/settings.py): the
# environment beats .env, .env beats the defaults, and the addresses derived
# from the ports (ACTION_SERVER_URL, CORS_ORIGINS, PRIVACY_NOTICE_URL) follow
# them unless set. A bad value stops here, naming the variable.
if ! _settings="$(.venv/bin/python -m assistant.settings --export)"; then
  return 2 2>/dev/null || exit 2
fi
eval "$_settings"
unset _settings
