#!/usr/bin/env bash
# Every test of the assistant, in order of cost. `make test` runs it after
# setting up and training; it stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PY=.venv/bin/python
RASA=.venv/bin/rasa
stage() { printf '\n=== %s\n' "$*"; }

stage "Training data and domain (rasa data validate)"
$RASA data validate --fail-on-warnings --quiet

stage "Catalogs in locales/ (make check)"
$PY -m actions.content_check

stage "Unit tests: language, routing, offices, catalogs, actions"
$PY -m pytest -q tests/unit

stage "Held-out questions (rasa test nlu, per language)"
for lang in en fr; do
  $RASA test nlu --model "$MODEL" --nlu "tests/nlu/heldout_$lang.yml" --out "results/nlu-$lang" --quiet >/dev/null
done
$PY scripts/heldout_report.py results/nlu-en results/nlu-fr

stage "Conversation tests (rasa test core, both languages)"
$RASA test core --e2e --model "$MODEL" --stories tests/stories --fail-on-prediction-errors \
  --out results/stories --quiet

stage "End-to-end: real servers over REST"
$PY -m pytest -q tests/e2e
