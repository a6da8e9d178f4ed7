# make run   set up (Python, packages, model) and start the assistant
# make test  set up and run every test
SHELL := /bin/bash
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false

VENV := .venv
RASA := $(VENV)/bin/rasa
MODEL := models/assistant.tar.gz
# The tokenizer (nlu/) leaves a language request beside a question out of the
# words it reads, which dialogue.py and language.py find, with the situation
# model (situation.py, places.py, text.py) telling a question from a remark:
# they shape training.
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
	$(wildcard nlu/*.py) assistant/dialogue.py assistant/language.py assistant/situation.py \
	assistant/places.py assistant/text.py

.PHONY: help setup train run test validate clean web
.PHONY: purge
.PHONY: cluster cluster-stop cluster-status test-cluster
.PHONY: check check-links review report translations translations-import translations-clear studio studio-account

help:
	@echo "make run    set up and start the assistant (REST + socket.io on :5005, demo page on :8080)"
	@echo "make test   set up and run every test"
	@echo "make train  retrain the model (only needed after changing data/, domain.yml or config.yml)"
	@echo "make bench  measure latency, throughput, start-up, training and memory (docs/BENCHMARKS.md)"
	@echo "make purge  delete conversations older than RETENTION_DAYS (default 30) now"
	@echo "make cluster / cluster-stop  PostgreSQL + Redis + 2 Rasa replicas behind nginx on :5080 (docs/DEPLOYMENT.md)"
	@echo "make test-cluster  reliability tests against a throwaway cluster (restarts, crashes, outages, load)"
	@echo "make evaluate  residents' situations: topic and office per language (held-out set)"
	@echo "make lint   ruff and mypy (pyproject.toml)"
	@echo "make check  check answers, translations and intents in seconds (docs/STAFF.md)"
	@echo "make check-links  check that every source and office link answers (needs the internet)"
	@echo "make review list answers by review date; make report: questions it could not answer"
	@echo "make translations / translations-import / translations-clear KEY=...  translation review"
	@echo "make studio  the staff studio alone on :5090 (make run starts it too); make studio-account NAME=... ROLE=editor"

setup:
	@scripts/setup.sh

# Retrain only when the training data, domain or pipeline changed; answers in
# locales/ are read live and never need retraining.
# Trained beside the model, then put in its place with one rename: a running
# assistant pulling the model (MODEL_SERVER_URL) never reads half a file.
$(MODEL): $(TRAINING_INPUTS) | setup
	rm -rf models/.training
	source scripts/env.sh && $(RASA) train --fixed-model-name assistant --out models/.training
	mv -f models/.training/assistant.tar.gz $(MODEL) && rmdir models/.training

train: setup $(MODEL)

# The chat widget's bundle, built from web/ with pinned npm packages; its
# texts come from the catalogs (locales/*/*.yml, widget_* messages).
WEB_DIST := web/dist/widget/chat-widget.js
$(WEB_DIST): $(shell find web/src web/public -type f 2>/dev/null) $(wildcard locales/*/*.yml) web/build.mjs web/catalog.mjs web/package.json web/package-lock.json
	@scripts/setup_browser.sh --build-only

web: $(WEB_DIST)

run: setup $(MODEL) $(WEB_DIST)
	@scripts/run.sh

validate: setup
	source scripts/env.sh && $(RASA) data validate --fail-on-warnings

test: setup $(MODEL)
	@scripts/test.sh

# The running assistant also does this on a timer (privacy/tracker_store.py).
purge: setup
	@source scripts/env.sh && $(VENV)/bin/python -m privacy.retention

# Lint (ruff: errors, unused names, import order) and types (mypy on the core
# package); settings in pyproject.toml. Part of make test.
.PHONY: lint
lint: setup
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/mypy

# Content work for staff (docs/STAFF.md). No training, no server: seconds.
# Their messages follow the system's language (fr_CA.UTF-8: French), or
# for one run: make check LANG=fr_CA.UTF-8 (docs/STAFF.md, section 9).
# At a terminal, a person reads the problems in words, and make's own
# "Error 1" line after them would only alarm; scripts and CI (no terminal)
# still get the failing exit status.
AT_A_TERMINAL_SAY_ONLY = || { status=$$?; [ -t 1 ] || exit $$status; }

check: setup
	@source scripts/env.sh && $(VENV)/bin/python -m staff.content_check $(AT_A_TERMINAL_SAY_ONLY)

# Whether every link residents are given still answers (HEAD, then GET).
# Needs the internet, so neither make check nor make test runs it.
check-links: setup
	@source scripts/env.sh && $(VENV)/bin/python -m staff.link_check $(if $(TIMEOUT),--timeout $(TIMEOUT)) $(AT_A_TERMINAL_SAY_ONLY)

review: setup
	@source scripts/env.sh && $(VENV)/bin/python -m staff.content_check --reviews $(AT_A_TERMINAL_SAY_ONLY)

report: setup
	@source scripts/env.sh && $(VENV)/bin/python -m scripts.unanswered_report

translations: setup
	@source scripts/env.sh && $(VENV)/bin/python -m staff.translations export

translations-import: setup
	@source scripts/env.sh && $(VENV)/bin/python -m staff.translations import $(PO)

translations-clear: setup
	@source scripts/env.sh && $(VENV)/bin/python -m staff.translations clear $(KEY)

# The staff studio (docs/STAFF.md, "The studio"). An account per person:
# make studio-account NAME="Alex Martin" ROLE=editor EMAIL=alex.martin@example.ca
# (asks for the password; ROLE may be written in French: rédaction, traduction, publication)
studio: setup
	@source scripts/env.sh && $(VENV)/bin/python -m studio

studio-account: setup
	@source scripts/env.sh && $(VENV)/bin/python -m studio.accounts add "$(NAME)" --role "$(or $(ROLE),editor)" $(if $(EMAIL),--email "$(EMAIL)")

# Residents' situations: topic, office and reply language per language, on the
# held-out set written from situations (tests/nlu/situations_*.yml), and the
# thresholds' trade-off on the validation set (make test runs the first).
.PHONY: evaluate tune
evaluate: setup $(MODEL)
	@source scripts/env.sh && $(VENV)/bin/python -m scripts.situations_report --show-wrong tests/nlu/situations_en.yml tests/nlu/situations_fr.yml

tune: setup $(MODEL)
	@source scripts/env.sh && $(VENV)/bin/python -m scripts.situations_report --tune tests/nlu/validation_en.yml tests/nlu/validation_fr.yml

# Performance benchmark (a few minutes plus one full training; not part of make test): latency and
# throughput against Rasa's starter bot, start-up, training, memory.
# Writes results/bench/report.md and report.json (docs/BENCHMARKS.md).
.PHONY: bench
bench: setup $(MODEL)
	$(VENV)/bin/python -m bench.run $(BENCH_ARGS)

# Cluster mode on this machine (docs/DEPLOYMENT.md): PostgreSQL, Redis, action
# servers and Rasa replicas behind nginx, from Debian's packages.
cluster: setup $(MODEL)
	@deploy/local/install-packages.sh
	@source scripts/env.sh && $(VENV)/bin/python -m deploy.local.cluster start

cluster-stop:
	@source scripts/env.sh && $(VENV)/bin/python -m deploy.local.cluster stop

cluster-status:
	@source scripts/env.sh && $(VENV)/bin/python -m deploy.local.cluster status

test-cluster: setup $(MODEL)
	@deploy/local/install-packages.sh
	@source scripts/env.sh && $(VENV)/bin/python -m pytest -q -p no:cacheprovider --durations=8 tests/cluster

clean:
	rm -rf models results var .pytest_cache
