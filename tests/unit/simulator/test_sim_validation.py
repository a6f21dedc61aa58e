"""Spec validation itself: response checks, the item cache, served routes, concurrency."""

import threading

import pytest

from tests.simulator.spec import DEFAULT_SPEC_DIR, SpecSet


@pytest.fixture(scope='module')
def specs():
    return SpecSet(DEFAULT_SPEC_DIR)


@pytest.mark.documents
def test_operation_matching(specs):
    op, template, params = specs.get(1).match('GET', '/systemusers/abc')
    assert op.op_id == 'systemusers_get' and template == '/systemusers/{id}' and params == {'id': 'abc'}
    op, template, _params = specs.get(2).match('GET', '/systems/views')
    assert template == '/systems/views'
    op, template, _params = specs.get(2).match('PATCH', '/usergroups/abc')
    assert op is None and template == '/usergroups/{id}'


@pytest.mark.documents
def test_response_checks(specs):
    op = specs.get(1).match('GET', '/systemusers')[0]
    good = {'totalCount': 1, 'results': [{'_id': 'x', 'username': 'u', 'state': 'ACTIVATED'}]}
    assert op.check_response(200, good, True) is None
    assert op.check_response(200, good, True) is None  # cached item
    bad = {'totalCount': 1, 'results': [{'_id': 'x', 'username': 5}]}
    assert 'results[0].username' in op.check_response(200, bad, True)
    assert 'totalCount' in op.check_response(200, {'totalCount': 'one', 'results': []}, True)
    assert op.check_response(201, good, True).startswith('status 201 is not declared')
    assert op.check_response(409, {'code': 409, 'message': 'x', 'status': 'Conflict'}, True) is None
    assert op.check_response(409, {'error': 'x'}, True) is not None
    suspend = specs.get(1).match('POST', '/systemusers/abc/state/suspend')[0]
    assert suspend.check_response(200, None, False) is None
    assert suspend.check_response(200, 'OK', True) is not None
    members = specs.get(2).match('GET', '/usergroups/abc/members')[0]
    assert members.check_response(200, [{'to': {'id': 'a', 'type': 'user'}}], True) is None
    assert 'response body[0]' in members.check_response(200, [{'attributes': {}}], True)


@pytest.mark.documents
def test_query_checks(specs):
    op = specs.get(2).match('GET', '/users/abc/associations')[0]
    assert op.check_query({'targets': ['system,system_group']}) is None
    assert op.check_query({'targets': ['system'], 'sort': ['id']}) is None  # tolerated (api-quirks 14)
    assert 'targets' in op.check_query({})
    assert 'bogus' in op.check_query({'targets': ['bogus']})
    assert 'integer' in op.check_query({'targets': ['system'], 'limit': ['ten']})
    v1 = specs.get(1).match('GET', '/systems')[0]
    assert v1.check_query({'filter[0]': ['a:$eq:b'], 'filter[or][1]': ['c:$eq:d']}) is None
    assert 'unknown query parameter' in v1.check_query({'colour': ['red']})


@pytest.mark.documents
def test_a_bad_stored_object_is_a_response_violation(api, sim):
    sim.seed({'systemusers': [{'username': 'odd', 'email': 'odd@example.com', 'sudo': 'yes'}]})
    response = api.get('/systemusers')
    assert response.status_code == 200 and response.json()['results'][0]['sudo'] == 'yes'  # not altered
    violations = sim.violations()
    assert len(violations) == 1
    assert violations[0]['kind'] == 'response' and violations[0]['status'] == 200
    assert 'sudo' in violations[0]['message']


@pytest.mark.documents
def test_every_served_route_is_declared(sim):
    assert sim.health()['undeclared_routes'] == []


def test_concurrent_clients(api, sim):
    import requests  # pylint: disable=import-outside-toplevel
    errors = []

    def worker(index):
        session = requests.Session()
        session.headers['x-api-key'] = api.session.headers['x-api-key']
        try:
            for n in range(10):
                name = 'c%02d-%02d' % (index, n)
                response = session.post(api.base + '/systemusers', json={'username': name, 'email': name + '@x.org'})
                if response.status_code != 200:
                    errors.append(response.text)
                if session.get(api.base + '/systemusers', params={'limit': 5}).status_code != 200:
                    errors.append('list failed')
        except requests.RequestException as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert api.get('/systemusers').json()['totalCount'] == 160
    ids = [u['_id'] for u in sim.state()['systemusers']]
    assert len(set(ids)) == 160
    assert sim.violations() == []


def test_cli_start_banner_seed_and_clean_exit(tmp_path):
    import json  # pylint: disable=import-outside-toplevel
    from tests.simulator import Simulator  # pylint: disable=import-outside-toplevel
    seed = tmp_path / 'seed.json'
    seed.write_text(json.dumps({'systemusers': [{'username': 'seeded', 'email': 'seeded@example.com'}]}))
    simulator = Simulator(seed=str(seed), latency_ms=1)
    simulator.start()
    try:
        assert simulator.url.startswith('http://127.0.0.1:')
        assert [u['username'] for u in simulator.state()['systemusers']] == ['seeded']
    finally:
        assert simulator.stop() == 0
