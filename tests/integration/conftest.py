"""Integration tests: ansible-playbook runs against one JumpCloud simulator started for the session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integration.support import API_KEY, TARGETS, ansible_env
from tests.simulator.harness import Simulator


@pytest.fixture(scope='session')
def simulator():
    sim = Simulator(api_key=API_KEY)
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture(scope='module', name='sim')
def module_simulator():
    """A simulator of the test module's own, for tests that reset it or count its requests and violations."""
    with Simulator(api_key=API_KEY) as sim:
        yield sim


@pytest.fixture(scope='session', name='ansible_env')
def ansible_env_fixture(simulator, tmp_path_factory):
    """Environment for ansible-playbook/molecule: the checkout as a collection, the simulator as the API."""
    home = tmp_path_factory.mktemp('ansible-home')
    env = ansible_env(simulator.url, API_KEY, ANSIBLE_ROLES_PATH=str(TARGETS), ANSIBLE_LOCAL_TEMP=str(home / 'tmp'),
                      ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='false')
    for name in ('JUMPCLOUD_ORG_ID', 'JUMPCLOUD_REGION', 'JUMPCLOUD_CLIENT_ID', 'JUMPCLOUD_CLIENT_SECRET', 'JUMPCLOUD_TOKEN_URL'):
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
