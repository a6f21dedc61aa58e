#!/usr/bin/env bash
# What `make test` runs: ansible-test sanity, ansible-lint, then pytest (unit tests, integration tests
# against the JumpCloud simulator, molecule scenarios). pytest's summary is the last line printed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== ansible-test sanity"
scripts/ansible-test.sh sanity --python 3.11 --color no

echo "== ansible-lint and changelog lint"
scripts/lint.sh

echo "== pytest: unit, integration (simulator), molecule"
# Tests run side by side, each worker with a simulator of its own; most of a test's time is spent in
# ansible-playbook processes and simulated latency, so a worker more than there are cores keeps both busy.
exec python -m pytest -n "${JCOPS_TEST_WORKERS:-3}"
