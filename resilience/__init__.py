"""Keeps every resident turn answered when a part of the service fails.

Rasa Open Source 3.6 stays silent when the action server is down, slow or
failing (the processor logs the error and drops the turn's replies), and it
keeps answering from an empty in-memory conversation when the tracker
database is down, losing the resident's language and context. This package
runs `rasa run` (launcher.py) with a thin layer that instead:

- answers an action that failed or took longer than ACTION_SERVER_TIMEOUT
  seconds with the `service_trouble` message, in the resident's language;
- answers a turn that could not be read or saved (database or lock store
  down) with the same message, and stores nothing rather than a forked
  conversation; the database connection pool checks connections before use,
  so the assistant recovers by itself when the database is back;
- answers a turn that produced no reply at all (Rasa's own "/restart" or
  "/session_start" typed by hand) with the "did not understand" fallback;
- answers a retried REST message (same `Idempotency-Key` header or
  `metadata.message_id`) with the replies already given instead of running
  the turn twice, so a proxy or client may resend after a replica crash;
- adds GET /health/ready (200 once the model is loaded) for load balancers.

Plain logic lives in `replies.py`; `rasa_hooks.py` is the Rasa-facing shell,
put in place by `rasa_patches` (every patch of Rasa, with its version check);
`launcher.py` starts the servers.
Run: python -m resilience rasa (launcher.py)
"""
