"""Constants and helpers shared by the integration tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.conftest import COLLECTIONS_BASE

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ROOT / 'tests' / 'integration' / 'targets'
API_KEY = 'jca_integration-test-key-0123456789abcdef'


def tail(text, lines=80):
    """The last lines of a command's output, for assertion messages."""
    return '\n'.join(text.splitlines()[-lines:])


def ansible_env(api_url=None, api_key=None, base=None, **extra):
    """Environment to run ansible, ansible-playbook or ansible-inventory from this checkout: the checkout as the
    jcops.jumpcloud collection, this Python as the interpreter, the venv first on PATH, and (when given) the API
    URL and key the modules read. ``extra`` adds or overrides variables."""
    env = dict(os.environ if base is None else base)
    env.update(
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_BASE,
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCALHOST_WARNING='false',
        ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''),
    )
    if api_url:
        env['JUMPCLOUD_API_URL'] = api_url
    if api_key:
        env['JUMPCLOUD_API_KEY'] = api_key
    env.update(extra)
    return env
