"""Privacy and security measures around the assistant.

Plain modules (no Rasa import), each usable and tested on its own:
  redaction.py   personal details in resident text -> placeholders like [email]
                 (recognizers.py: the Presidio recognizers it uses;
                 redaction_eval.py: recall and false positives, measured)
  conversations.py  conversation ids the server issues, and their keyed hash
  payloads.py    typed /intent{...} payloads: only known entity values
  limits.py      input checks (length, empty, control characters) and rate limits
  retention.py   deletes conversations older than RETENTION_DAYS (`make purge`)
  events.py      what a conversation's events say: details removed, notice
                 already given, "delete my conversation" confirmed

Rasa-facing glue, thin on purpose:
  guard.py          GuardedChannel mixin: one checkpoint for every input channel
  channels.py       the REST and socket.io channels with the guard applied
  tracker_store.py  SQL tracker store that redacts, erases and purges on a timer
  notice.py         serves the privacy notice (locales/*/privacy_notice.yml)
                    at /webhooks/privacy/notice
"""
