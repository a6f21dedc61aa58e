"""No secret reaches what a user reads.

Every playbook in playbooks/ (and through them every role) runs against the simulator as AWX runs a job (ansible-runner)
and, for the playbooks a secret passes through, with ansible-playbook; both at -vvv with --diff. Each kind of secret is a
distinct marker: the API key, a service account's client secret and every token issued for it, the hires' initial
passwords, a RADIUS shared secret, a sensitive policy value and a device PIN. None may appear in the output, in a job
event, anywhere in the runner's artifacts, in the files the playbooks write, or in the inventory plugin's cache; and each
must have reached the simulator, so that a leak has something to show.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.integration.support import ROOT, tail
from tests.integration.test_awx import job_variables, run_job
from tests.integration.test_inventory import SMALL_ORG
from tests.simulator.harness import Simulator

API_KEY = 'MARKER-APIKEY-5b1e0c37d2a9'
SERVICE_ACCOUNT = {'client_id': 'sa_secrets_end_to_end', 'client_secret': 'MARKER-CLIENTSECRET-9a41f6e0'}
TOKEN_PREFIX = 'MARKER-TOKEN-'      # the simulator puts it before every token it issues
RADIUS_SECRET = 'MARKER-RADIUS-27c8d1'
POLICY_SECRET = 'MARKER-POLICY-e03b95'
PASSWORDS = {'ken.thompson': 'MARKER-PW-ken-41d7', 'barbara.liskov': 'MARKER-PW-barbara-8c2f'}
PIN = '802731'                      # a device PIN is 6 digits, so it is found as a whole number, not as a marker
# every marker is found by its prefix, so a secret cut short still counts; the PIN where no digit, letter or '.' touches
# it (a timestamp's microseconds follow a '.', and hex ids and longer numbers are not it)
LEAK = re.compile(r'MARKER-[A-Z]+|(?<![0-9A-Za-z.]){0}(?![0-9A-Za-z])'.format(PIN))
# what the credential type injects into a job's environment, which ansible-runner records in artifacts/<id>/command
CREDENTIAL_VARIABLES = ('JUMPCLOUD_API_KEY', 'JUMPCLOUD_CLIENT_SECRET')


@pytest.fixture(scope='module')
def sim():
    """A simulator that takes only the marker key, and the service account's secret, issuing marked tokens."""
    with Simulator(api_key=API_KEY) as simulator:
        simulator.config(oauth_clients={SERVICE_ACCOUNT['client_id']: SERVICE_ACCOUNT['client_secret']},
                         token_prefix=TOKEN_PREFIX)
        yield simulator


def leaks(text):
    """The secrets ``text`` shows: each marker's kind, and the PIN."""
    return LEAK.findall(text)


def leaks_in_files(folder, skip=()):
    """{file: leaks} for every file under ``folder`` that shows a secret (``skip``: {name: text to check instead})."""
    found = {}
    for path in sorted(Path(folder).rglob('*')):
        if path.is_file():
            text = skip[path.name](path) if path.name in skip else path.read_text(encoding='utf-8', errors='replace')
            if leaks(text):
                found[str(path.relative_to(folder))] = leaks(text)
    return found


def runner_command(path):
    """ansible-runner's record of the job's command and environment (its input, not the job's output), without the
    variables the credential injects; what is left must hold no secret."""
    command = json.loads(path.read_text(encoding='utf-8'))
    assert any(command['env'].get(name) for name in CREDENTIAL_VARIABLES)   # the job's credential, as injected
    for name in CREDENTIAL_VARIABLES:
        del command['env'][name]
    return json.dumps(command)


# The groups the joiners' department map names; the directory playbook adds the RADIUS server and the policies.
GROUPS = {'usergroups': [{'name': name} for name in ('All staff', 'Engineering', 'Sales')],
          'systemgroups': [{'name': 'Engineering laptops'}, {'name': 'Sales laptops'}]}


def seed(simulator):
    simulator.reset()
    simulator.seed(yaml.safe_load((ROOT / 'scripts' / 'demo-seed.yml').read_text()))
    simulator.seed(GROUPS)


def directory_variables():
    """A small organization for playbooks/directory.yml (every task runs, few items): the example's VPN group and RADIUS
    server with its secret from a vault variable, and a Wi-Fi policy with a passphrase, in a policy group."""
    example = job_variables('directory.yml')
    return dict(example, vault_office_wifi_radius_secret=RADIUS_SECRET,
                directory_user_groups=[group for group in example['directory_user_groups'] if group['name'] == 'VPN users'],
                directory_system_groups=[],
                directory_policies=[{'name': 'Office Wi-Fi profile', 'template': 'Wi-Fi Configuration', 'os_family': 'darwin',
                                     'values': {'ssid': 'Example-Corp'}, 'sensitive_values': {'passphrase': POLICY_SECRET}}],
                directory_policy_groups=[{'name': 'Wi-Fi', 'members': ['Office Wi-Fi profile']}],
                directory_bindings=[{'source_type': 'user_group', 'source': 'VPN users', 'target_type': 'radius_server',
                                     'targets': ['Office Wi-Fi']},
                                    {'source_type': 'policy_group', 'source': 'Wi-Fi', 'target_type': 'system_group',
                                     'targets': ['Engineering laptops']}])


def onboard_variables():
    hires = copy.deepcopy(job_variables('onboard.yml')['onboarding_hires'])
    for hire in hires:
        hire['password'] = PASSWORDS[hire['username']]
    return job_variables('onboard.yml', onboarding_hires=hires)


def offboard_variables():
    return job_variables('offboard.yml', offboarding_users=['dennis.ritchie', 'ken.thompson'], offboarding_devices='lock',
                         offboarding_device_pin=PIN)


def assert_secrets_arrived(simulator):
    """Each secret reached JumpCloud: the ones the test looks for were really in play."""
    state = simulator.state()
    radius = [server for server in state['radiusservers'] if server['name'] == 'Office Wi-Fi']
    assert [server['_sharedSecret'] for server in radius] == [RADIUS_SECRET]
    policy = next(policy for policy in state['policies'] if policy['name'] == 'Office Wi-Fi profile')
    assert POLICY_SECRET in [entry.get('value') for entry in policy['values']]
    users = {user['username']: user for user in state['systemusers']}
    assert {name: users[name]['_password'] for name in PASSWORDS} == PASSWORDS
    assert users['ken.thompson']['state'] == 'SUSPENDED'
    locks = [command for device in state['appledevices'] for command in device.get('_commands', ()) if command['type'] == 'lock']
    assert locks and PIN in json.dumps(locks)
    assert simulator.violations() == []


def test_no_secret_in_any_job_of_any_playbook(sim, tmp_path):
    """Every playbook as an AWX job (ansible-runner, -vvv, "Show changes"): the directory, the joiners, the leavers
    (their Macs locked with a PIN), the fleet report (with a service account), the export and the demo. Nothing in the
    output, the job events or the artifacts shows a secret, nor do the files the report and the export write."""
    seed(sim)
    api_key = {'api_key': API_KEY}
    jobs = [('directory', 'directory.yml', directory_variables(), api_key),
            ('onboard', 'onboard.yml', onboard_variables(), api_key),
            ('offboard', 'offboard.yml', offboard_variables(), api_key),
            ('fleet_report', 'fleet_report.yml', job_variables('fleet_report.yml', fleet_report_dest=str(tmp_path / 'fleet.csv')),
             SERVICE_ACCOUNT),
            ('export', 'export.yml', {'export_dir': str(tmp_path / 'exported'), 'export_departments': True}, api_key),
            ('demo', 'demo.yml', {}, api_key)]
    assert {job[1] for job in jobs} == {path.name for path in (ROOT / 'playbooks').glob('*.yml')}
    found = {}
    for name, playbook, variables, credential in jobs:
        sim.clear_requests()
        result = run_job(sim, tmp_path / name, playbook, variables, credential=credential, verbosity=3, diff=True)
        auth = {entry['auth'] for entry in sim.requests() if entry['path'].startswith('/api/')}
        assert auth == {'bearer' if 'client_id' in credential else 'api_key'}, (name, auth)
        artifacts = Path(result.config.artifact_dir)
        events = json.dumps(list(result.events))
        assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in events, name   # the events hold every task's arguments
        found[name] = {'stdout': leaks((artifacts / 'stdout').read_text()), 'events': leaks(events),
                       'artifacts': leaks_in_files(artifacts, skip={'command': runner_command})}
    found['written files'] = dict(leaks_in_files(tmp_path / 'exported'), **{'fleet.csv': leaks((tmp_path / 'fleet.csv').read_text())})
    clean = {'stdout': [], 'events': [], 'artifacts': {}}
    assert found == dict(dict.fromkeys([job[0] for job in jobs], clean), **{'written files': {'fleet.csv': []}}), found
    vault = yaml.safe_load((tmp_path / 'exported' / 'vault.example.yml').read_text())
    assert vault and set(vault.values()) == {''}   # the export names the secrets it cannot read, with no value
    assert_secrets_arrived(sim)


def test_no_secret_in_ansible_playbook_output(sim, run_playbook, tmp_path):
    """The playbooks a secret passes through (a loop's list, a role variable, the hires), with ansible-playbook -vvv
    --diff, the leavers with a service account: neither stdout nor stderr shows a secret."""
    seed(sim)
    api_key = {'JUMPCLOUD_API_URL': sim.url, 'JUMPCLOUD_API_KEY': API_KEY}
    service_account = {'JUMPCLOUD_API_URL': sim.url, 'JUMPCLOUD_API_KEY': '', 'JUMPCLOUD_CLIENT_ID': SERVICE_ACCOUNT['client_id'],
                       'JUMPCLOUD_CLIENT_SECRET': SERVICE_ACCOUNT['client_secret']}
    found = {}
    for playbook, variables, env in (('directory.yml', directory_variables(), api_key),
                                     ('onboard.yml', onboard_variables(), api_key),
                                     ('offboard.yml', offboard_variables(), service_account)):
        vars_file = tmp_path / ('vars-' + playbook)
        vars_file.write_text(yaml.safe_dump(variables))
        result = run_playbook(str(ROOT / 'playbooks' / playbook), '-e', '@' + str(vars_file), '-vvv', '--diff', env=env)
        output = result.stdout + result.stderr
        assert result.returncode == 0, tail(output)
        assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in output, playbook
        found[playbook] = leaks(output)
    assert found == dict.fromkeys(found, []), found
    assert_secrets_arrived(sim)


def test_no_secret_in_the_inventory_cache(sim, ansible_env, tmp_path):
    """The inventory plugin with its cache on, at -vvv, with a service account and then (the cache flushed) with the API
    key: neither its output nor the cache file holds a credential or a token."""
    sim.reset()
    sim.seed(SMALL_ORG)
    cache = tmp_path / 'cache'
    config = tmp_path / 'jumpcloud.systems.yml'
    config.write_text('plugin: jcops.jumpcloud.systems\ninclude_users: true\ncache: true\ncache_plugin: ansible.builtin.jsonfile\n'
                      'cache_connection: {0}\ncache_timeout: 3600\n'.format(cache))
    runs = {'service account': ({'JUMPCLOUD_API_KEY': '', 'JUMPCLOUD_CLIENT_ID': SERVICE_ACCOUNT['client_id'],
                                 'JUMPCLOUD_CLIENT_SECRET': SERVICE_ACCOUNT['client_secret']}, []),
            'API key': ({'JUMPCLOUD_API_KEY': API_KEY}, ['--flush-cache'])}
    found = {}
    for name, (credentials, args) in runs.items():
        sim.clear_requests()
        command = [str(Path(sys.executable).parent / 'ansible-inventory'), '-i', str(config), '--list', '-vvv'] + args
        result = subprocess.run(command, env=dict(ansible_env, JUMPCLOUD_API_URL=sim.url, **credentials), capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0, tail(result.stdout + result.stderr)
        assert 'web-1.example.com' in result.stdout and len(sim.requests()) > 1   # read from the API, not the cache
        found[name] = {'output': leaks(result.stdout + result.stderr), 'cache': leaks_in_files(cache)}
    assert list(cache.iterdir())
    assert found == dict.fromkeys(runs, {'output': [], 'cache': {}}), found
