from __future__ import annotations

import base64
import datetime
import json

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _access as access
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudNotFound, JumpCloudValueError

ALICE = '5a0000000000000000000001'
DEVICE = '5b0000000000000000000001'
FUTURE = '2099-01-31T18:00:00Z'


def b64(value):
    return base64.b64encode(json.dumps(value).encode()).decode()


class FakeClient:
    """Just enough of JumpCloudClient: a user, a device, access requests and workflow requests, and a log of writes."""

    def __init__(self, access_requests=(), workflow_requests=(), page_size=2):
        self.users = {ALICE: {'_id': ALICE, 'username': 'alice'}}
        self.systems = {DEVICE: {'_id': DEVICE, 'displayName': 'web-1'}}
        self.access = {r['accessId']: dict(r) for r in access_requests}
        self.workflow = {r['id']: dict(r) for r in workflow_requests}
        self.writes = []
        self.pages = []
        self.page_size = page_size
        self.check_mode = False

    def write(self, method, path, body=None, params=None, operation=None, preview=None):
        """The write gate, as JumpCloudClient has it: nothing is sent (or logged as sent) in check mode."""
        if self.check_mode:
            return preview
        return {'POST': self.post, 'PUT': self.put}[method](path, body=body, params=params, operation=operation)

    def _table(self, path):
        for prefix, table in (('/api/systemusers', self.users), ('/api/systems', self.systems),
                              (access.ACCESS_PATH, self.access), (access.WORKFLOW_PATH, self.workflow)):
            if path.startswith(prefix + '/'):
                return table, path[len(prefix) + 1:]
        raise AssertionError('unexpected path ' + path)

    def get(self, path, params=None, operation=None):
        table, key = self._table(path)
        if key not in table:
            raise JumpCloudNotFound(operation, 404, 'not found')
        obj = dict(table[key])
        if table is self.access:
            obj['additionalAttributes'] = b64(obj['additionalAttributes']) if obj.get('additionalAttributes') else ''
        return obj

    @staticmethod
    def map_concurrent(func, items):
        return [func(item) for item in items]

    def list(self, path, params=None, operation=None):
        table = {'/api/systemusers': self.users, '/api/systems': self.systems}[path]
        field, dummy, value = params['filter'].split(':', 2)
        return [obj for obj in table.values() if obj.get(field) == value]

    def post(self, path, body=None, params=None, operation=None):
        self.writes.append(('POST', path, body))
        if path == access.ACCESS_PATH:
            new = dict(body, accessId='new-1', id=7, accessState='granted')
            self.access['new-1'] = new
            return {'id': 'new-1'}
        if path.startswith(access.ACCESS_PATH):
            self.access[path.split('/')[-2]]['accessState'] = 'revoked'
        elif path.endswith('/cancel'):
            self.workflow[path.split('/')[-2]]['status'] = 'CANCELLED'
        else:
            for request_id in body['requestIds']:
                self.workflow[request_id]['status'] = 'REVOKED'
        return {}

    def put(self, path, body=None, params=None, operation=None):
        self.writes.append(('PUT', path, body))
        self.access[path.rsplit('/', 1)[1]].update(body)
        return {}

    def paginate(self, path, params=None, operation=None):
        assert path == access.WORKFLOW_PATH
        self.pages.append(params)
        items = list(self.workflow.values())
        for term in (params or {}).get('filter', []):
            field, dummy, value = term.split(':', 2)
            items = [item for item in items if str(item.get(field)) == value]
        # a request seen twice while paging (the list moved under the reader) is returned once
        yield from items + items[:1]


def in_check_mode(client, wanted):
    """The module's result in check mode."""
    client.check_mode = True
    try:
        return access.ensure_access_request(client, wanted)
    finally:
        client.check_mode = False


def params(**given):
    out = dict.fromkeys(access.ACCESS_REQUEST_ARGS)
    out['state'] = 'present'
    out.update(given)
    return out


def granted(**fields):
    request = dict(accessId='acc-1', id=1, accessState='granted', requestorId=ALICE, resourceId=DEVICE,
                   resourceType='device', expiry=FUTURE, remarks='on call', additionalAttributes={'sudo': {'enabled': True}})
    request.update(fields)
    return request


# -- values -----------------------------------------------------------------------------------

@pytest.mark.parametrize('text', ['2030-01-31T18:00:00Z', '2030-01-31T18:00:00.497Z', '2030-01-31T19:00:00+01:00',
                                  '2030-01-31 13:00:00-05:00', '2030-01-31T18:00Z', '2030-01-31T19:00:00+0100'])
def test_parse_time(text):
    assert access.parse_time(text) == datetime.datetime(2030, 1, 31, 18, 0, 0, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize('text', ['2030-01-31T18:00:00', 'tomorrow', '', None, '2030-02-30T00:00:00Z'])
def test_parse_time_refuses(text):
    with pytest.raises(JumpCloudValueError) as err:
        access.parse_time(text)
    assert 'expiry' in str(err.value)


def test_same_time_and_format():
    assert access.same_time('2030-01-31T18:00:00.497Z', '2030-01-31T18:00:00Z')
    assert not access.same_time('2030-01-31T18:00:01Z', '2030-01-31T18:00:00Z')
    assert not access.same_time(FUTURE, '')
    assert access.format_time(access.parse_time('2030-01-31T19:00:00+01:00')) == '2030-01-31T18:00:00Z'


def test_decode_attributes():
    assert access.decode_attributes(b64({'sudo': {'enabled': True}})) == {'sudo': {'enabled': True}}
    assert access.decode_attributes('') == {} and access.decode_attributes(None) == {}
    assert access.decode_attributes({'a': 1}) == {'a': 1}
    assert access.decode_attributes('not base64!') == 'not base64!'
    assert access.decode_attributes(b64([1])) == b64([1])


def test_resource_kinds():
    assert access.resource_kind('device').name == 'system'
    assert access.resource_kind('user_group').name == 'user_group'
    assert access.resource_kind('custom') is None


def test_filter_terms():
    assert access.filter_terms({'resourceType': 'device', 'status': ['PENDING', 'ERROR'], 'timeBasedAccess': True}) == [
        'resourceType:eq:device', 'status:in:PENDING|ERROR', 'timeBasedAccess:eq:true']


# -- plain access requests --------------------------------------------------------------------

def test_create_resolves_names_and_returns_the_id():
    client = FakeClient()
    result = access.ensure_access_request(client, params(requestor='alice', resource_type='device', resource='web-1',
                                                         expiry='2099-01-31T19:00:00.5+01:00', remarks='on call'))
    method, path, body = client.writes[0]
    assert (method, path) == ('POST', access.ACCESS_PATH)
    assert body['requestorId'] == ALICE and body['resourceId'] == DEVICE and body['expiry'] == FUTURE
    assert len(body['operationId']) == 36
    assert result['changed'] and result['id'] == 'new-1' and result['msg'] == "Access request 'new-1' created"
    assert result['diff']['before'] == {}
    assert result['diff']['after']['requestor'] == 'alice' and result['diff']['after']['state'] == 'granted'
    assert result['access_request']['accessId'] == 'new-1'


def test_create_in_check_mode_writes_nothing():
    client = FakeClient()
    result = in_check_mode(client, params(requestor=ALICE, resource_type='custom', resource='x'))
    assert client.writes == [] and result['changed'] and result['id'] is None
    assert result['msg'] == 'An access request would be created'
    assert result['access_request']['resourceId'] == 'x'


@pytest.mark.parametrize('given, message', [
    (dict(requestor='alice'), 'resource_type, resource are required to create one'),
    (dict(requestor='nobody', resource_type='device', resource='web-1'), "requestor: no user named or with id 'nobody'"),
    (dict(requestor='alice', resource_type='device', resource='nothing'), "resource: no system named or with id 'nothing'"),
    (dict(requestor='alice', resource_type='device', resource='web-1', expiry='2001-01-01T00:00:00Z'), 'in the past'),
    (dict(requestor='alice', resource_type='device', resource='web-1', expiry='soon'), 'must be a date and time'),
    (dict(state='revoked'), 'state=revoked needs the id'),
    (dict(state='cancelled', id='acc-1'), 'state=cancelled applies to workflow access requests'),
    (dict(id='missing'), "No access request with id 'missing' exists; to create one, leave out id"),
    (dict(id='missing', state='revoked'), "No access request with id 'missing' exists"),
    (dict(id='acc-1', requestor='5a0000000000000000000009'), "requestor: no user named or with id"),
    (dict(id='acc-1', resource_type='user_group', resource=DEVICE), 'resource_type is set only when'),
])
def test_bad_input_writes_nothing(given, message):
    client = FakeClient([granted()])
    with pytest.raises(JumpCloudValueError) as err:
        access.ensure_access_request(client, params(**given))
    assert message in str(err.value)
    assert client.writes == []


def test_update_sends_what_differs_with_the_whole_updatable_set():
    client = FakeClient([granted()])
    same = access.ensure_access_request(client, params(id='acc-1', requestor='alice', resource='web-1', resource_type='device',
                                                       expiry='2099-01-31T19:00:00+01:00', remarks='on call',
                                                       additional_attributes={'sudo': {'enabled': True}}))
    assert not same['changed'] and client.writes == [] and same['msg'] == "Access request 'acc-1' unchanged"
    assert same['diff']['before'] == same['diff']['after']
    assert same['diff']['before']['requestor'] == 'alice' and same['diff']['before']['resource'] == 'web-1'

    preview = in_check_mode(client, params(id='acc-1', expiry='2099-02-01T00:00:00Z'))
    assert preview['changed'] and client.writes == [] and preview['msg'] == "Access request 'acc-1' would be updated"

    moved = access.ensure_access_request(client, params(id='acc-1', expiry='2099-02-01T00:00:00Z',
                                                        additional_attributes={'sudo': {'withoutPassword': False}}))
    assert moved['changed']
    assert client.writes == [('PUT', access.ACCESS_PATH + '/acc-1', {
        'expiry': '2099-02-01T00:00:00Z', 'remarks': 'on call',
        'additionalAttributes': {'sudo': {'enabled': True, 'withoutPassword': False}}})]
    assert moved['diff']['before'] == {'id': 'acc-1', 'state': 'granted', 'expiry': FUTURE,
                                       'additional_attributes': {'sudo': {'enabled': True}}}
    assert moved['diff']['after']['expiry'] == '2099-02-01T00:00:00Z'
    assert moved['access_request']['additionalAttributes'] == {'sudo': {'enabled': True, 'withoutPassword': False}}


def test_remarks_can_be_cleared():
    client = FakeClient([granted()])
    cleared = access.ensure_access_request(client, params(id='acc-1', remarks=''))
    assert cleared['changed'] and client.writes[0][2]['remarks'] == ''
    assert not access.ensure_access_request(client, params(id='acc-1', remarks=''))['changed']


def test_update_of_a_revoked_request_is_refused_but_a_match_is_fine():
    client = FakeClient([granted(accessState='revoked')])
    assert not access.ensure_access_request(client, params(id='acc-1', remarks='on call'))['changed']
    with pytest.raises(JumpCloudValueError) as err:
        access.ensure_access_request(client, params(id='acc-1', remarks='other'))
    assert "it is revoked; create a new one" in str(err.value)
    assert client.writes == []


def test_revoke_once():
    client = FakeClient([granted()])
    preview = in_check_mode(client, params(id='acc-1', state='revoked'))
    assert preview['changed'] and client.writes == [] and preview['access_request']['accessState'] == 'revoked'
    revoked = access.ensure_access_request(client, params(id='acc-1', state='revoked', remarks='ignored'))
    assert revoked['changed'] and client.writes == [('POST', access.ACCESS_PATH + '/acc-1/revoke', None)]
    assert revoked['diff'] == {'before': {'id': 'acc-1', 'state': 'granted', 'remarks': 'on call'},
                               'after': {'id': 'acc-1', 'state': 'revoked', 'remarks': 'on call'}}
    again = access.ensure_access_request(client, params(id='acc-1', state='revoked'))
    assert not again['changed'] and again['msg'] == "Access request 'acc-1' is already revoked" and len(client.writes) == 1


@pytest.mark.parametrize('state', ['expired', 'EXPIRED', 'Revoked'])
def test_ended_requests_are_not_revoked(state):
    client = FakeClient([granted(accessState=state)])
    assert not access.ensure_access_request(client, params(id='acc-1', state='revoked'))['changed']
    assert client.writes == []


def test_an_unknown_access_state_is_not_guessed():
    client = FakeClient([granted(accessState='pending')])
    with pytest.raises(JumpCloudValueError) as err:
        access.ensure_access_request(client, params(id='acc-1', state='revoked'))
    assert 'which this module does not know' in str(err.value) and client.writes == []


# -- workflow access requests -----------------------------------------------------------------

WORKFLOW = [
    {'id': 'pending', 'status': 'PENDING', 'requestor': ALICE},
    {'id': 'missing', 'status': 'missing_data', 'requestor': ALICE},
    {'id': 'timed', 'status': 'APPROVED', 'timeBasedAccess': True, 'requestor': ALICE},
    {'id': 'device', 'status': 'APPROVED', 'resourceType': 'device', 'requestor': ALICE},
    {'id': 'permanent', 'status': 'APPROVED', 'group': 'Admins', 'resourceType': 'user_group', 'resourceId': 'g1',
     'requestor': 'someone-else'},
    {'id': 'denied', 'status': 'DENIED', 'requestor': ALICE},
    {'id': 'odd', 'status': 'PAUSED', 'requestor': ALICE},
]


@pytest.mark.parametrize('request_id, state, path, status', [
    ('pending', 'revoked', access.WORKFLOW_PATH + '/pending/cancel', 'CANCELLED'),
    ('pending', 'cancelled', access.WORKFLOW_PATH + '/pending/cancel', 'CANCELLED'),
    ('missing', 'revoked', access.WORKFLOW_PATH + '/missing/cancel', 'CANCELLED'),
    ('timed', 'revoked', access.TIMED_REVOKE_PATH, 'REVOKED'),
    ('device', 'revoked', access.DEVICE_REVOKE_PATH, 'REVOKED'),
])
def test_workflow_requests_are_ended_once(request_id, state, path, status):
    client = FakeClient(workflow_requests=WORKFLOW)
    wanted = params(workflow_request_id=request_id, state=state)
    preview = in_check_mode(client, wanted)
    assert preview['changed'] and client.writes == [] and preview['workflow_request']['status'] == status
    done = access.ensure_access_request(client, wanted)
    assert done['changed'] and [(m, p) for m, p, dummy in client.writes] == [('POST', path)]
    assert done['diff']['after'] == {'id': request_id, 'status': status} and done['id'] == request_id
    assert done['workflow_request']['status'] == status
    again = access.ensure_access_request(client, wanted)
    assert not again['changed'] and len(client.writes) == 1
    assert again['msg'].startswith("Workflow access request '{0}' is {1}; nothing to".format(request_id, status.lower()))


def test_workflow_revoke_bodies():
    client = FakeClient(workflow_requests=WORKFLOW)
    access.ensure_access_request(client, params(workflow_request_id='timed', state='revoked'))
    access.ensure_access_request(client, params(workflow_request_id='pending', state='revoked'))
    assert [body for dummy, dummy2, body in client.writes] == [{'requestIds': ['timed']}, {}]


def test_permanent_approval_is_left_with_a_warning():
    client = FakeClient(workflow_requests=WORKFLOW)
    result = access.ensure_access_request(client, params(workflow_request_id='permanent', state='revoked'))
    assert not result['changed'] and client.writes == []
    assert "user group 'Admins'" in result['warnings'][0] and 'jc_association' in result['warnings'][0]


@pytest.mark.parametrize('given, message', [
    (dict(workflow_request_id='timed', state='cancelled'), 'already approved: only a request awaiting a decision'),
    (dict(workflow_request_id='pending'), 'state is cancelled or revoked, not present'),
    (dict(workflow_request_id='pending', state='revoked', remarks='x'), 'remarks apply to plain access requests'),
    (dict(workflow_request_id='nope', state='revoked'), "No workflow access request with id 'nope' exists"),
    (dict(workflow_request_id='odd', state='revoked'), "status 'PAUSED', which this module does not know"),
])
def test_workflow_refusals(given, message):
    client = FakeClient(workflow_requests=WORKFLOW)
    with pytest.raises(JumpCloudValueError) as err:
        access.ensure_access_request(client, params(**given))
    assert message in str(err.value) and client.writes == []


def test_a_final_request_cannot_be_cancelled_either_but_that_is_no_error():
    client = FakeClient(workflow_requests=WORKFLOW)
    result = access.ensure_access_request(client, params(workflow_request_id='denied', state='cancelled'))
    assert not result['changed'] and result['msg'] == "Workflow access request 'denied' is denied; nothing to cancel"


# -- reading -----------------------------------------------------------------------------------

def test_read_by_id():
    client = FakeClient([granted()], WORKFLOW)
    one = access.read_access_requests(client, {'id': 'acc-1'})
    assert one['access_requests'][0]['additionalAttributes'] == {'sudo': {'enabled': True}} and one['workflow_requests'] == []
    assert access.read_access_requests(client, {'id': 'nope'})['access_requests'] == []
    assert access.read_access_requests(client, {'workflow_request_id': 'timed'})['workflow_requests'][0]['id'] == 'timed'
    assert access.read_access_requests(client, {'workflow_request_id': 'nope'})['workflow_requests'] == []


def test_list_by_requestor_and_status():
    client = FakeClient(workflow_requests=WORKFLOW)
    everything = access.read_access_requests(client, {})['workflow_requests']
    assert [r['id'] for r in everything] == [r['id'] for r in WORKFLOW]
    mine = access.read_access_requests(client, {'requestor': 'alice', 'status': ['pending', 'MISSING_DATA', 'approved']})
    assert [r['id'] for r in mine['workflow_requests']] == ['pending', 'missing', 'timed', 'device']
    assert client.pages[-1] == {'filter': ['requestor:eq:' + ALICE]}
    filtered = access.read_access_requests(client, {'filter': {'resourceType': 'device'}, 'requestor': ALICE})
    assert [r['id'] for r in filtered['workflow_requests']] == ['device']
    assert client.pages[-1] == {'filter': ['requestor:eq:' + ALICE, 'resourceType:eq:device']}


def test_requestor_of_a_deleted_user_is_searched_by_id_but_an_unknown_name_fails():
    client = FakeClient(workflow_requests=[{'id': 'gone', 'status': 'PENDING', 'requestor': '5a0000000000000000000009'}])
    found = access.read_access_requests(client, {'requestor': '5a0000000000000000000009'})
    assert [r['id'] for r in found['workflow_requests']] == ['gone']
    with pytest.raises(JumpCloudValueError):
        access.read_access_requests(client, {'requestor': 'nobody'})
