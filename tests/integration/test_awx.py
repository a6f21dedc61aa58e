"""The AWX / Automation Platform path: the credential type's injectors feed ansible-runner (the engine under AWX)."""

from __future__ import annotations

import json
import os
import shutil
import sys

import ansible_runner
import ansible_runner.interface
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tests.conftest import COLLECTIONS_BASE
from tests.integration.support import API_KEY, ROOT
from tests.integration.test_inventory import SMALL_ORG, plain

CREDENTIAL_TYPE = yaml.safe_load((ROOT / 'extensions' / 'awx' / 'credential_type.yml').read_text())


def injected_env(inputs):
    """The environment AWX injects for a credential of the type, given the credential's inputs."""
    fields = {field['id']: field.get('default', '') for field in CREDENTIAL_TYPE['inputs']['fields']}
    fields.update(inputs)
    jinja = ImmutableSandboxedEnvironment()
    return {name: jinja.from_string(template).render(**fields) for name, template in CREDENTIAL_TYPE['injectors']['env'].items()}


def runner_env(simulator_url):
    env = injected_env({'api_key': API_KEY, 'region': 'us', 'api_url': simulator_url})
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_BASE, ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    return env


def test_credential_type_declares_what_the_collection_reads():
    fields = {field['id']: field for field in CREDENTIAL_TYPE['inputs']['fields']}
    assert fields['api_key']['secret'] is True
    assert set(CREDENTIAL_TYPE['inputs']['required']) == {'api_key', 'region'}
    assert fields['region']['choices'] == ['us', 'eu', 'in']
    env = injected_env({'api_key': 'jca_x', 'region': 'eu'})
    assert env == {'JUMPCLOUD_API_KEY': 'jca_x', 'JUMPCLOUD_ORG_ID': '', 'JUMPCLOUD_REGION': 'eu', 'JUMPCLOUD_API_URL': ''}


def seed_directory(simulator):
    simulator.reset()
    simulator.seed({
        'usergroups': [{'name': name} for name in ('All staff', 'Engineering', 'Sales')],
        'systemgroups': [{'name': 'Engineering laptops'}, {'name': 'Sales laptops'}],
        'applications': [{'displayLabel': label, 'name': label.lower(), 'ssoUrl': 'https://sso.example.com/' + label.lower(), 'config': {}}
                         for label in ('Slack', 'GitHub', 'Salesforce')],
        'radiusservers': [{'name': 'Office Wi-Fi', 'networkSourceIp': '203.0.113.10', 'sharedSecret': 'seeded-secret'}],
    })


def test_onboarding_playbook_through_ansible_runner(simulator, tmp_path):
    seed_directory(simulator)
    extravars = yaml.safe_load((ROOT / 'playbooks' / 'vars' / 'onboard.yml').read_text())
    runs = []
    for attempt in ('first', 'second'):
        (tmp_path / attempt).mkdir()
        result = ansible_runner.run(private_data_dir=str(tmp_path / attempt), playbook=str(ROOT / 'playbooks' / 'onboard.yml'),
                                    envvars=runner_env(simulator.url), extravars=extravars, quiet=True)
        assert result.status == 'successful', ''.join(result.stdout.readlines()[-40:])
        runs.append(result.stats)
    assert sum(runs[0]['changed'].values()) > 0
    assert sum(runs[1]['changed'].values()) == 0
    state = simulator.state()
    hires = {user['username']: user for user in state['systemusers']}
    assert {'ken.thompson', 'barbara.liskov', 'margaret.hamilton'} <= set(hires)
    groups = {group['id']: group['name'] for group in state['usergroups']}
    barbara_groups = {groups[edge['group']['id']] for edge in state['members'] if edge['member']['id'] == hires['barbara.liskov']['_id']}
    assert barbara_groups == {'All staff', 'Engineering'}
    assert simulator.violations() == []


def test_inventory_source_through_ansible_runner(simulator, tmp_path, monkeypatch):
    """The sample inventory source, run the way an AWX inventory update runs it (ansible-inventory --list --export under
    ansible-runner, credentials only from the credential type's injected environment)."""
    simulator.reset()
    simulator.seed(SMALL_ORG)
    source = tmp_path / 'jumpcloud.systems.yml'
    shutil.copy(ROOT / 'extensions' / 'awx' / 'jumpcloud.systems.yml', source)
    simulator.clear_requests()
    # ansible-runner finds ansible-inventory on this process's PATH
    monkeypatch.setenv('PATH', os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    out, err = ansible_runner.interface.get_inventory(action='list', inventories=[str(source)], response_format='json', export=True,
                                                      envvars=runner_env(simulator.url), private_data_dir=str(tmp_path / 'runner'),
                                                      quiet=True)
    assert not err, err
    inventory = plain(out if isinstance(out, dict) else json.loads(out))
    hostvars = inventory['_meta']['hostvars']
    assert sorted(hostvars) == ['DMPADA0001', 'FRONTDESK', 'ada-mbp.local', 'db-1.example.com', 'web-1.example.com', 'web-2.example.com']
    assert hostvars['web-1.example.com']['ansible_host'] == 'web-1.example.com'
    assert hostvars['web-1.example.com']['jumpcloud_users'] == ['grace@example.com', 'linus@example.com']
    assert 'ansible_host' not in hostvars['DMPADA0001']
    groups = {name: sorted(group.get('hosts', [])) for name, group in inventory.items() if name not in ('_meta', 'all')}
    assert groups['Web_servers'] == ['web-1.example.com', 'web-2.example.com']
    assert groups['offline'] == ['db-1.example.com']
    assert groups['mdm'] == ['DMPADA0001']
    assert groups['agent_2_11_4'] == ['web-2.example.com']
    assert sorted(inventory['all']['children']) == sorted(['ungrouped'] + list(groups))
    assert len(simulator.requests()) == 1 + 1 + 1 + 1 + 3 + 1 + 2
    assert simulator.violations() == []
