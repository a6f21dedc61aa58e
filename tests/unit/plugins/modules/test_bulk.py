"""jc_users and jc_association's links against the simulator (served from this process): end states, request counts,
check mode, a 429 storm, bad input and failures of single items."""

from __future__ import annotations

import json
import math

import pytest

from ansible_collections.jcops.jumpcloud.plugins.modules import jc_association, jc_user_group, jc_users
from ansible_collections.jcops.jumpcloud.tests.module_runner import run_main
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.modules.conftest import LOCAL_API_KEY as KEY

WRITES = ('POST', 'PUT', 'PATCH', 'DELETE')


@pytest.fixture
def sim(local_simulator):
    simulator = local_simulator
    simulator.reset()
    simulator.seed({
        'systemusers': [{'username': 'boss', 'email': 'boss@example.com'}],
        'usergroups': [{'name': 'All staff'}, {'name': 'Engineering'}, {'name': 'VPN users'},
                       {'name': 'Auto', 'membershipMethod': 'DYNAMIC_AUTOMATED', 'memberQuery': {'queryType': 'FilterQuery', 'filters': []}}],
        'applications': [{'displayLabel': 'GitHub', 'name': 'github', 'ssoUrl': 'https://sso.example.com/github', 'config': {}}],
    })
    simulator.clear_requests()
    yield simulator
    assert simulator.violations() == []


def run(sim, module, **args):
    return run_main(module, dict(args, api_key=KEY, api_url=sim.url))


def counts(sim):
    log = sim.requests()
    return len([entry for entry in log if entry['method'] == 'GET']), [entry for entry in log if entry['method'] in WRITES]


def hires(count, **extra):
    return [dict({'username': 'hire{0:03d}'.format(n), 'email': 'hire{0:03d}@example.com'.format(n), 'password': 'Initial-{0}-pw'.format(n)},
                 **extra) for n in range(count)]


def users_by_name(sim):
    return {user['username']: user for user in sim.state()['systemusers']}


def test_a_list_of_users_in_one_run(sim):
    people = hires(230, department='Engineering')
    people[5]['manager'] = 'boss'
    people[7]['manager'] = 'hire200'           # hired in the same task: written after hire200
    people[200]['manager'] = 'boss'
    result = run(sim, jc_users, users=people)
    assert not result['failed'], result['msg']
    assert result['msg'] == '230 users: 230 created'
    assert result['created'] == [person['username'] for person in people] and result['unchanged'] == []
    assert [entry['username'] for entry in result['results']] == result['created']
    reads, writes = counts(sim)
    # 230 usernames: 3 listings of 100; the manager 'boss': 1; then one POST per user, nothing else
    assert reads == 3 + 1
    assert [(entry['method'], entry['path']) for entry in writes] == [('POST', '/api/systemusers')] * 230
    state = users_by_name(sim)
    assert all(state[person['username']]['department'] == 'Engineering' for person in people)
    assert all(state[person['username']]['_password'] == person['password'] for person in people)
    assert state['hire005']['manager'] == state['boss']['_id']
    assert state['hire007']['manager'] == state['hire200']['_id']
    creations = [entry['body']['username'] for entry in writes]
    assert creations.index('hire007') > creations.index('hire200')
    assert 'Initial-' not in json.dumps(result)
    assert result['results'][7]['diff'] == {'before': {}, 'after': {
        'username': 'hire007', 'id': state['hire007']['_id'], 'email': 'hire007@example.com', 'department': 'Engineering',
        'manager': 'hire200', 'password': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'}}

    sim.clear_requests()
    again = run(sim, jc_users, users=people)
    assert not again['changed'] and again['unchanged'] == result['created']
    reads, writes = counts(sim)
    assert writes == [] and reads == 3 + 1     # one page per 100 users, and the manager not in the list


def test_check_mode_writes_nothing_and_previews_each_item(sim):
    run(sim, jc_users, users=hires(3))
    people = hires(5, department='Sales')
    people[4]['manager'] = 'hire003'
    sim.clear_requests()
    result = run(sim, jc_users, users=people, _ansible_check_mode=True, _ansible_diff=True)
    assert not result['failed'] and result['changed']
    assert counts(sim)[1] == []
    assert result['msg'] == '5 users: 2 would be created, 3 would be updated'
    assert result['created'] == ['hire003', 'hire004'] and result['updated'] == ['hire000', 'hire001', 'hire002']
    assert [diff['before_header'] for diff in result['diff']] == ["user 'hire{0:03d}'".format(n) for n in range(5)]
    assert result['diff'][0]['before']['department'] == '' and result['diff'][0]['after']['department'] == 'Sales'
    assert result['diff'][4]['after']['manager'] == 'hire003'   # a manager who would be created first
    assert result['results'][3]['msg'] == "User 'hire003' would be created"
    assert set(users_by_name(sim)) == {'boss', 'hire000', 'hire001', 'hire002'}


def test_a_429_storm_converges_without_sending_anything_twice(sim):
    people = hires(60)
    sim.fault(method='POST', path_regex='^/api/systemusers$', status=429, count=12, retry_after=1)
    sim.fault(method='GET', path_regex='^/api/systemusers$', status=429, count=1, retry_after=1)
    result = run(sim, jc_users, users=people, workers=8)
    assert not result['failed'], result['msg']
    log = sim.requests()
    assert [entry['status'] for entry in log].count(429) == 13
    created = [entry['body']['username'] for entry in log if entry['method'] == 'POST' and entry['status'] == 200]
    assert sorted(created) == sorted(person['username'] for person in people)     # each created exactly once
    assert len(users_by_name(sim)) == 61


def test_bad_input_anywhere_fails_before_the_first_write(sim):
    people = hires(120)
    people[3]['manager'] = 'nobody'
    people[50]['state'] = 'gone'
    people[90]['shoe_size'] = 42
    del people[100]['email']
    result = run(sim, jc_users, users=people)
    assert result['failed']
    assert counts(sim)[1] == []
    assert "users[50]: value of state must be one of: present, absent, got: gone" in result['msg']
    assert "users[90]: unsupported parameters: shoe_size" in result['msg']
    people[50]['state'], dummy = 'present', people[90].pop('shoe_size')
    result = run(sim, jc_users, users=people)
    assert result['failed'] and counts(sim)[1] == []
    assert "users[3].manager: no user named or with id 'nobody' exists in JumpCloud" in result['msg']
    assert "users[100] ('hire100'): Cannot create user 'hire100': email is required" in result['msg']

    result = run(sim, jc_users, users=hires(2) + hires(1))
    assert result['failed'] and "users[2] names the same user as users[0] ('hire000')" in result['msg']
    result = run(sim, jc_users, users=[{'username': 'a', 'email': 'a@example.com', 'manager': 'b'},
                                       {'username': 'b', 'email': 'b@example.com', 'manager': 'a'}])
    assert result['failed'] and 'refer to each other' in result['msg'] and "users[1] ('b')" in result['msg']
    assert counts(sim)[1] == []


def test_a_failed_item_does_not_stop_the_others(sim):
    people = hires(4)
    people[1]['email'] = 'boss@example.com'     # taken: JumpCloud refuses the user
    people[2]['manager'] = 'hire001'            # waits for hire001, which fails
    result = run(sim, jc_users, users=people)
    assert result['failed']
    assert result['msg'].startswith('4 users: 2 created, 2 failed; failed: hire001: Failed to create user')
    assert "hire002: Ensure user 'hire002': not attempted, it refers to user 'hire001', which failed" in result['msg']
    assert [entry.get('failed', False) for entry in result['results']] == [False, True, True, False]
    assert set(users_by_name(sim)) == {'boss', 'hire000', 'hire003'}


def test_suspend_and_delete_in_bulk(sim):
    run(sim, jc_users, users=hires(5))
    sim.clear_requests()
    result = run(sim, jc_users, users=[{'username': 'hire000', 'suspended': True}, {'username': 'hire001', 'state': 'absent'},
                                       {'username': 'nobody', 'state': 'absent'}])
    assert result['msg'] == '3 users: 1 updated, 1 deleted, 1 unchanged'
    state = users_by_name(sim)
    assert state['hire000']['state'] == 'SUSPENDED' and 'hire001' not in state


def links_for(people, groups, app=None):
    links = [{'source': person['username'], 'target_type': 'user_group', 'target': group} for person in people for group in groups]
    if app:
        links += [{'source': person['username'], 'target_type': 'application', 'target': app} for person in people]
    return links


def test_links_of_many_users_read_each_group_once(sim):
    people = hires(150)
    links = links_for(people, ['All staff', 'Engineering', 'VPN users'], 'GitHub')
    preview = run(sim, jc_association, source_type='user', links=links, planned=[person['username'] for person in people],
                  _ansible_check_mode=True)
    assert not preview['failed'] and preview['msg'] == '600 links: 600 would be added'
    assert counts(sim)[1] == []
    assert run(sim, jc_association, source_type='user', links=links)['failed']   # outside check mode, planned users must exist

    run(sim, jc_users, users=people)
    sim.clear_requests()
    result = run(sim, jc_association, source_type='user', links=links, _ansible_diff=True)
    assert not result['failed'] and result['msg'] == '600 links: 600 added'
    reads, writes = counts(sim)
    # users: 2 listings of 100 names; groups and application: 1 each; the 3 groups' and the application's links, 1 each
    assert reads == 2 + 1 + 1 + 4
    assert len(writes) == 600
    assert [diff['before_header'] for diff in result['diff']] == [
        "application 'GitHub'", "user group 'All staff'", "user group 'Engineering'", "user group 'VPN users'"]
    assert result['diff'][1]['before'] == {'user': []} and len(result['diff'][1]['after']['user']) == 150

    sim.clear_requests()
    again = run(sim, jc_association, source_type='user', links=links)
    assert not again['changed']
    reads, writes = counts(sim)
    # 150 links each: 2 pages of links per group and for the application
    assert writes == [] and reads == 2 + 1 + 1 + 4 * math.ceil(150 / 100)
    state = sim.state()
    members = {(edge['group']['id'], edge['member']['id']) for edge in state['members']}
    assert len(members) == 450


def test_links_present_and_absent_and_bad_input(sim):
    people = hires(3)
    run(sim, jc_users, users=people)
    run(sim, jc_association, source_type='user', links=links_for(people, ['Engineering']))
    sim.clear_requests()
    result = run(sim, jc_association, source_type='user', target_type='user_group', links=[
        {'source': 'hire000', 'target': 'Engineering', 'state': 'absent'},
        {'source': 'hire001', 'target': 'VPN users'},
        {'source': 'hire002', 'target': 'Engineering'}])
    assert result['msg'] == '3 links: 1 added, 1 removed'
    assert result['removed'] == [{'source_type': 'user', 'source': 'hire000', 'target_type': 'user_group', 'target': 'Engineering'}]
    for links, message in (
            ([{'source': 'hire000', 'target': 'Nope'}, {'source': 'nobody', 'target': 'Engineering'}],
             "unknown or ambiguous names: links[1].source: no user named or with id 'nobody' exists in JumpCloud; "
             "links[0].target: no user group named or with id 'Nope' exists"),
            ([{'source': 'hire000', 'target': 'Auto'}], "User group 'Auto' has dynamic membership"),
            ([{'source': 'hire000', 'target': 'Engineering'}, {'source': 'hire000', 'target': 'Engineering', 'state': 'absent'}],
             'links[0] and links[1] ask for the same link to be present and absent'),
            ([{'source': 'hire000', 'target': 'x', 'target_type': 'command'}], 'links[0]: JumpCloud cannot link a user to a command'),
            ([{'source': 'hire000', 'group': 'x'}], 'links[0]: unknown keys group')):
        sim.clear_requests()
        result = run(sim, jc_association, source_type='user', target_type='user_group', links=links)
        assert result['failed'] and message in result['msg'], result['msg']
        assert counts(sim)[1] == []


def test_a_429_storm_on_links_converges(sim):
    people = hires(40)
    run(sim, jc_users, users=people)
    sim.fault(method='POST', path_regex='^/api/v2/usergroups/[0-9a-f]+/members$', status=429, count=10, retry_after=1)
    result = run(sim, jc_association, source_type='user', links=links_for(people, ['Engineering', 'VPN users']))
    assert not result['failed'] and result['msg'] == '80 links: 80 added'
    added = [entry for entry in sim.requests() if entry['method'] == 'POST' and entry['status'] == 204]
    assert len(added) == 80 and len({(entry['path'], entry['body']['id']) for entry in added}) == 80


def test_group_members_are_added_concurrently_and_in_full(sim):
    people = hires(30)
    run(sim, jc_users, users=people)
    sim.clear_requests()
    result = run(sim, jc_user_group, name='Engineering', members=[person['username'] for person in people])
    assert not result['failed'] and result['changed']
    assert len(counts(sim)[1]) == 30
    assert len(sim.state()['members']) == 30
