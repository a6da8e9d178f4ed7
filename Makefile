# make run   set up (Python, packages, model) and start the assistant
# make test  set up and run every test
SHELL := /bin/bash
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false

VENV := .venv
RASA := $(VENV)/bin/rasa
MODEL := models/assistant.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)

.PHONY: help setup train run test test-unit test-rasa test-e2e validate clean

help:
	@echo "make run    set up and start the assistant (REST + socket.io on :5005, demo page on :8080)"
	@echo "make test   set up and run every test"
	@echo "make train  retrain the model (only needed after changing data/, domain.yml or config.yml)"

setup:
	@scripts/setup.sh

# Retrain only when the training data, domain or pipeline changed; answers in
# locales/ are read live and never need retraining.
$(MODEL): $(TRAINING_INPUTS) | setup
	source scripts/env.sh && $(RASA) train --fixed-model-name assistant --out models

train: setup $(MODEL)

run: setup $(MODEL)
	@scripts/run.sh

validate: setup
	source scripts/env.sh && $(RASA) data validate --fail-on-warnings

test: setup $(MODEL)
	@scripts/test.sh

clean:
	rm -rf models results var .pytest_cache
