"""Integration tests: ansible-playbook runs against one JumpCloud simulator started for the session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COLLECTIONS_BASE, ROOT
from tests.integration.support import API_KEY, TARGETS
from tests.simulator.harness import Simulator


@pytest.fixture(scope='session')
def simulator():
    sim = Simulator(api_key=API_KEY)
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture(scope='session')
def ansible_env(simulator, tmp_path_factory):
    """Environment for ansible-playbook/molecule: the checkout as a collection, the simulator as the API."""
    home = tmp_path_factory.mktemp('ansible-home')
    env = dict(os.environ)
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS_BASE,
        'ANSIBLE_ROLES_PATH': str(TARGETS),
        'ANSIBLE_LOCAL_TEMP': str(home / 'tmp'),
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
        'JUMPCLOUD_API_URL': simulator.url,
        'JUMPCLOUD_API_KEY': API_KEY,
        'PATH': os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', ''),
    })
    for name in ('JUMPCLOUD_ORG_ID', 'JUMPCLOUD_REGION'):
        env.pop(name, None)
    return env


@pytest.fixture
def run_playbook(ansible_env, tmp_path):
    """run_playbook(playbook_or_yaml_text, *extra_args, env=None) -> CompletedProcess (output in .stdout)."""

    def run(playbook, *args, env=None):
        if isinstance(playbook, str) and '\n' in playbook:
            path = tmp_path / 'playbook.yml'
            path.write_text(playbook)
            playbook = path
        inventory = tmp_path / 'inventory.ini'
        inventory.write_text('localhost ansible_connection=local ansible_python_interpreter={0}\n'.format(sys.executable))
        command = [str(Path(sys.executable).parent / 'ansible-playbook'), '-i', str(inventory), str(playbook)] + list(args)
        return subprocess.run(command, env=dict(ansible_env, **(env or {})), cwd=str(ROOT), capture_output=True, text=True, check=False)

    return run
