"""Every integration target runs as a role against a freshly reset simulator, and leaves no spec violation."""

from __future__ import annotations

import re

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


def test_mdm_pin_never_appears_even_at_vvv(simulator, run_playbook):
    simulator.reset()
    pin, bad_pin = '730519', '73051x'
    simulator.seed({'applemdms': [{'name': 'Main MDM'}],
                    'appledevices': [{'serialNumber': 'C02PINLOCK'}, {'serialNumber': 'C02PINERASE'}]})
    result = run_playbook("""---
- name: The lock PIN stays secret
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Lock and erase, twice, in check mode and for real
      jcops.jumpcloud.jc_apple_mdm_device:
        serial_number: "{{{{ item.0 }}}}"
        action: "{{{{ item.1 }}}}"
        pin: "{0}"
        confirm: true
      check_mode: "{{{{ item.2 }}}}"
      diff: true
      loop:
        - [C02PINLOCK, lock, true]
        - [C02PINLOCK, lock, false]
        - [C02PINLOCK, lock, false]
        - [C02PINERASE, erase, true]
        - [C02PINERASE, erase, false]
        - [C02PINERASE, erase, false]
    - name: A bad PIN is refused without echoing it
      jcops.jumpcloud.jc_apple_mdm_device:
        serial_number: C02PINLOCK
        action: lock
        pin: "{1}"
        confirm: true
      ignore_errors: true
""".format(pin, bad_pin), '-vvv', '--diff')
    output = result.stdout + result.stderr
    assert result.returncode == 0, tail(output)
    assert 'The lock command to device C02PINLOCK sent' in output
    assert 'pin must be exactly 6 digits' in output
    # a six-digit number may occur inside longer ones (timestamps, temporary paths): only a standalone one counts
    assert not re.search(r'(?<![0-9]){0}(?![0-9])'.format(pin), output)
    assert bad_pin not in output
    assert API_KEY not in output
    sent = [command for device in simulator.state()['appledevices'] for command in device['_commands']]
    assert [(command['type'], command['pin']) for command in sent] == [('lock', pin), ('erase', pin)]
