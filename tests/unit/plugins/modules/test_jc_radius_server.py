"""jc_radius_server through a fake /api/radiusservers: field names per operation, required update fields, secrets,
create-only and case-insensitive fields."""

from __future__ import annotations

from urllib.parse import urlparse

from ansible_collections.jcops.jumpcloud.plugins.modules import jc_radius_server
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse

WRITES = ('POST', 'PUT', 'PATCH', 'DELETE')
SECRET = 'Sh4red-Secret'
PUT_FIELDS = ('name', 'networkSourceIp', 'mfa', 'tags', 'sharedSecret', 'userLockoutAction', 'radsecEnabled')


class RadiusApi:
    """POST takes tagNames, PUT takes tags (and ignores what its schema does not list), answers carry tagNames."""

    def __init__(self, *servers):
        self.servers = {}
        self.secrets = {}
        for server in servers:
            self.add(dict(server))

    def add(self, server):
        server.setdefault('_id', '{0:024x}'.format(len(self.servers) + 1))
        server.setdefault('authIdp', 'JUMPCLOUD')
        server.setdefault('tagNames', [])
        self.secrets[server['_id']] = server.pop('sharedSecret', None)
        self.servers[server['_id']] = server
        return dict(server)

    def __call__(self, method, url, kwargs):
        parts = [part for part in urlparse(url).path.split('/')[2:] if part]
        params = kwargs.get('params') or {}
        if parts == ['radiusservers'] and method == 'GET':
            results = [s for s in self.servers.values() if params.get('filter') in (None, 'name:$eq:' + s['name'])]
            return FakeResponse(200, {'totalCount': len(results), 'results': results[params['skip']:params['skip'] + params['limit']]})
        if parts == ['radiusservers'] and method == 'POST':
            assert 'tags' not in kwargs['json']
            return FakeResponse(200, self.add(dict(kwargs['json'])))
        server = self.servers.get(parts[1])
        if server is None:
            return FakeResponse(404, {'code': 404, 'message': 'not found', 'status': 'Not Found'})
        if method == 'GET':
            return FakeResponse(200, server)
        if method == 'PUT':
            body = kwargs['json']
            for key in PUT_FIELDS:
                if key == 'tags' and key in body:
                    server['tagNames'] = body['tags']
                elif key == 'sharedSecret' and key in body:
                    self.secrets[server['_id']] = body[key]
                elif key in body:
                    server[key] = body[key]
            return FakeResponse(200, server)
        return FakeResponse(200, self.servers.pop(server['_id']))


def writes(session):
    return [(method, urlparse(url).path, kwargs.get('json')) for method, url, kwargs in session.sent if method in WRITES]


WIFI = {'_id': 'a' * 24, 'name': 'wifi', 'networkSourceIp': '192.0.2.1', 'mfa': 'DISABLED', 'tagNames': ['office'],
        'userLockoutAction': 'maintain', 'sharedSecret': 'old'}


def test_create_sends_tag_names_and_the_secret_and_never_returns_it(run_module):
    api = RadiusApi()
    result, session = run_module(jc_radius_server, dict(name='vpn', network_source_ip='192.0.2.9', shared_secret=SECRET,
                                                        tags=['a', 'b'], auth_idp='AZURE'), api)
    assert result['changed'] and not result['failed']
    [(method, path, body)] = writes(session)
    assert (method, path) == ('POST', '/api/radiusservers')
    assert body == {'name': 'vpn', 'networkSourceIp': '192.0.2.9', 'sharedSecret': SECRET, 'tagNames': ['a', 'b'],
                    'authIdp': 'AZURE'}
    assert result['diff']['after']['tags'] == ['a', 'b']
    assert result['diff']['after']['shared_secret'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert SECRET not in repr(result)


def test_check_mode_create_shows_the_fields_under_their_read_names(run_module):
    result, session = run_module(jc_radius_server, dict(name='vpn', network_source_ip='192.0.2.9', shared_secret=SECRET,
                                                        tags=['a'], _ansible_check_mode=True), RadiusApi())
    assert result['changed'] and writes(session) == []
    assert result['radius_server'] == {'name': 'vpn', 'networkSourceIp': '192.0.2.9', 'tagNames': ['a']}
    assert result['diff']['after']['tags'] == ['a']


def test_update_sends_tags_and_the_required_fields_but_not_the_secret(run_module):
    api = RadiusApi(WIFI)
    result, session = run_module(jc_radius_server, dict(name='wifi', shared_secret=SECRET, mfa='ALWAYS',
                                                        tags=['office', 'guest']), api)
    assert result['changed']
    assert writes(session) == [('PUT', '/api/radiusservers/' + 'a' * 24, {
        'name': 'wifi', 'networkSourceIp': '192.0.2.1', 'mfa': 'ALWAYS', 'tags': ['office', 'guest']})]
    assert result['diff']['before']['tags'] == ['office'] and result['diff']['after']['tags'] == ['office', 'guest']
    assert api.secrets['a' * 24] == 'old'
    again, session = run_module(jc_radius_server, dict(name='wifi', shared_secret=SECRET, mfa='ALWAYS',
                                                       tags=['guest', 'office']), api)
    assert not again['changed'] and writes(session) == []


def test_update_secret_always_rotates_on_every_run(run_module):
    api = RadiusApi(WIFI)
    for dummy in range(2):
        result, session = run_module(jc_radius_server, dict(name='wifi', shared_secret=SECRET, update_secret='always'), api)
        assert result['changed'] and result['msg'] == "RADIUS server 'wifi' updated"
        assert writes(session) == [('PUT', '/api/radiusservers/' + 'a' * 24,
                                    {'name': 'wifi', 'networkSourceIp': '192.0.2.1', 'sharedSecret': SECRET})]
        assert result['diff']['after']['shared_secret'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
        assert SECRET not in repr(result)
    assert api.secrets['a' * 24] == SECRET


def test_a_difference_in_case_only_is_no_change(run_module):
    result, session = run_module(jc_radius_server, dict(name='wifi', user_lockout_action='MAINTAIN'), RadiusApi(WIFI))
    assert not result['changed'] and writes(session) == []
    result, session = run_module(jc_radius_server, dict(name='wifi', user_lockout_action='REMOVE'), RadiusApi(WIFI))
    assert result['changed']
    assert writes(session)[0][2] == {'name': 'wifi', 'networkSourceIp': '192.0.2.1', 'userLockoutAction': 'REMOVE'}


def test_create_only_field_is_refused_on_an_existing_server_before_any_write(run_module):
    result, session = run_module(jc_radius_server, dict(name='wifi', auth_idp='AZURE', mfa='ALWAYS'), RadiusApi(WIFI))
    assert result['failed'] and writes(session) == []
    assert result['msg'] == ("Cannot update RADIUS server 'wifi': auth_idp is set only when the RADIUS server is created "
                             "(it is 'JUMPCLOUD', the task asks for 'AZURE'); delete and recreate the RADIUS server to "
                             "change it")
    result, session = run_module(jc_radius_server, dict(name='wifi', auth_idp='JUMPCLOUD'), RadiusApi(WIFI))
    assert not result['changed'] and writes(session) == []


def test_missing_secret_on_create_fails_before_any_write(run_module):
    result, session = run_module(jc_radius_server, dict(name='new', network_source_ip='192.0.2.2'), RadiusApi())
    assert result['failed'] and writes(session) == []
    assert result['msg'] == "Cannot create RADIUS server 'new': shared_secret is required to create it"
