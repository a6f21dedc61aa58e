"""Core behaviour: auth, paging, envelopes, filters, validation, faults, log, seed/state."""

import time

import pytest
import requests

from tests.simulator.inprocess import InProcessSimulator

from sim_support import API_KEY


def test_missing_and_wrong_key_get_401(api):
    for headers in ({}, {'x-api-key': ''}, {'x-api-key': 'not-the-key'}):
        response = requests.get(api.base + '/systemusers', headers=headers, timeout=10)
        assert response.status_code == 401
        assert response.json() == {'code': 401, 'message': 'Unauthorized', 'status': 'Unauthorized'}


def test_x_org_id_is_accepted_and_recorded(api, sim):
    sim.organization('Tenant', org_id='5f0c1b2a3c4d5e6f7a8b9c0d')
    response = api.get('/systemusers', headers={'x-org-id': '5f0c1b2a3c4d5e6f7a8b9c0d'})
    assert response.status_code == 200
    assert sim.requests()[-1]['org_id'] == '5f0c1b2a3c4d5e6f7a8b9c0d'


def test_limit_over_100_is_refused(api):
    for path in ('/systemusers', '/v2/usergroups'):
        response = api.get(path, params={'limit': 101})
        assert response.status_code == 400
        assert response.json()['message'] == 'request parameter "limit" exceeds maximum value of 100'
    assert api.get('/systemusers', params={'limit': 100}).status_code == 200


def test_v1_envelope_and_v2_bare_array(api):
    api.user('alice')
    api.group('eng')
    v1 = api.get('/systemusers').json()
    assert set(v1) == {'totalCount', 'results'} and v1['totalCount'] == 1
    v2 = api.get('/v2/usergroups').json()
    assert isinstance(v2, list) and v2[0]['name'] == 'eng'


def test_default_limit_is_10(api, sim):
    sim.seed({'systemusers': [{'username': 'u%03d' % i, 'email': 'u%03d@example.com' % i} for i in range(15)]})
    body = api.get('/systemusers').json()
    assert body['totalCount'] == 15 and len(body['results']) == 10


def test_paging_250_users_completely(api, sim):
    created = sim.seed({'systemusers': [{'username': 'user%03d' % i, 'email': 'user%03d@example.com' % i}
                                        for i in range(250)]})
    seen, skip = [], 0
    while True:
        body = api.get('/systemusers', params={'limit': 100, 'skip': skip, 'sort': '_id'}).json()
        assert body['totalCount'] == 250
        seen.extend(u['_id'] for u in body['results'])
        if len(body['results']) < 100:
            break
        skip += 100
    assert sorted(seen) == sorted(created['systemusers'])
    assert len(set(seen)) == 250


def test_v1_filter_operators(api):
    api.user('alice', department='IT')
    api.user('bob', department='Finance')
    api.user('carol', department='IT')

    def names(*filters):
        response = api.get('/systemusers', params=[('filter', f) for f in filters])
        assert response.status_code == 200, response.text
        return sorted(u['username'] for u in response.json()['results'])

    assert names('username:$eq:alice') == ['alice']
    assert names('department:$eq:IT') == ['alice', 'carol']
    assert names('department:$ne:IT') == ['bob']
    assert names('username:$in:alice|bob') == ['alice', 'bob']
    assert names('username:$sw:ca') == ['carol']
    assert names('department:$eq:IT', 'username:$ne:alice') == ['carol']
    assert names('username:$eq:Alice') == []  # case-sensitive
    assert api.get('/systemusers', params={'filter': 'username:like:alice'}).status_code == 400
    assert api.get('/systemusers', params={'filter': 'username:ge:alice'}).status_code == 400  # v2 spelling


def test_leniencies_are_served_and_recorded(api, sim):
    """What the documents call wrong but the live API serves: the same answer as the documented form, and one
    violation of kind ``lenient`` per request, so a suite that fails on any violation still sees it."""
    api.user('alice', department='IT')
    api.user('bob', department='IT')
    sim.clear_violations()

    def served(path, params, documented):
        response = api.get(path, params=params)
        assert response.status_code == 200, response.text
        assert response.json() == api.get(path, params=documented).json()
        found = sim.violations()
        sim.clear_violations()
        assert found and {(v['kind'], v['method'], v['path'], v['status']) for v in found} == {
            ('lenient', 'GET', '/api' + path, 200)}
        return [v['message'] for v in found]

    assert served('/systemusers', {'filter': 'username:eq:alice'}, {'filter': 'username:$eq:alice'}) == [
        'v1 filter operator "eq" without "$" in "username:eq:alice" served as "$eq"']
    assert len(served('/systemusers', [('filter', 'username:in:alice|bob'), ('filter', 'department:ne:HR')],
                      [('filter', 'username:$in:alice|bob'), ('filter', 'department:$ne:HR')])) == 2
    served('/systemusers', {'filter[or][0]': 'username:sw:al'}, {'filter[or][0]': 'username:$sw:al'})
    assert served('/systemusers', {'fields': 'username,email', 'sort': '-_id'},
                  {'fields': 'username email', 'sort': '-_id'}) == [
        'v1 fields "username,email" separated by commas instead of spaces']
    names = [t['name'] for t in api.get('/v2/policytemplates', params={'sort': '-name', 'limit': 100}).json()]
    assert names == sorted(names, reverse=True)
    assert [v['message'] for v in sim.violations()] == [
        'sort field "name" served; the live API is known to sort this collection on id only']
    sim.clear_violations()
    assert api.get('/v2/usergroups', params={'sort': 'id'}).status_code == 400  # refused live: stays strict
    assert sim.violations() == []


def test_v1_search_and_fields(api):
    api.user('alice', firstname='Alice', lastname='Smith')
    api.user('bob', lastname='Jones')
    body = api.get('/systemusers', params={'search': 'SMI'}).json()
    assert [u['username'] for u in body['results']] == ['alice']
    body = api.get('/systemusers', params={'fields': 'username email'}).json()
    assert set(body['results'][0]) == {'_id', 'username', 'email'}


def test_v2_filter_sort_and_fields(api):
    for name in ('b-team', 'a-team', 'c-team'):
        api.group(name)
    groups = api.get('/v2/usergroups', params={'filter': 'name:eq:a-team'}).json()
    assert [g['name'] for g in groups] == ['a-team']
    groups = api.get('/v2/usergroups', params={'sort': '-name'}).json()
    assert [g['name'] for g in groups] == ['c-team', 'b-team', 'a-team']
    response = api.get('/v2/usergroups', params={'sort': 'id'})
    assert response.status_code == 400
    assert response.json()['message'] == 'invalid sort field: id'
    groups = api.get('/v2/usergroups', params={'fields': 'name,type'}).json()
    assert set(groups[0]) == {'id', 'name', 'type'}
    assert api.get('/v2/usergroups', params={'filter': 'name:$eq:a-team'}).status_code == 400


def test_users_sort_only_on_id(api):
    assert api.get('/systemusers', params={'sort': '-_id'}).status_code == 200
    response = api.get('/systemusers', params={'sort': 'username'})
    assert response.status_code == 400 and response.json()['message'] == 'invalid sort field: username'


@pytest.mark.documents
def test_undeclared_query_parameter_is_400_and_a_violation(api, sim):
    sim.clear_violations()
    response = api.get('/systemusers', params={'colour': 'blue'})
    assert response.status_code == 400
    assert 'colour' in response.json()['message']
    violations = sim.violations()
    assert violations[-1]['kind'] == 'request' and violations[-1]['path'] == '/api/systemusers'


@pytest.mark.documents
def test_non_conforming_body_is_400_and_a_violation(api, sim):
    sim.clear_violations()
    response = api.post('/systemusers', json={'username': 'x', 'email': 'x@example.com', 'sudo': 'yes'})
    assert response.status_code == 400
    assert response.json()['code'] == 400 and 'sudo' in response.json()['message']
    group = api.group('eng')
    response = api.put('/v2/usergroups/' + group['id'], json={'description': 'no name'})
    assert response.status_code == 400 and 'name' in response.json()['message']
    assert [v['kind'] for v in sim.violations()] == ['request', 'request']


@pytest.mark.documents
def test_v2_array_params_repeated_or_comma_joined(api):
    api.group('a')
    api.group('b')
    joined = api.get('/v2/usergroups', params={'fields': 'name,type'})
    repeated = api.get('/v2/usergroups', params=[('fields', 'name'), ('fields', 'type')])
    assert joined.status_code == repeated.status_code == 200
    assert joined.json() == repeated.json()


def test_fault_with_retry_after_and_count(api, sim):
    sim.fault(method='GET', path_regex='^/api/systemusers$', status=429, count=2, retry_after=3)
    first = api.get('/systemusers')
    second = api.get('/systemusers')
    third = api.get('/systemusers')
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers['Retry-After'] == '3'
    assert first.json()['code'] == 429
    assert [r['status'] for r in sim.requests()[-3:]] == [429, 429, 200]


def test_fault_other_methods_and_paths_are_untouched(api, sim):
    sim.fault(method='POST', path_regex='/systemusers', status=503, count=1)
    assert api.get('/systemusers').status_code == 200
    assert api.post('/systemusers', json={'username': 'a', 'email': 'a@example.com'}).status_code == 503
    assert api.post('/systemusers', json={'username': 'a', 'email': 'a@example.com'}).status_code == 200
    sim.fault(path_regex='.*', status=500, count=5)
    sim.clear_faults()
    assert api.get('/systemusers').status_code == 200


def test_delay_only_fault_serves_normally(api, sim):
    sim.fault(path_regex='/systemusers', delay_ms=300, count=1)
    started = time.monotonic()
    response = api.get('/systemusers')
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.28


def test_fault_from_the_nth_matching_request_of_several_methods(api, sim):
    sim.fault(method=['post', 'PUT'], path_regex='^/api/(?!search/)', nth=3, count=2, status=500)
    first = api.user('a')
    assert api.get('/systemusers').status_code == 200                                  # a GET is not counted
    assert api.put('/systemusers/' + first['_id'], json={'firstname': 'A'}).status_code == 200   # the 2nd write
    assert api.post('/systemusers', json={'username': 'b', 'email': 'b@example.com'}).status_code == 500
    assert api.put('/systemusers/' + first['_id'], json={'firstname': 'B'}).status_code == 500
    assert api.post('/systemusers', json={'username': 'b', 'email': 'b@example.com'}).status_code == 200
    assert sim.requests()[-3]['status'] == 500 and sim.clear_faults() is None
    for bad in ({'status': 500, 'nth': 0}, {'status': 500, 'nth': '2'}, {'status': 500, 'method': []}):
        response = requests.post(sim.url + '/_sim/faults', json=bad, timeout=10)
        assert response.status_code == 400


def test_apply_first_serves_the_write_then_holds_its_answer_back(api, sim):
    sim.fault(method='POST', path_regex='^/api/systemusers$', apply_first=True, delay_ms=1500)
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(api.base + '/systemusers', json={'username': 'late', 'email': 'late@example.com'},
                      headers={'x-api-key': API_KEY}, timeout=0.5)
    # the server acted: the user exists, and the log says it was created
    assert [user['username'] for user in api.get('/systemusers').json()['results']] == ['late']
    assert [(entry['method'], entry['status']) for entry in sim.requests()[-2:]] == [('POST', 200), ('GET', 200)]
    sim.fault(method='POST', path_regex='^/api/systemusers$', apply_first=True, status=502)
    assert api.post('/systemusers', json={'username': 'late2', 'email': 'late2@example.com'}).status_code == 502
    assert len(api.get('/systemusers').json()['results']) == 2


def test_in_process_apply_first_past_the_timeout_raises_read_timeout_at_once():
    simulator = InProcessSimulator()
    session = simulator.session()
    simulator.fault(method='POST', path_regex='^/api/systemusers$', apply_first=True, delay_ms=60000)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        session.request('POST', simulator.url + '/api/systemusers', json={'username': 'a', 'email': 'a@example.com'},
                        timeout=30)
    assert time.monotonic() - started < 5
    assert [user['username'] for user in simulator.state()['systemusers']] == ['a']
    simulator.fault(method='GET', path_regex='^/api/systemusers$', delay_ms=200)   # shorter than the timeout: slept
    started = time.monotonic()
    assert session.request('GET', simulator.url + '/api/systemusers', timeout=30).status_code == 200
    assert time.monotonic() - started >= 0.18


def test_request_log(api, sim):
    sim.clear_requests()
    api.post('/systemusers', json={'username': 'a', 'email': 'a@example.com'})
    api.get('/systemusers', params={'filter': 'username:$eq:a', 'limit': 5})
    api.get('/v2/usergroups')
    log = sim.requests()
    assert [(e['method'], e['path'], e['status']) for e in log] == [
        ('POST', '/api/systemusers', 200), ('GET', '/api/systemusers', 200), ('GET', '/api/v2/usergroups', 200)]
    assert log[0]['body'] == {'username': 'a', 'email': 'a@example.com'}
    assert log[1]['query'] == {'filter': ['username:$eq:a'], 'limit': ['5']}
    assert log[2]['body'] is None
    sim.clear_requests()
    assert sim.requests() == []


def test_reset_seed_state_round_trip(api, sim):
    created = sim.seed({
        'systemusers': [{'username': 'alice', 'email': 'alice@example.com', 'password': 'Secret123!'},
                        {'_id': '5f0c1b2a3c4d5e6f7a8b9c0d', 'username': 'bob', 'email': 'bob@example.com',
                         'state': 'STAGED'}],
        'usergroups': [{'name': 'eng'}],
        'members': [{'group': {'type': 'user_group', 'name': 'eng'}, 'member': {'type': 'user', 'name': 'alice'}}],
    })
    assert created['systemusers'][1] == '5f0c1b2a3c4d5e6f7a8b9c0d'
    assert created['members'] == 1
    state = sim.state()
    bob = api.get('/systemusers/5f0c1b2a3c4d5e6f7a8b9c0d').json()
    assert bob['state'] == 'STAGED' and 'password' not in bob
    sim.reset()
    assert api.get('/systemusers').json()['totalCount'] == 0
    sim.seed(state)
    assert sim.state() == state
    members = api.get('/v2/usergroups/%s/members' % created['usergroups'][0]).json()
    assert members[0]['to'] == {'id': created['systemusers'][0], 'type': 'user'}


def test_seed_rejects_unknown_references(sim):
    sim.reset()
    try:
        sim.seed({'members': [{'group': {'type': 'user_group', 'id': 'nope'}, 'member': {'type': 'user', 'id': 'x'}}]})
    except Exception as exc:  # pylint: disable=broad-except
        assert '400' in str(exc)
    else:
        raise AssertionError('seed accepted a dangling reference')


@pytest.mark.documents
def test_unknown_route_and_unimplemented_operation(api):
    assert api.get('/nothing-here').status_code == 404
    response = api.get('/v2/bulk/userstates')
    assert response.status_code == 501 and 'bulk_userStatesList' in response.json()['message']


@pytest.mark.documents
def test_normal_traffic_records_no_violation(api, sim):
    sim.clear_violations()
    alice = api.user('alice', firstname='Alice', attributes=[{'name': 'team', 'value': 'a'}],
                     phoneNumbers=[{'type': 'work', 'number': '123'}])
    bob = api.user('bob', manager=alice['_id'])
    api.get('/systemusers', params={'limit': 100, 'skip': 0, 'sort': '_id', 'filter': 'username:$eq:alice'})
    api.get('/systemusers/' + alice['_id'])
    api.put('/systemusers/' + bob['_id'], json={'lastname': 'B', 'suspended': True})
    for action in ('state/activate', 'unlock', 'expire', 'resetmfa'):
        assert api.post('/systemusers/%s/%s' % (bob['_id'], action), json={}).status_code == 200
    assert api.post('/systemusers/%s/state/suspend' % bob['_id']).status_code == 200
    assert api.post('/systemusers/%s/password' % bob['_id'], json={'password': 'N3w!pass'}).status_code == 200
    group = api.group('eng', description='Engineering')
    api.post('/v2/usergroups/%s/members' % group['id'], json={'op': 'add', 'type': 'user', 'id': bob['_id']})
    api.get('/v2/usergroups/%s/members' % group['id'], params={'limit': 100})
    api.get('/v2/usergroups/%s/membership' % group['id'])
    api.get('/v2/users/%s/memberof' % bob['_id'])
    api.put('/v2/usergroups/' + group['id'], json=api.get('/v2/usergroups/' + group['id']).json())
    api.post('/search/systemusers', json={'searchFilter': {'searchTerm': 'ali', 'fields': ['username']}})
    api.delete('/systemusers/' + alice['_id'], params={'cascade_manager': 'null'})
    api.delete('/v2/usergroups/' + group['id'])
    assert api.get('/systemusers/' + alice['_id']).status_code == 404
    assert sim.violations() == []


def test_keep_alive_session_is_reused(api):
    for _attempt in range(20):
        assert api.get('/systemusers').status_code == 200
    assert api.session.get(api.base + '/systemusers', headers={'x-api-key': API_KEY}, timeout=5).status_code == 200


def test_empty_x_org_id_is_400(api):
    assert api.get('/systemusers', headers={'x-org-id': ''}).status_code == 400


def test_path_parameters_are_url_decoded(api):
    created = api.post('/commands', json={'name': 't', 'command': 'id', 'commandType': 'linux',
                                          'launchType': 'trigger', 'trigger': 'deploy now'}).json()
    assert api.post('/command/trigger/deploy%20now', json={}).json() == {'triggered': [created['_id']]}
