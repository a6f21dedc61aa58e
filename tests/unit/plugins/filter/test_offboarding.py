"""offboarding_events_query and offboarding_report: the events that prove a jc_leavers run, per leaver, found with one
query (against the simulator served from this process), and what is missing when the log has not caught up."""

from __future__ import annotations

import datetime

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.jcops.jumpcloud.plugins.filter.offboarding import offboarding_events_query, offboarding_report
from ansible_collections.jcops.jumpcloud.plugins.modules import jc_event_info, jc_leavers
from ansible_collections.jcops.jumpcloud.tests.integration.leaver_support import Leavers, device_id, user_id
from ansible_collections.jcops.jumpcloud.tests.module_runner import run_main
from tests.simulator.inprocess import serving

KEY = 'jca_offboarding-proof-test-key'
LEE = '6a0000000000000000000004'
MAC = '6b0000000000000000000001'


@pytest.fixture(scope='module')
def local_simulator():
    with serving(api_key=KEY) as simulator:
        yield simulator


def run(sim, module, **args):
    return run_main(module, dict(args, api_key=KEY, api_url=sim.url))


def test_one_query_proves_every_step_of_every_leaver(local_simulator):
    sim, org = local_simulator, Leavers(12)
    sim.reset()
    sim.seed(org.seed)
    since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)).strftime('%Y-%m-%dT%H:%M:%SZ')
    result = run(sim, jc_leavers, leavers=org.names, devices='lock', device_pin='135790')
    assert not result['failed'], result['msg']
    assert [entry['device_ids'][0] for entry in result['leavers']] == [device_id(n) for n in range(org.count)]

    query = offboarding_events_query(result)
    assert query['service'] == ['directory', 'mdm']
    sim.clear_requests()
    read = run(sim, jc_event_info, start_time=since, **query)
    assert not read['failed'], read['msg']
    assert [(entry['method'], entry['path']) for entry in sim.requests()] == [('POST', '/insights/directory/v1/events')]

    report = offboarding_report(result, read['events'])
    assert [entry['username'] for entry in report] == org.names
    for n, entry in enumerate(report):
        assert entry['proven'] and entry['missing'] == [], entry['missing']
        types = [event['event_type'] for event in entry['events']]
        links = sum(len(names) for names in entry['links_removed'].values())
        assert links >= 5
        assert (types.count('user_update'), types.count('association_change'), types.count('user_suspended')) == (1, links, 1)
        assert types.count('mdm_command_result') == len(entry['devices']) >= 1
        assert all(event['id'] and event['timestamp'] for event in entry['events'])
        assert all(event['resource']['id'] == user_id(n) for event in entry['events'] if 'resource' in event)
        assert all(user_id(n) in (event['association']['connection']['from']['object_id'],
                                  event['association']['connection']['to']['object_id'])
                   for event in entry['events'] if event['event_type'] == 'association_change')
    assert sum(len(entry['events']) for entry in report) == len(read['events'])   # every event found is someone's
    assert sim.violations() == []


def leaver(**done):
    entry = dict(leaver='lee', username='lee', id=LEE, status='offboarded', changed=True, marker=False,
                 access_requests_ended=[], devices_found=[], device_ids=[], devices=[], local_accounts_on=[],
                 links_removed={}, account='unchanged', notes=[], warnings=[])
    entry.update(done)
    return entry


def association(op, other='6f0000000000000000000001', event_id='e1'):
    return {'id': event_id, 'event_type': 'association_change', 'timestamp': '2026-06-20T08:14:03Z',
            'association': {'op': op, 'connection': {'from': {'type': 'user_group', 'object_id': other},
                                                     'to': {'type': 'user', 'object_id': LEE}}}}


def test_missing_events_are_named_with_what_was_done():
    result = {'leavers': [leaver(marker=True, account='deleted', links_removed={'user_group': ['Engineering', 'VPN']},
                                 devices_found=['C02LEE', 'C02OLD'], device_ids=[MAC, 'old'], devices=['C02LEE locked'])]}
    events = [association('remove'), association('add', event_id='e2'),                     # an addition proves nothing
              {'id': 'e3', 'event_type': 'user_delete', 'timestamp': 't', 'resource': {'id': '6a0000000000000000000009'}},
              {'id': 'e4', 'event_type': 'mdm_command_result', 'timestamp': 't', 'device_object_id': 'old'}]
    query = offboarding_events_query(result)
    assert query['search_term']['or'][-1] == {'device_object_id': [MAC]}    # only the devices acted on
    entry = offboarding_report(result, events)[0]
    assert [event['id'] for event in entry['events']] == ['e1']
    assert not entry['proven']
    assert entry['missing'] == ['user_update (0 of 1 found): offboarding recorded on the account',
                                'association_change (1 of 2 found): removed: user_group Engineering, user_group VPN',
                                'mdm_command_result (0 of 1 found): C02LEE locked',
                                'user_delete (0 of 1 found): account deleted']


def test_a_leaver_with_nothing_done_needs_no_event_and_without_events_the_report_is_the_result():
    result = {'leavers': [leaver(changed=False, status='deleted earlier', account='deleted earlier')]}
    assert offboarding_report(result, [])[0]['proven'] is True
    assert offboarding_report(result) == result['leavers']
    assert 'mdm' not in offboarding_events_query(result)['service']


@pytest.mark.parametrize('args', [({'msg': 'failed'},), ({'leavers': []}, 'events')])
def test_refuses_what_is_not_a_leavers_result(args):
    with pytest.raises(AnsibleFilterError):
        offboarding_report(*args)
    if len(args) == 1:
        with pytest.raises(AnsibleFilterError):
            offboarding_events_query(*args)
