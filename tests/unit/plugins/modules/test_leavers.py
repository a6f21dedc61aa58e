"""jc_leavers against the simulator (served from this process): many leavers in one run, a fault half-way and a rerun
that sends nothing twice and ends where a clean run ends, names that never existed, devices found after unbinding."""

from __future__ import annotations

import json

import pytest

from ansible_collections.jcops.jumpcloud.plugins.modules import jc_leavers
from ansible_collections.jcops.jumpcloud.tests.integration.leaver_support import (
    AUTO,
    SHARED_MAC,
    Leavers,
    comparable,
    device_id,
    is_write,
    mac_id,
    sent_twice,
    user_id,
)
from ansible_collections.jcops.jumpcloud.tests.module_runner import run_main
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.modules.conftest import LOCAL_API_KEY as KEY

PIN = '135790'
ORG = Leavers(12)


@pytest.fixture
def sim(local_simulator):
    simulator = local_simulator
    simulator.reset()
    simulator.seed(ORG.seed)
    simulator.clear_requests()
    yield simulator
    assert simulator.violations() == []


def run(sim, **args):
    return run_main(jc_leavers, dict(args, api_key=KEY, api_url=sim.url))


def writes(sim):
    return [entry for entry in sim.requests() if is_write(entry)]


def edges_of(state, object_id):
    return ([edge for edge in state['associations'] if object_id in (edge['from']['id'], edge['to']['id'])]
            + [edge for edge in state['members'] if edge['member']['id'] == object_id])


def commands(state, device):
    return [command['type'] for command in next(d for d in state['appledevices'] if d['id'] == device).get('_commands', [])]


def test_many_leavers_in_one_run(sim):
    result = run(sim, leavers=ORG.names, devices='lock', device_pin=PIN)
    assert not result['failed'], result['msg']
    assert result['msg'] == '12 leavers: 12 offboarded; changes made'
    state = sim.state()
    users = dict((user['_id'], user) for user in state['systemusers'])
    for n in range(ORG.count):
        assert users[user_id(n)]['state'] == 'SUSPENDED'
        assert [edge for edge in edges_of(state, user_id(n)) if edge.get('group', {}).get('id') != AUTO] == []
        assert commands(state, device_id(n)) == ['lock']
        if ORG.owns_second_mac(n):      # owned through its primary user, never bound: found and locked too
            assert commands(state, device_id(n, True)) == ['lock']
        marker = json.loads(next(a['value'] for a in users[user_id(n)]['attributes'] if a['name'] == 'jcopsOffboarding'))
        assert marker['action'] == 'suspend' and set(marker['systems']) >= {mac_id(n)}
    assert commands(state, '6b1000000000000000000001') == []           # a shared Mac: listed, not locked
    assert result['leavers'][6]['local_accounts_on'] == ['lab-mac']
    assert [request['status'] for request in state['approvalflowrequests']] == ['CANCELLED', 'REVOKED'] * ORG.count
    # the dynamic group keeps its members (its rules decide)
    assert len([edge for edge in state['members'] if edge['group']['id'] == AUTO]) == ORG.count

    sim.clear_requests()
    again = run(sim, leavers=ORG.names, devices='lock', device_pin=PIN)
    assert not again['changed'] and writes(sim) == []
    assert all(entry['notes'] for entry in again['leavers'])      # "already locked"


def test_a_fault_half_way_then_a_rerun_sends_nothing_twice_and_ends_like_a_clean_run(sim):
    clean = run(sim, leavers=ORG.names, devices='lock', device_pin=PIN)
    assert not clean['failed']
    clean_state = comparable(sim.state())

    sim.reset()
    sim.seed(ORG.seed)
    sim.clear_requests()
    sim.fault(method='POST', path_regex='^/api/v2/users/{0}/associations$'.format(user_id(3)), status=500, count=1)
    sim.fault(method='POST', path_regex='/devices/{0}/lock$'.format(device_id(7)), status=500, count=1)
    sim.fault(method='POST', path_regex='^/api/systemusers/{0}/state/suspend$'.format(user_id(9)), status=500, count=1)
    first = run(sim, leavers=ORG.names, devices='lock', device_pin=PIN)
    assert first['failed']
    failed = sorted(entry['username'] for entry in first['leavers'] if entry['status'] == 'failed')
    assert failed == ['leaver003', 'leaver007', 'leaver009']
    first_log = sim.requests()
    half = sim.state()
    assert next(u for u in half['systemusers'] if u['_id'] == user_id(3))['state'] == 'ACTIVATED'   # stopped before its account
    assert commands(half, device_id(3)) == ['lock']                                                # its earlier steps done
    assert commands(half, device_id(7)) == []

    sim.clear_requests()
    second = run(sim, leavers=ORG.names, devices='lock', device_pin=PIN)
    assert not second['failed'], second['msg']
    assert sent_twice(first_log, sim.requests()) == []
    assert comparable(sim.state()) == clean_state


def test_a_name_that_never_existed_fails_before_any_write_whatever_the_action(sim):
    for action in ('suspend', 'delete'):
        result = run(sim, leavers=['leaver000', 'leaver00O'], action=action, cascade_manager='automatic' if action == 'delete' else None)
        assert result['failed'] and "leavers[1]: no JumpCloud user 'leaver00O' exists" in result['msg']
        assert writes(sim) == []
    result = run(sim, leavers=['leaver000', user_id(0)])
    assert result['failed'] and "leavers[1] is the same user as leavers[0]" in result['msg'] and writes(sim) == []


def test_a_later_run_with_lock_finds_the_devices_the_first_run_unbound(sim):
    first = run(sim, leavers=ORG.names[:5], devices='none')
    assert not first['failed']
    state = sim.state()
    assert edges_of(state, user_id(4)) == [edge for edge in edges_of(state, user_id(4)) if edge.get('group', {}).get('id') == AUTO]
    assert commands(state, device_id(4)) == []
    later = run(sim, leavers=ORG.names[:5], devices='lock', device_pin=PIN)
    assert not later['failed'] and later['changed']
    state = sim.state()
    assert all(commands(state, device_id(n)) == ['lock'] for n in range(5))
    assert commands(state, device_id(4, True)) == ['lock']
    assert [entry['devices'] for entry in later['leavers']][4] == ['C02L000004 locked', 'C02O000004 locked']


def test_check_mode_writes_nothing(sim):
    result = run(sim, leavers=ORG.names, devices='erase', device_pin=PIN, action='delete', cascade_manager='clear',
                 _ansible_check_mode=True, _ansible_diff=True)
    assert not result['failed'] and result['changed'] and writes(sim) == []
    assert result['msg'] == '12 leavers: 12 offboarded; changes would be made'
    diff = result['diff'][0]
    assert diff['before_header'] == "leaver 'leaver000'"
    assert diff['before']['account'] == 'ACTIVATED' and diff['after']['account'] == 'DELETED'
    assert diff['before']['links']['user_group'] == ['Engineering', 'VPN users'] and diff['after']['links'] == {}
    assert diff['after']['devices'] == {'C02L000000': 'erased'}
    assert SHARED_MAC not in json.dumps(result['diff'])


def test_delete_and_the_pin(sim):
    result = run(sim, leavers=['leaver000'], devices='lock')
    assert result['failed'] and 'needs device_pin' in result['msg'] and writes(sim) == []
    result = run(sim, leavers=['leaver000'], devices='lock', device_pin='12345')
    assert result['failed'] and 'pin must be exactly 6 digits' in result['msg'] and writes(sim) == []
    result = run(sim, leavers=['leaver000', 'leaver001'], action='delete', cascade_manager='automatic')
    assert not result['failed'], result['msg']
    assert [entry['account'] for entry in result['leavers']] == ['deleted', 'deleted']
    assert {user['username'] for user in sim.state()['systemusers']} == {'boss'} | set(ORG.names[2:])


def test_deleted_by_an_earlier_run_is_done_and_its_devices_are_still_found(sim):
    first = run(sim, leavers=['leaver004', 'leaver005'], action='delete', cascade_manager='automatic')
    assert not first['failed'], first['msg']
    sim.clear_requests()
    again = run(sim, leavers=['leaver004', 'leaver005'], action='delete', cascade_manager='automatic')
    assert not again['failed'] and not again['changed'] and writes(sim) == []
    assert [entry['status'] for entry in again['leavers']] == ['deleted earlier', 'deleted earlier']
    assert again['leavers'][0]['id'] == user_id(4) and again['leavers'][0]['deleted_on']
    # a later run that locks: the audit log's unbinding names the Mac; the spare Mac names leaver004 as its primary user
    later = run(sim, leavers=['leaver004', 'leaver005'], action='delete', devices='lock', device_pin=PIN)
    assert not later['failed'], later['msg']
    assert [entry['devices'] for entry in later['leavers']] == [['C02L000004 locked', 'C02O000004 locked'], ['C02L000005 locked']]
    result = run(sim, leavers=['leaver00O'])
    assert result['failed'] and "none was deleted in the last 90 days: is the name right?" in result['msg']
