"""v2 access requests (/accessrequests) and workflow access requests (/approvalflowrequest)."""

import base64
import json

import pytest

from tests.simulator.harness import SimulatorError

MISSING = '5f0c1b2a3c4d5e6f7a8b9c0d'
ALICE = '5a0000000000000000000001'
BOB = '5a0000000000000000000002'
DEVICE = '5b0000000000000000000001'
GROUP = '5c0000000000000000000001'
FUTURE = '2099-01-31T18:00:00Z'


def seed_directory(sim):
    sim.seed({'systemusers': [{'_id': ALICE, 'username': 'alice', 'email': 'alice@example.com', 'department': 'IT'},
                              {'_id': BOB, 'username': 'bob', 'email': 'bob@example.com'}],
              'systems': [{'_id': DEVICE, 'displayName': 'web-1', 'os': 'Ubuntu'}],
              'usergroups': [{'id': GROUP, 'name': 'Admins'}]})


def create(api, **fields):
    body = dict(dict(requestorId=ALICE, resourceId=DEVICE, resourceType='device'), **fields)
    response = api.post('/v2/accessrequests', json=body)
    assert response.status_code == 200, response.text
    return response.json()['id']


def test_access_request_lifecycle(strict, sim):
    seed_directory(sim)
    sudo = {'sudo': {'enabled': True, 'withoutPassword': False}}
    access_id = create(strict, expiry='2099-01-31T18:00:00.497+01:00', remarks='on call', additionalAttributes=sudo,
                       operationId='ff487bda-e18f-42ed-9d6c-5c7cafd6adf9')
    got = strict.get('/v2/accessrequests/' + access_id).json()
    assert got['accessId'] == access_id and isinstance(got['id'], int)
    assert got['accessState'] == 'granted'
    assert got['expiry'] == '2099-01-31T17:00:00Z'
    assert json.loads(base64.b64decode(got['additionalAttributes'])) == sudo
    assert got['requestorId'] == ALICE and got['resourceType'] == 'device' and got['duration'] > 0
    assert len(base64.b64decode(got['companyId'])) == 12

    # PUT: given fields replace, an empty additionalAttributes keeps them (JumpCloud's own example)
    assert strict.put('/v2/accessrequests/' + access_id, json={'expiry': FUTURE, 'additionalAttributes': {}}).json() == {}
    got = strict.get('/v2/accessrequests/' + access_id).json()
    assert got['expiry'] == FUTURE and got['remarks'] == 'on call' and got['version'] == 1
    assert json.loads(base64.b64decode(got['additionalAttributes'])) == sudo

    assert strict.post('/v2/accessrequests/%s/revoke' % access_id).json() == {}
    assert strict.get('/v2/accessrequests/' + access_id).json()['accessState'] == 'revoked'
    again = strict.post('/v2/accessrequests/%s/revoke' % access_id)
    assert again.status_code == 400 and 'already revoked' in again.json()['message']
    assert strict.put('/v2/accessrequests/' + access_id, json={'remarks': 'x'}).status_code == 400
    stored = [r for r in sim.state()['accessrequests'] if r['accessId'] == access_id][0]
    assert stored['accessState'] == 'revoked' and stored['additionalAttributes'] == sudo


def test_access_request_refusals(strict, sim):
    seed_directory(sim)
    for body, message in (({'resourceId': DEVICE, 'resourceType': 'device'}, 'requestorId is required'),
                          ({'requestorId': MISSING, 'resourceId': DEVICE, 'resourceType': 'device'}, 'not an existing user'),
                          ({'requestorId': ALICE, 'resourceId': MISSING, 'resourceType': 'device'}, 'not an existing device'),
                          ({'requestorId': ALICE, 'resourceId': GROUP, 'resourceType': 'user_group',
                            'expiry': 'tomorrow'}, 'RFC 3339'),
                          ({'requestorId': ALICE, 'resourceId': GROUP, 'resourceType': 'user_group',
                            'expiry': '2001-01-01T00:00:00Z'}, 'in the future')):
        response = strict.post('/v2/accessrequests', json=body)
        assert response.status_code == 400 and message in response.json()['message'], (body, response.text)
    assert sim.state()['accessrequests'] == []
    for method, path in (('GET', ''), ('PUT', ''), ('POST', '/revoke')):
        kwargs = {'json': {}} if method == 'PUT' else {}
        assert strict.request(method, '/v2/accessrequests/nope' + path, **kwargs).status_code == 404
    # a resource type the simulator does not model is stored as given
    access_id = create(strict, resourceType='custom_thing', resourceId='anything')
    assert strict.get('/v2/accessrequests/' + access_id).json()['resourceType'] == 'custom_thing'


@pytest.mark.documents
def test_access_requests_have_no_list_route(api):
    assert api.get('/v2/accessrequests').status_code == 405


def test_seeded_access_requests_and_expiry(strict, sim):
    seed_directory(sim)
    ids = sim.seed({'accessrequests': [
        {'requestorId': ALICE, 'resourceId': DEVICE, 'resourceType': 'device', 'expiry': '2001-01-01T00:00:00Z'},
        {'accessId': 'fixed-id', 'requestorId': BOB, 'resourceId': GROUP, 'resourceType': 'user_group',
         'additionalAttributes': base64.b64encode(b'{"a": 1}').decode()},
    ]})['accessrequests']
    assert ids[1] == 'fixed-id' and len(ids[0]) == 36
    expired = strict.get('/v2/accessrequests/' + ids[0]).json()
    assert expired['accessState'] == 'expired'
    response = strict.post('/v2/accessrequests/%s/revoke' % ids[0])
    assert response.status_code == 400 and 'already expired' in response.json()['message']
    assert strict.get('/v2/accessrequests/fixed-id').json()['id'] == 2
    assert [r['additionalAttributes'] for r in sim.state()['accessrequests']] == [{}, {'a': 1}]


def workflow_seed(count=0):
    requests = [
        {'id': 'wf-pending', 'requestor': ALICE, 'resourceId': GROUP, 'resourceType': 'user_group'},
        {'id': 'wf-timed', 'requestor': ALICE, 'status': 'APPROVED', 'timeBasedAccess': True,
         'approvedDuration': '3600s', 'expirationDate': FUTURE},
        {'id': 'wf-device', 'requestor': ALICE, 'status': 'APPROVED', 'resourceType': 'device', 'resourceId': DEVICE,
         'timeBasedAccess': True},
        {'id': 'wf-permanent', 'requestor': BOB, 'status': 'APPROVED'},
        {'id': 'wf-denied', 'requestor': BOB, 'status': 'DENIED'},
        {'id': 'wf-old', 'requestor': BOB, 'createdAt': '2001-01-01T00:00:00Z'},
    ]
    requests += [{'requestor': ALICE if n % 2 else BOB, 'status': 'PENDING' if n % 3 else 'DENIED'} for n in range(count)]
    return {'approvalflowrequests': requests}


def test_workflow_list_filter_sort_page(strict, sim):
    seed_directory(sim)
    sim.seed(workflow_seed(150))
    first = strict.get('/v2/approvalflowrequest', params={'limit': 100}).json()
    assert first['totalCount'] == 156 and len(first['results']) == 100
    rest = strict.get('/v2/approvalflowrequest', params={'limit': 100, 'skip': 100}).json()['results']
    assert len({r['id'] for r in first['results'] + rest}) == 156
    item = first['results'][0]
    assert item['userName'] == 'alice' and item['department'] == 'IT' and 'approvers' not in item
    alice = strict.get('/v2/approvalflowrequest', params={'filter': 'requestor:eq:' + ALICE, 'limit': 100}).json()
    assert alice['totalCount'] == 78 and {r['requestor'] for r in alice['results']} == {ALICE}
    query = [('filter', 'requestor:eq:' + BOB), ('filter', 'status:eq:PENDING'), ('limit', '100')]
    both = strict.get('/v2/approvalflowrequest', params=query).json()
    assert both['totalCount'] == 50
    assert strict.get('/v2/approvalflowrequest', params={'filter': 'id:eq:wf-old'}).json()['results'][0]['status'] == 'EXPIRED'
    ordered = strict.get('/v2/approvalflowrequest', params={'sort': '-status', 'fields': 'status', 'limit': 3}).json()
    assert [r['status'] for r in ordered['results']] == ['PENDING'] * 3 and set(ordered['results'][0]) == {'id', 'status'}
    assert strict.get('/v2/approvalflowrequest', params={'sort': 'nope'}).status_code == 400
    assert strict.get('/v2/approvalflowrequest', params={'limit': 101}).status_code == 400
    one = strict.get('/v2/approvalflowrequest/wf-pending').json()
    assert one['status'] == 'PENDING' and one['approvers'] == [] and 'expirationDate' not in one
    assert strict.get('/v2/approvalflowrequest/nope').status_code == 404


def test_workflow_transitions(strict, sim):
    seed_directory(sim)
    sim.seed(workflow_seed())
    assert strict.post('/v2/approvalflowrequest/wf-pending/cancel', json={}).json() == {}
    assert strict.get('/v2/approvalflowrequest/wf-pending').json()['status'] == 'CANCELLED'
    for request_id in ('wf-pending', 'wf-timed', 'wf-denied', 'wf-old'):
        response = strict.post('/v2/approvalflowrequest/%s/cancel' % request_id, json={})
        assert response.status_code == 400 and 'only a request awaiting a decision' in response.json()['message']
    assert strict.post('/v2/approvalflowrequest/nope/cancel', json={}).status_code == 404

    ttl = '/v2/approvalflowrequest/revoke-ttl-active-session'
    sudo = '/v2/sudoactivesessions/revoke'
    for path, request_id, message in ((ttl, 'wf-device', 'device admin session'), (sudo, 'wf-timed', 'not a device'),
                                      (ttl, 'wf-permanent', 'without a time limit'), (ttl, 'wf-denied', 'is DENIED')):
        response = strict.post(path, json={'requestIds': [request_id]})
        assert response.status_code == 400 and message in response.json()['message'], response.text
    assert strict.post(ttl, json={'requestIds': ['nope']}).status_code == 404
    assert strict.post(ttl, json={'requestIds': []}).status_code == 400
    assert strict.post(ttl, json={'requestIds': ['wf-timed']}).json() == {}
    assert strict.post(sudo, json={'requestIds': ['wf-device']}).json() == {}
    state = dict((r['id'], r['status']) for r in sim.state()['approvalflowrequests'])
    assert state['wf-timed'] == state['wf-device'] == 'REVOKED'
    assert strict.post(ttl, json={'requestIds': ['wf-timed']}).status_code == 400


def test_workflow_decisions(strict, sim):
    seed_directory(sim)
    sim.seed({'approvalflowrequests': [{'id': 'a', 'requestor': ALICE, 'timeBasedAccess': True,
                                        'requestedDuration': '8h'},
                                       {'id': 'b', 'requestor': ALICE}]})
    assert strict.put('/v2/approvalflowrequest/a', json={'status': 'APPROVED', 'internalNote': 'ok'}).json() == {}
    approved = strict.get('/v2/approvalflowrequest/a').json()
    assert approved['status'] == 'APPROVED' and approved['approvedDuration'] == '8h' and approved['internalNote'] == 'ok'
    listed = strict.get('/v2/approvalflowrequest', params={'filter': 'id:eq:a'}).json()['results'][0]
    assert listed['expirationDate'] > '2000'
    assert strict.put('/v2/approvalflowrequest/a', json={'status': 'DENIED'}).status_code == 400
    response = strict.put('/v2/approvalflowrequest/b', json={'status': 'REVOKED'})
    assert response.status_code == 400 and 'revoke-ttl-active-session' in response.json()['message']
    assert strict.put('/v2/approvalflowrequest/b', json={'status': 'DENIED', 'remarks': 'no'}).json() == {}
    created = strict.post('/v2/approvalflowrequest', json={'id': 'flow-1', 'reason': 'need it', 'requestedDuration': '1h'})
    request_id = created.json()['id']
    got = strict.get('/v2/approvalflowrequest/' + request_id).json()
    assert got['status'] == 'PENDING' and got['approvalFlowId'] == 'flow-1' and got['remarks'] == 'need it'


def test_seed_refusals(sim):
    sim.reset()
    for data in ({'accessrequests': [{'accessState': 'paused'}]},
                 {'accessrequests': [{'additionalAttributes': 'not base64!'}]},
                 {'approvalflowrequests': [{'status': 'MAYBE'}]},
                 {'approvalflowrequests': [{'createdAt': 'yesterday'}]}):
        with pytest.raises(SimulatorError) as err:
            sim.seed(data)
        assert ': 400 ' in str(err.value) and 'must' in str(err.value)
