"""Two organizations under one key (an MSP): the directory playbook run in each (org_id through module_defaults), then
the inventory plugin across both (org_ids), each host in the group of its organization."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.integration.support import ROOT, tail
from tests.integration.test_inventory import plain, write_config
from tests.integration.test_playbooks import changed

GLOBEX = '6e1000000000000000000b01'


def test_directory_in_two_organizations_and_one_inventory(simulator, run_playbook, ansible_env, tmp_path):
    started = time.monotonic()
    simulator.reset()
    acme = simulator.health()['organization']
    simulator.seed({'organizations': [{'_id': acme, 'displayName': 'Acme Corp'}, {'_id': GLOBEX, 'displayName': 'Globex'}]})
    seed = yaml.safe_load((ROOT / 'scripts' / 'demo-seed.yml').read_text())
    for org_id in (acme, GLOBEX):
        simulator.seed(seed, org_id=org_id)

    for org_id in (acme, GLOBEX):
        result = run_playbook(str(ROOT / 'playbooks/directory.yml'), '-e', '@' + str(ROOT / 'playbooks/vars/directory.yml'),
                              '-e', 'jumpcloud_org_id=' + org_id)
        assert result.returncode == 0, tail(result.stdout + result.stderr)
        assert changed(result.stdout) > 5
    requests = simulator.requests()
    assert {entry['org_id'] for entry in requests} == {acme, GLOBEX}
    for org_id in (acme, GLOBEX):
        state = simulator.state(org_id=org_id)
        assert sorted(group['name'] for group in state['usergroups']) == ['All staff', 'Engineering', 'Sales', 'VPN users']
        assert all(group['organizationObjectId'] == org_id for group in state['usergroups'])

    config = write_config(tmp_path, """\
        plugin: jcops.jumpcloud.systems
        include_mdm: false
        org_ids: [{0}, {1}]
        """.format(acme, GLOBEX))
    simulator.clear_requests()
    command = [str(Path(sys.executable).parent / 'ansible-inventory'), '-i', str(config), '--list']
    result = subprocess.run(command, env=ansible_env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    listing = plain(json.loads(result.stdout))
    acme_hosts, globex_hosts = listing['org_Acme_Corp']['hosts'], listing['org_Globex']['hosts']
    assert len(acme_hosts) == len(globex_hosts) == 6
    assert not set(acme_hosts) & set(globex_hosts)
    # the same hostnames in both: the device with the smaller id keeps the name, the other gets its id appended
    assert sum(1 for host in acme_hosts + globex_hosts if host == 'build-01.example.com') == 1
    hostvars = listing['_meta']['hostvars']
    assert {hostvars[host]['jumpcloud_org_id'] for host in globex_hosts} == {GLOBEX}
    assert {hostvars[host]['jumpcloud_org_name'] for host in acme_hosts} == {'Acme Corp'}
    assert 'several devices are named' in result.stderr
    log = simulator.requests()
    assert [entry['org_id'] for entry in log if entry['path'] == '/api/organizations'] == [None]
    assert {entry['org_id'] for entry in log if entry['path'] == '/api/systems'} == {acme, GLOBEX}
    assert simulator.violations() == []
    print('\ntwo organizations: directory in each and the inventory across both, {0:.1f} s'.format(time.monotonic() - started))
