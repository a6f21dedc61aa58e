"""A policy's sensitive values never appear in ansible-playbook output, even at -vvv with --diff."""

from __future__ import annotations

from tests.integration.support import API_KEY, tail


def test_sensitive_policy_values_never_appear_even_at_vvv(simulator, run_playbook):
    simulator.reset()
    passphrase = 'Wifi-Passphrase-Never-Shown-4711'
    pin = '93817264'
    result = run_playbook("""---
- name: Sensitive policy values stay secret
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Create, then rotate, a Wi-Fi policy's passphrase, twice
      jcops.jumpcloud.jc_policy:
        name: Office Wi-Fi
        template: Wi-Fi Configuration
        values:
          ssid: Example-Corp
        sensitive_values:
          passphrase: "{0}"
        update_sensitive_values: always
      diff: true
      loop: [1, 2]

    - name: A BitLocker PIN of the wrong type fails without showing it
      jcops.jumpcloud.jc_policy:
        name: Windows BitLocker
        template: bitlocker_windows
        sensitive_values:
          startupPin: {1}
      ignore_errors: true
""".format(passphrase, pin), '-vvv', '--diff')
    output = result.stdout + result.stderr
    assert result.returncode == 0, tail(output)
    assert 'Office Wi-Fi' in output
    assert "field 'startupPin' takes a string, not (a sensitive value)" in output
    assert passphrase not in output
    assert pin not in output
    assert API_KEY not in output
    stored = [policy for policy in simulator.state()['policies'] if policy['name'] == 'Office Wi-Fi'][0]
    assert passphrase in [entry.get('value') for entry in stored['values']]
