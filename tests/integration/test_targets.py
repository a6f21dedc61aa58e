"""Every integration target runs as a role against a freshly reset simulator, and leaves no spec violation."""

from __future__ import annotations

import pytest

from tests.integration.support import API_KEY, TARGETS, tail

TARGET_NAMES = sorted(path.name for path in TARGETS.iterdir() if (path / 'tasks' / 'main.yml').exists() and not path.name.startswith('setup_'))

PLAY = """---
- name: Integration target {0}
  hosts: localhost
  gather_facts: false
  roles:
    - {0}
"""


@pytest.mark.parametrize('target', TARGET_NAMES)
def test_target(target, simulator, run_playbook):
    simulator.reset()
    result = run_playbook(PLAY.format(target))
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    assert simulator.violations() == []


def test_secrets_never_appear_even_at_vvv(simulator, run_playbook):
    simulator.reset()
    password = 'Sup3r-Secret-Passw0rd-4711'
    result = run_playbook("""---
- name: Secrets stay secret
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Create a user with a password, twice
      jcops.jumpcloud.jc_user:
        username: secretive
        email: secretive@example.com
        password: "{0}"
        update_password: always
      diff: true
      loop: [1, 2]
""".format(password), '-vvv', '--diff')
    output = result.stdout + result.stderr
    assert result.returncode == 0, tail(output)
    assert 'secretive' in output
    assert password not in output
    assert API_KEY not in output
