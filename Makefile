# The two commands: `make demo` and `make test`. Both start from nothing but Python 3.11.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-dev.sha256
REQ_SHA := $(shell cat requirements-dev.txt requirements-peers.txt | sha256sum | cut -c1-64)

.PHONY: venv demo test test-live sanity lint units integration molecule changelog clean

venv:
	@if [ ! -x $(BIN)/python ]; then $(PYTHON) -m venv $(VENV); fi
	@if [ "$$(cat $(STAMP) 2>/dev/null)" != "$(REQ_SHA)" ]; then \
		$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt 2>&1 | (grep -v '^WARNING: Location' || true) && \
		$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps -r requirements-peers.txt 2>&1 | (grep -v '^WARNING: Location' || true) && \
		echo "$(REQ_SHA)" > $(STAMP); \
	fi

demo: venv
	@$(BIN)/python scripts/demo.py

test: venv
	@PATH="$(CURDIR)/$(BIN):$$PATH" scripts/test.sh

# Opt-in: against a real organization (JUMPCLOUD_API_KEY; JUMPCLOUD_LIVE_WRITE=1 for the write round trip).
test-live: venv
	@$(BIN)/python -m pytest tests/live -rs $(PYTEST_ARGS)

sanity: venv
	@PATH="$(CURDIR)/$(BIN):$$PATH" scripts/ansible-test.sh sanity --python 3.11

lint: venv
	@PATH="$(CURDIR)/$(BIN):$$PATH" scripts/lint.sh

units: venv
	@$(BIN)/python -m pytest tests/unit

integration: venv
	@$(BIN)/python -m pytest tests/integration

clean:
	rm -rf tests/output .pytest_cache dist
