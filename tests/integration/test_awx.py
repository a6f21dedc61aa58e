"""The AWX / Automation Platform path: the credential type's injectors feed ansible-runner (the engine under AWX)."""

from __future__ import annotations

import json
import shutil

import ansible_runner
import ansible_runner.interface
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tests.integration.support import API_KEY, ROOT, ansible_env
from tests.integration.test_inventory import SMALL_ORG, plain

CREDENTIAL_TYPE = yaml.safe_load((ROOT / 'extensions' / 'awx' / 'credential_type.yml').read_text())


def injected_env(inputs):
    """The environment AWX injects for a credential of the type, given the credential's inputs."""
    fields = {field['id']: field.get('default', '') for field in CREDENTIAL_TYPE['inputs']['fields']}
    fields.update(inputs)
    jinja = ImmutableSandboxedEnvironment()
    return {name: jinja.from_string(template).render(**fields) for name, template in CREDENTIAL_TYPE['injectors']['env'].items()}


SERVICE_ACCOUNT = {'client_id': 'sa_awx_job_templates', 'client_secret': 'awx-service-account-secret-0123456789'}


def runner_env(simulator_url, credential=None):
    """What a job gets: the credential's injected variables (an API key, unless ``credential`` says otherwise) on top of
    the collection's environment."""
    inputs = dict(credential or {'api_key': API_KEY}, region='us', api_url=simulator_url)
    return ansible_env(base={}, ANSIBLE_NOCOLOR='1', **injected_env(inputs))


def test_credential_type_declares_what_the_collection_reads():
    fields = {field['id']: field for field in CREDENTIAL_TYPE['inputs']['fields']}
    assert fields['api_key']['secret'] is True and fields['client_secret']['secret'] is True
    assert 'secret' not in fields['client_id']
    assert set(CREDENTIAL_TYPE['inputs']['required']) == {'region'}
    assert fields['region']['choices'] == ['us', 'eu', 'in']
    env = injected_env({'api_key': 'jca_x', 'region': 'eu'})
    assert env == {'JUMPCLOUD_API_KEY': 'jca_x', 'JUMPCLOUD_CLIENT_ID': '', 'JUMPCLOUD_CLIENT_SECRET': '', 'JUMPCLOUD_ORG_ID': '',
                   'JUMPCLOUD_REGION': 'eu', 'JUMPCLOUD_API_URL': ''}
    env = injected_env(dict(SERVICE_ACCOUNT, region='us'))
    assert (env['JUMPCLOUD_API_KEY'], env['JUMPCLOUD_CLIENT_ID']) == ('', SERVICE_ACCOUNT['client_id'])


def job_variables(vars_file, **extravars):
    variables = yaml.safe_load((ROOT / 'playbooks' / 'vars' / vars_file).read_text())
    variables.update(extravars)
    return variables


def run_job(simulator, private_data_dir, playbook, variables, credential=None, verbosity=0, diff=False):
    """One job: the playbook through ansible-runner, with the credential's injected environment (and, with ``diff``, the
    job template's "Show changes"); the runner's result."""
    private_data_dir.mkdir()
    result = ansible_runner.run(private_data_dir=str(private_data_dir), playbook=str(ROOT / 'playbooks' / playbook),
                                envvars=runner_env(simulator.url, credential), extravars=variables, quiet=True,
                                verbosity=verbosity, cmdline='--diff' if diff else None)
    output = ''.join(result.stdout.readlines())
    assert result.status == 'successful', output[-4000:]
    if credential:
        assert all(secret not in output for secret in credential.values() if secret != credential.get('client_id'))
    return result


def run_job_template(simulator, private_data_dir, playbook, vars_file, credential=None, **extravars):
    """One job template run; the number of changed tasks."""
    result = run_job(simulator, private_data_dir, playbook, job_variables(vars_file, **extravars), credential)
    return sum(result.stats['changed'].values())


def test_job_templates_through_ansible_runner(simulator, tmp_path):
    """The directory, joiner, leaver and fleet-report job templates, as AWX runs them, on the demo organization."""
    simulator.reset()
    simulator.seed(yaml.safe_load((ROOT / 'scripts' / 'demo-seed.yml').read_text()))
    assert run_job_template(simulator, tmp_path / 'directory', 'directory.yml', 'directory.yml') > 0
    assert run_job_template(simulator, tmp_path / 'joiner', 'onboard.yml', 'onboard.yml') > 0
    assert run_job_template(simulator, tmp_path / 'joiner-again', 'onboard.yml', 'onboard.yml') == 0
    assert run_job_template(simulator, tmp_path / 'leaver', 'offboard.yml', 'offboard.yml') > 0
    report = tmp_path / 'fleet.csv'
    run_job_template(simulator, tmp_path / 'fleet-report', 'fleet_report.yml', 'fleet_report.yml', fleet_report_dest=str(report))

    state = simulator.state()
    users = {user['username']: user for user in state['systemusers']}
    assert {'ken.thompson', 'barbara.liskov', 'margaret.hamilton'} <= set(users)
    groups = {group['id']: group['name'] for group in state['usergroups']}
    barbara_groups = {groups[edge['group']['id']] for edge in state['members'] if edge['member']['id'] == users['barbara.liskov']['_id']}
    assert barbara_groups == {'All staff', 'Engineering'}
    assert users['dennis.ritchie']['state'] == 'SUSPENDED'
    rows = report.read_text().splitlines()
    assert rows[0].startswith('user_email,username,device_serial')
    assert len(rows) == 1 + len(state['systems']) + 1  # every system, plus the iPhone that is only in MDM
    assert any(row.startswith('margaret.hamilton@example.com,margaret.hamilton,C02SAL0001,') for row in rows)
    assert simulator.violations() == []


def test_job_template_with_a_service_account_credential(simulator, tmp_path):
    """The directory job template with a service-account credential: every API request carries a bearer token from the
    token endpoint, and neither the secret nor a token shows in the job's output."""
    simulator.reset()
    simulator.seed(yaml.safe_load((ROOT / 'scripts' / 'demo-seed.yml').read_text()))
    simulator.config(oauth_clients={SERVICE_ACCOUNT['client_id']: SERVICE_ACCOUNT['client_secret']})
    try:
        simulator.clear_requests()
        assert run_job_template(simulator, tmp_path / 'directory', 'directory.yml', 'directory.yml', credential=SERVICE_ACCOUNT) > 0
        log = simulator.requests()
        api = [entry for entry in log if entry['path'].startswith('/api/')]
        tokens = [entry for entry in log if entry['path'] == '/oauth2/token']
        assert api and {entry['auth'] for entry in api} == {'bearer'}
        assert any(entry['method'] in ('POST', 'PUT', 'DELETE') for entry in api)
        assert tokens and all(entry['status'] == 200 for entry in tokens)
        assert len(tokens) < len(api)   # one token per module run, not per request
        assert simulator.violations() == []
    finally:
        simulator.config(oauth_clients=None)


def test_inventory_source_through_ansible_runner(simulator, tmp_path, monkeypatch):
    """The sample inventory source, run the way an AWX inventory update runs it (ansible-inventory --list --export under
    ansible-runner, credentials only from the credential type's injected environment)."""
    simulator.reset()
    simulator.seed(SMALL_ORG)
    source = tmp_path / 'jumpcloud.systems.yml'
    shutil.copy(ROOT / 'extensions' / 'awx' / 'jumpcloud.systems.yml', source)
    simulator.clear_requests()
    # ansible-runner finds ansible-inventory on this process's PATH
    monkeypatch.setenv('PATH', ansible_env()['PATH'])
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
