"""The shipped playbooks, run with their example vars files the way the README says, against the simulator.

They build an organization from nothing (directory), onboard joiners and offboard a leaver; every second run
changes nothing, and a check-mode run sends no write.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.integration.support import ROOT, tail

WRITES = ('POST', 'PUT', 'PATCH', 'DELETE')


@pytest.fixture
def run_vars(run_playbook):
    """run_vars(playbook, vars_file, *args) -> the output of a successful run."""

    def run(playbook, vars_file, *args):
        result = run_playbook(str(ROOT / playbook), '-e', '@' + str(ROOT / vars_file), *args)
        assert result.returncode == 0, tail(result.stdout + result.stderr)
        return result.stdout

    return run


def changed(output):
    """The number of changed tasks in the play recap."""
    return sum(int(count) for count in re.findall(r'\bchanged=(\d+)', output.rsplit('PLAY RECAP', 1)[1]))


def test_directory_onboard_offboard(simulator, run_vars):
    simulator.reset()
    simulator.seed(yaml.safe_load((ROOT / 'scripts' / 'demo-seed.yml').read_text()))

    built = run_vars('playbooks/directory.yml', 'playbooks/vars/directory.yml')
    assert changed(built) > 5
    for policy in ('Mac disk encryption', 'Mac password complexity', 'Mac screen lock'):
        assert "{0}: {{'success': 0, 'failed': 0, 'pending': 3, 'total': 3}}".format(policy) in built
    assert changed(run_vars('playbooks/directory.yml', 'playbooks/vars/directory.yml')) == 0

    simulator.clear_requests()
    assert changed(run_vars('playbooks/directory.yml', 'playbooks/vars/directory.yml', '--check')) == 0
    assert [request for request in simulator.requests() if request['method'] in WRITES] == []

    assert changed(run_vars('playbooks/onboard.yml', 'playbooks/vars/onboard.yml')) > 0
    simulator.clear_requests()
    assert changed(run_vars('playbooks/onboard.yml', 'playbooks/vars/onboard.yml')) == 0
    # the rerun only reads, and nothing per hire: the 4 kinds of the map resolved once each, the 3 hires in one page (in
    # jc_users, and again in jc_association), the 4 kinds again (jc_association), the links of each of the map's 9 objects
    reads = [request for request in simulator.requests() if request['method'] == 'GET']
    assert len(reads) == len(simulator.requests()) == 4 + 1 + 1 + 4 + 9

    simulator.clear_requests()
    previewed = run_vars('playbooks/offboard.yml', 'playbooks/vars/offboard.yml', '--check')
    assert changed(previewed) > 0
    assert [request for request in simulator.requests() if request['method'] in WRITES] == []
    simulator.clear_requests()
    assert changed(run_vars('playbooks/offboard.yml', 'playbooks/vars/offboard.yml')) > 0
    # without offboarding_record_events, the audit log is not read
    assert [request for request in simulator.requests() if request['path'].startswith('/insights/')] == []
    assert changed(run_vars('playbooks/offboard.yml', 'playbooks/vars/offboard.yml')) == 0

    state = simulator.state()
    dennis = next(user for user in state['systemusers'] if user['username'] == 'dennis.ritchie')
    assert dennis['state'] == 'SUSPENDED'
    assert [edge for edge in state['associations'] if dennis['_id'] in (edge['from']['id'], edge['to']['id'])] == []
    mac = next(device for device in state['appledevices'] if device['serialNumber'] == 'C02DMR0001')
    assert [command['type'] for command in mac['_commands']] == ['lock']
    assert simulator.violations() == []
