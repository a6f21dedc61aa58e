"""The AWX / Automation Platform path: the credential type's injectors feed ansible-runner (the engine under AWX)."""

from __future__ import annotations

import os
import sys

import ansible_runner
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tests.conftest import COLLECTIONS_BASE
from tests.integration.support import API_KEY, ROOT

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
