"""jc_command_run, jc_command_result_info, jc_event_info and jc_system_insights_info in-process against the simulator:
requests per operation, check mode, waiting, paging, and refusals before any request."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils import basic

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _commands
from ansible_collections.jcops.jumpcloud.plugins.modules import (
    jc_api,
    jc_command_result_info,
    jc_command_run,
    jc_event_info,
    jc_system_insights_info,
)
from ansible_collections.jcops.jumpcloud.tests.module_runner import run_main
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.modules.conftest import clear_credentials
from tests.simulator import Simulator

KEY = 'jca_fleet-ops-test-key'
WRITES = ('POST', 'PUT', 'PATCH', 'DELETE')
READ_POSTS = ('/api/search/', '/insights/', '/oauth2/')


@pytest.fixture(scope='module')
def sim():
    with Simulator(api_key=KEY) as simulator:
        yield simulator


@pytest.fixture
def run(sim, monkeypatch):
    """run(module, args) -> result: the module's main() in this process, its requests to the simulator."""
    clear_credentials(monkeypatch)
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, warning: None)
    monkeypatch.setattr(_commands, '_sleep', lambda seconds: None)

    def call(module, args):
        args = dict(args)
        if 'client_id' not in args:
            args.setdefault('api_key', KEY)
        args.setdefault('api_url', sim.url)
        return run_main(module, args)

    sim.reset()
    yield call
    assert sim.violations() == []


def writes(sim):
    return [(entry['method'], entry['path']) for entry in sim.requests()
            if entry['method'] in WRITES and not entry['path'].startswith(READ_POSTS)]


FLEET = {
    'systems': [{'displayName': 'mac-%d' % n, 'hostname': 'mac-%d.example.com' % n, 'os': 'Mac OS X'} for n in range(3)]
    + [{'displayName': 'mac-off', 'hostname': 'mac-off.example.com', '_online': False}],
    'systemgroups': [{'name': 'Laptops'}],
    'commands': [{'name': 'FileVault status', 'command': 'fdesetup status', 'commandType': 'mac', '_output': 'FileVault is On.\n',
                  '_results': {'mac-1': {'exitCode': 1, 'output': 'FileVault is Off.\n' + 'x' * 60, 'error': 'not encrypted'}}},
                 {'name': 'Unbound', 'command': 'true', 'commandType': 'mac'},
                 {'name': 'Deploy', 'command': 'deploy', 'commandType': 'mac', 'launchType': 'trigger', 'trigger': 'deploy-now'}],
    'members': [{'group': {'type': 'system_group', 'name': 'Laptops'}, 'member': {'type': 'system', 'name': name}}
                for name in ('mac-0', 'mac-1', 'mac-off')],
    'associations': [{'from': {'type': 'command', 'name': 'FileVault status'}, 'to': {'type': 'system_group', 'name': 'Laptops'}},
                     {'from': {'type': 'command', 'name': 'Deploy'}, 'to': {'type': 'system', 'name': 'mac-2'}}],
}


def test_run_on_a_device_group_and_wait(sim, run):
    sim.seed(FLEET)
    sim.clear_requests()
    result = run(jc_command_run, {'command': 'FileVault status', 'system_groups': ['Laptops'], 'wait': True,
                                  'wait_timeout': 0, 'poll_interval': 1})
    assert not result['failed'], result['msg']
    assert result['changed'] is True
    assert [system['name'] for system in result['systems']] == ['mac-0', 'mac-1', 'mac-off']
    by_system = {item['system']: item for item in result['results']}
    assert sorted(by_system) == ['mac-0', 'mac-1']
    assert by_system['mac-0']['exit_code'] == 0 and by_system['mac-0']['output'] == 'FileVault is On.\n'
    assert by_system['mac-1']['exit_code'] == 1 and by_system['mac-1']['output'].endswith('x' * 60)
    assert by_system['mac-1']['error'] == 'not encrypted'
    assert by_system['mac-1']['workflow_instance_id'] == result['workflow_instance_id']
    assert by_system['mac-1']['duration'] is not None and by_system['mac-1']['duration'] >= 0
    assert [item['name'] for item in result['pending']] == ['mac-off'] and result['timed_out'] is True
    assert result['msg'] == ("Command 'FileVault status' queued on 3 systems (mac-0, mac-1, mac-off); 2 answered "
                             "(1 with a non-zero exit code), 1 pending")
    assert writes(sim) == [('POST', '/api/runCommand')]
    # find by name, read by id, the group by name, its members, the names of the systems, the run, one poll, 2 whole results
    assert len(sim.requests()) == 1 + 1 + 1 + 1 + 1 + 1 + 1 + 2
    later = run(jc_command_result_info, {'workflow_instance_id': result['workflow_instance_id']})
    assert sorted(item['system'] for item in later['results']) == ['mac-0', 'mac-1']
    short = run(jc_command_result_info, {'command': 'FileVault status', 'system': 'mac-1', 'full_output': False})
    assert [item['output'] for item in short['results']] == [('FileVault is Off.\n' + 'x' * 60)[:40]]


def test_run_on_the_bound_devices_in_check_mode_sends_nothing(sim, run):
    sim.seed(FLEET)
    sim.clear_requests()
    result = run(jc_command_run, {'command': 'FileVault status', '_ansible_check_mode': True, 'wait': True})
    assert result['changed'] is True and result['results'] == [] and result['workflow_instance_id'] is None
    assert result['msg'] == "Command 'FileVault status' would be queued on 3 systems (mac-0, mac-1, mac-off)"
    assert writes(sim) == []
    assert sim.state()['commandresults'] == []


def test_run_without_waiting_and_on_named_systems(sim, run):
    sim.seed(FLEET)
    result = run(jc_command_run, {'command': 'Unbound', 'systems': ['mac-2', 'mac-0.example.com']})
    assert [system['name'] for system in result['systems']] == sorted(['mac-2', 'mac-0'], key=lambda name: [
        system['_id'] for system in sim.state()['systems'] if system['displayName'] == name][0])
    assert len(result['queue_ids']) == 2 and result['results'] == []


def test_a_trigger_runs_its_commands(sim, run):
    sim.seed(FLEET)
    result = run(jc_command_run, {'trigger': 'deploy-now', 'trigger_data': {'release': '1'}, 'wait': True, 'wait_timeout': 0})
    assert not result['failed'], result['msg']
    assert [item['system'] for item in result['results']] == ['mac-2']
    assert result['msg'] == "Trigger 'deploy-now' (1 command) queued on 1 system (mac-2); 1 answered"
    assert [command['name'] for command in result['commands']] == ['Deploy']


@pytest.mark.parametrize('args, message', [
    ({'command': 'Unbound'}, "Command 'Unbound' has no system to run on"),
    ({'command': 'Nope'}, "command: no command named or with id 'Nope' exists"),
    ({'command': 'Unbound', 'systems': ['ghost']}, "systems[0]: no system named or with id 'ghost' exists"),
    ({'command': 'Unbound', 'system_groups': ['ghosts']}, "system_groups[0]: no system group named or with id 'ghosts' exists"),
    ({'trigger': 'nobody-listens'}, "No command listens to the trigger 'nobody-listens'"),
    ({'command': 'Unbound', 'trigger': 'x'}, 'mutually exclusive'),
    ({'trigger': 'deploy-now', 'systems': ['mac-0']}, 'mutually exclusive'),
    ({'command': 'FileVault status', 'wait': True, 'wait_timeout': -1}, 'wait_timeout must not be negative'),
    ({'command': 'FileVault status', 'poll_interval': 0}, 'poll_interval must be more than 0'),
])
def test_bad_input_sends_no_write(sim, run, args, message):
    sim.seed(FLEET)
    sim.clear_requests()
    result = run(jc_command_run, args)
    assert result['failed'] and message in result['msg'], result['msg']
    assert writes(sim) == []


def test_events_prove_an_offboarding(sim, run):
    sim.seed({'systemusers': [{'username': 'leaver', 'email': 'leaver@example.com'}, {'username': 'stays', 'email': 's@example.com'}],
              'usergroups': [{'name': 'Engineering'}]})
    state = sim.state()
    leaver = [user for user in state['systemusers'] if user['username'] == 'leaver'][0]
    group = state['usergroups'][0]
    for body in ({'op': 'add', 'type': 'user', 'id': leaver['_id']}, {'op': 'remove', 'type': 'user', 'id': leaver['_id']}):
        run(jc_api, {'operation_id': 'graph_userGroupMembersPost', 'path_params': {'group_id': group['id']}, 'body': body})
    run(jc_api, {'method': 'POST', 'path': '/api/systemusers/{id}/state/suspend', 'path_params': {'id': leaver['_id']}, 'body': {}})
    sim.clear_requests()
    result = run(jc_event_info, {'start_time': '1h', 'service': ['directory'], 'resource': 'LEAVER', '_ansible_check_mode': True})
    assert [event['event_type'] for event in result['events']] == ['association_change', 'association_change', 'user_suspended']
    assert result['count'] == 3 and result['truncated'] is False
    assert result['query']['search_term']['and'][0]['or'][1] == {'resource.username': 'leaver'}
    assert [(entry['method'], entry['path']) for entry in sim.requests()] == [('POST', '/insights/directory/v1/events')]
    newest = run(jc_event_info, {'start_time': '1h', 'event_type': ['user_suspended', 'user_create'], 'sort': 'DESC', 'limit': 1})
    assert [event['event_type'] for event in newest['events']] == ['user_suspended'] and newest['truncated'] is False
    mine = run(jc_event_info, {'initiated_by': 'admin@example.com', 'fields': ['event_type']})
    assert {event['event_type'] for event in mine['events']} == {'association_change', 'user_suspended'}


def test_events_are_read_page_after_page(sim, run, monkeypatch):
    from ansible_collections.jcops.jumpcloud.plugins.module_utils import _insights
    monkeypatch.setattr(_insights, 'MAX_EVENTS_PER_PAGE', 4)
    sim.seed({'events': [{'event_type': 'user_login_attempt', 'timestamp': '2026-01-01T10:%02d:00Z' % n} for n in range(10)]})
    sim.clear_requests()
    result = run(jc_event_info, {'start_time': '2026-01-01T00:00:00Z', 'end_time': '2026-01-02T00:00:00Z'})
    assert [event['timestamp'][14:16] for event in result['events']] == ['%02d' % n for n in range(10)]
    pages = [entry['body'] for entry in sim.requests()]
    assert [page['limit'] for page in pages] == [4, 4, 4] and 'search_after' not in pages[0]
    limited = run(jc_event_info, {'start_time': '2026-01-01T00:00:00Z', 'end_time': '2026-01-02T00:00:00Z', 'limit': 9})
    assert limited['count'] == 9 and limited['truncated'] is True
    exact = run(jc_event_info, {'start_time': '2026-01-01T00:00:00Z', 'end_time': '2026-01-02T00:00:00Z', 'limit': 10})
    assert exact['count'] == 10 and exact['truncated'] is False
    assert pages[1]['search_after'] == json.loads(json.dumps(pages[1]['search_after'])) and len(pages[1]['search_after']) == 2


@pytest.mark.parametrize('args, message', [
    ({'start_time': 'last week'}, "'last week' is not a time"),
    ({'limit': 0}, 'limit must be at least 1'),
    ({'service': ['nonsense']}, 'value of service must be one or more of'),
])
def test_bad_event_queries_send_nothing(sim, run, args, message):
    sim.clear_requests()
    result = run(jc_event_info, args)
    assert result['failed'] and message in result['msg'], result['msg']
    assert sim.requests() == []


SI = {
    'systems': [{'displayName': 'win-%d' % n} for n in range(3)],
    'systemgroups': [{'name': 'Windows'}],
    'members': [{'group': {'type': 'system_group', 'name': 'Windows'}, 'member': {'type': 'system', 'name': 'win-%d' % n}} for n in (0, 1)],
}


def test_system_insights_by_group_and_system(sim, run):
    ids = sim.seed(SI)['systems']
    sim.seed({'systeminsights': [{'_table': 'bitlocker_info', 'system_id': system_id, 'drive_letter': 'C:', 'protection_status': n % 2}
                                 for n, system_id in enumerate(ids)]})
    sim.clear_requests()
    result = run(jc_system_insights_info, {'table': 'bitlocker_info', 'system_groups': ['Windows'], 'systems': ['win-2'],
                                           'filter': {'protection_status': 0}, '_ansible_check_mode': True})
    assert sorted(row['system_id'] for row in result['rows']) == sorted([ids[0], ids[2]])
    assert result['system_ids'] == sorted(ids) and result['count'] == 2
    # the system by name, the group by name, its members, one page of rows
    assert len(sim.requests()) == 4
    every = run(jc_system_insights_info, {'table': 'bitlocker_info', 'limit': 2})
    assert every['count'] == 2 and every['system_ids'] is None
    none = run(jc_system_insights_info, {'table': 'os_version', 'systems': []})
    assert none['rows'] == []


def test_system_insights_are_paged_and_batched(sim, run, monkeypatch):
    from ansible_collections.jcops.jumpcloud.plugins.module_utils import _insights
    monkeypatch.setattr(_insights, 'ROWS_PER_PAGE', 2)
    monkeypatch.setattr(_insights, 'IDS_PER_REQUEST', 2)
    ids = sim.seed(SI)['systems']
    sim.seed({'systeminsights': [{'_table': 'uptime', 'system_id': system_id, 'days': day} for system_id in ids for day in range(3)]})
    sim.clear_requests()
    result = run(jc_system_insights_info, {'table': 'uptime', 'systems': ids})
    assert result['count'] == 9
    tables = [entry for entry in sim.requests() if entry['path'] == '/api/v2/systeminsights/uptime']
    assert len(tables) == 2 + 2 + 1 + 1  # two batches of ids: 6 rows in 3+1 pages, 3 rows in 2 pages


@pytest.mark.parametrize('args, message', [
    ({'table': 'linux_packages', 'systems': ['win-0']}, 'JumpCloud does not filter the linux_packages table by system'),
    ({'table': 'nope'}, 'value of table must be one of'),
    ({'table': 'apps', 'systems': ['ghost']}, "systems[0]: no system named or with id 'ghost' exists"),
    ({'table': 'apps', 'limit': -5}, 'limit must be at least 1'),
])
def test_bad_system_insights_queries(sim, run, args, message):
    sim.seed(SI)
    sim.clear_requests()
    result = run(jc_system_insights_info, args)
    assert result['failed'] and message in result['msg'], result['msg']
    assert not [entry for entry in sim.requests() if 'systeminsights' in entry['path']]


def test_a_service_account_runs_the_modules(sim, run):
    sim.config(oauth_clients={'sa_fleet': 'fleet-secret'})
    try:
        sim.seed(SI)
        sim.clear_requests()
        args = {'client_id': 'sa_fleet', 'client_secret': 'fleet-secret', 'path': '/api/systems', 'paginate': True}
        result = run(jc_api, args)
        assert len(result['json']) == 3
        assert [entry['auth'] for entry in sim.requests()] == ['client_credentials', 'bearer']
        sim.revoke_tokens()
        sim.clear_requests()
        again = run(jc_api, dict(args, path='/api/v2/systemgroups'))
        assert not again['failed']
        wrong = run(jc_api, dict(args, client_secret='guess'))
        assert wrong['failed'] and wrong['status'] == 401 and 'guess' not in wrong['msg']
        assert "Failed to get an OAuth token for the service account 'sa_fleet': HTTP 401: invalid_client" in wrong['msg']
    finally:
        sim.config(oauth_clients=None)
