"""A play authenticated as a service account, at -vvv: every request carries a bearer token, and neither the client
secret nor a token shows in the output."""

from __future__ import annotations

from tests.integration.support import tail

CLIENT_ID = 'sa_vvv_check'
SECRET = 'service-account-secret-never-shown-4711'


def test_service_account_secrets_never_appear_even_at_vvv(simulator, run_playbook):
    simulator.reset()
    simulator.config(oauth_clients={CLIENT_ID: SECRET}, token_ttl=3600)
    try:
        result = run_playbook("""---
- name: A service account reads and writes
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/jcops.jumpcloud.jumpcloud:
      api_key: ""
      client_id: {0}
      client_secret: {1}
  tasks:
    - name: Create a group
      jcops.jumpcloud.jc_user_group:
        name: Service account made this
    - name: Read it back through the API
      jcops.jumpcloud.jc_api:
        operation_id: groups_user_list
      register: listed
    - name: The group is there
      ansible.builtin.assert:
        that: listed.json | map(attribute='name') | list == ['Service account made this']
""".format(CLIENT_ID, SECRET), '-vvv')
        output = result.stdout + result.stderr
        assert result.returncode == 0, tail(output)
        assert SECRET not in output
        assert 'Bearer ' not in output
        log = simulator.requests()
        assert [entry['auth'] for entry in log if entry['path'] == '/oauth2/token'] == ['client_credentials'] * 2
        assert {entry['auth'] for entry in log if entry['path'].startswith('/api/')} == {'bearer'}
        assert simulator.violations() == []
    finally:
        simulator.config(oauth_clients=None)
