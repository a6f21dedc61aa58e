"""Every molecule scenario (extensions/molecule/<name>) runs against the simulator, and leaves no spec violation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.support import ROOT, tail

SCENARIOS = sorted(path.name for path in (ROOT / 'extensions' / 'molecule').iterdir() if (path / 'molecule.yml').exists())


@pytest.mark.parametrize('scenario', SCENARIOS)
def test_scenario(scenario, simulator, ansible_env, tmp_path):
    simulator.reset()
    molecule = str(Path(sys.executable).parent / 'molecule')
    # molecule keeps each scenario's state (prepared, converged...) under ANSIBLE_HOME: a private one keeps
    # concurrent runs of the same scenario apart.
    env = dict(ansible_env, ANSIBLE_HOME=str(tmp_path / 'ansible-home'))
    env.pop('VIRTUAL_ENV', None)
    result = subprocess.run([molecule, 'test', '--scenario-name', scenario], cwd=str(ROOT), env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, tail(result.stdout + result.stderr, 120)
    assert simulator.violations() == []
