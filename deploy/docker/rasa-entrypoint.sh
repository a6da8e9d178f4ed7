#!/bin/sh
# Starts one Rasa replica through the project's launcher (resilience/launcher.py),
# as `make run` and the tests do; every setting comes from the environment
# (docs/DEPLOYMENT.md). Options given to the container are passed to `rasa run`.
set -eu
exec python -m resilience rasa --credentials-out /tmp/credentials.yml "$@"
