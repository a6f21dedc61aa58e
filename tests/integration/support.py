"""Constants and helpers shared by the integration tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ROOT / 'tests' / 'integration' / 'targets'
API_KEY = 'jca_integration-test-key-0123456789abcdef'


def tail(text, lines=80):
    """The last lines of a command's output, for assertion messages."""
    return '\n'.join(text.splitlines()[-lines:])
