"""The RADIUS shared secret never appears in ansible-playbook output, diffs included, even at -vvv."""

from __future__ import annotations

from tests.integration.support import API_KEY, tail

SECRET = 'Radius-Secret-Never-Shown-4711'
ROTATED = 'Radius-Secret-Rotated-0815'


def test_radius_secret_never_appears_even_at_vvv(simulator, run_playbook):
    simulator.reset()
    result = run_playbook("""---
- name: RADIUS secrets stay secret
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Create a RADIUS server
      jcops.jumpcloud.jc_radius_server:
        name: secretive-radius
        network_source_ip: 203.0.113.99
        shared_secret: "{0}"

    - name: Give the same server a secret that is not sent (update_secret=on_create)
      jcops.jumpcloud.jc_radius_server:
        name: secretive-radius
        shared_secret: "{1}"

    - name: Preview rotating its secret
      jcops.jumpcloud.jc_radius_server: &rotate
        name: secretive-radius
        shared_secret: "{1}"
        update_secret: always
      check_mode: true

    - name: Rotate its secret
      jcops.jumpcloud.jc_radius_server: *rotate

    - name: Read it back
      jcops.jumpcloud.jc_radius_server_info:
        name: secretive-radius
""".format(SECRET, ROTATED), '-vvv', '--diff')
    output = result.stdout + result.stderr
    assert result.returncode == 0, tail(output)
    assert 'secretive-radius' in output
    assert SECRET not in output
    assert ROTATED not in output
    assert API_KEY not in output
    stored = [server for server in simulator.state()['radiusservers'] if server['name'] == 'secretive-radius']
    assert [server['_sharedSecret'] for server in stored] == [ROTATED]
    assert simulator.violations() == []
