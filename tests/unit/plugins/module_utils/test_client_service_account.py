"""Service accounts: the OAuth token request, the bearer header, renewal on expiry and on a 401, and the secrets kept
out of every message."""

from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import (
    JumpCloudAuthError,
    JumpCloudClient,
    JumpCloudError,
    JumpCloudValueError,
    insights_url_for,
    token_url_for,
)
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse, FakeSession, connection_error

CLIENT_ID = 'sa_0123456789abcdef'
SECRET = 'client-secret-0123456789abcdef0123456789'
TOKEN_URL = 'https://admin-oauth.id.jumpcloud.com/oauth2/token'


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class TokenServer:
    """A token endpoint and an API behind it: tokens numbered from 1, each valid for ``life`` seconds of ``clock``."""

    def __init__(self, life=3600, refuse=()):
        self.life = life
        self.issued = 0
        self.refuse = set(refuse)   # tokens the API refuses (revoked)
        self.api_calls = []

    def __call__(self, method, url, kwargs):
        if url.endswith('/oauth2/token'):
            assert method == 'POST'
            if kwargs['auth'] != (CLIENT_ID, SECRET):
                return FakeResponse(401, {'error': 'invalid_client'})
            assert kwargs['data'] == {'grant_type': 'client_credentials', 'scope': 'api'}
            self.issued += 1
            return FakeResponse(200, {'access_token': 'token-{0}'.format(self.issued), 'expires_in': self.life, 'token_type': 'Bearer'})
        header = (kwargs.get('headers') or {}).get('Authorization')
        self.api_calls.append((method, url, header))
        if header in ['Bearer ' + token for token in self.refuse]:
            return FakeResponse(401, {'code': 401, 'message': 'Unauthorized', 'status': 'Unauthorized'})
        return FakeResponse(200, {'totalCount': 0, 'results': []})


def make_client(server, clock=None, **kwargs):
    session = FakeSession(handler=server)
    client = JumpCloudClient(client_id=CLIENT_ID, client_secret=SECRET, session=session, sleep=lambda seconds: None, **kwargs)
    if clock is not None:
        client.token._clock = clock
    return client, session


def test_token_fetched_once_and_sent_as_bearer_instead_of_the_key():
    server = TokenServer()
    client, session = make_client(server)
    for dummy in range(3):
        client.get('/api/systemusers')
    token_requests = [sent for sent in session.sent if sent[1] == TOKEN_URL]
    assert len(token_requests) == 1
    assert client.token.requests == 1
    assert [call[2] for call in server.api_calls] == ['Bearer token-1'] * 3
    assert 'x-api-key' not in session.headers
    assert client.request_count == 3


def test_token_renewed_when_it_expires():
    server, clock = TokenServer(life=600), Clock()
    client, dummy_session = make_client(server, clock)
    client.get('/api/systemusers')
    clock.now += 600 - 60 - 1     # a tenth of its life early, at most a minute
    client.get('/api/systemusers')
    clock.now += 2
    client.get('/api/systemusers')
    assert [call[2] for call in server.api_calls] == ['Bearer token-1', 'Bearer token-1', 'Bearer token-2']


def test_a_refused_token_is_renewed_once_and_the_request_repeated():
    server = TokenServer(refuse={'token-1'})
    client, dummy_session = make_client(server, max_retries=0)
    assert client.get('/api/systemusers') == {'totalCount': 0, 'results': []}
    assert [call[2] for call in server.api_calls] == ['Bearer token-1', 'Bearer token-2']


def test_a_second_401_is_final():
    server = TokenServer(refuse={'token-1', 'token-2'})
    client, dummy_session = make_client(server)
    with pytest.raises(JumpCloudAuthError) as err:
        client.get('/api/systemusers', operation='list users')
    assert err.value.status == 401
    assert server.issued == 2
    assert len(server.api_calls) == 2


def test_a_write_is_renewed_the_same_way():
    server = TokenServer(refuse={'token-1'})
    client, dummy_session = make_client(server)
    client.write('POST', '/api/systemusers', body={'username': 'x'})
    assert [call[:1] + call[2:] for call in server.api_calls] == [('POST', 'Bearer token-1'), ('POST', 'Bearer token-2')]


def test_a_wrong_secret_fails_at_the_token_endpoint_without_showing_it():
    def server(method, url, kwargs):
        return FakeResponse(401, {'error': 'invalid_client: bad secret {0}'.format(kwargs['auth'][1])})

    session = FakeSession(handler=server)
    client = JumpCloudClient(client_id=CLIENT_ID, client_secret=SECRET, session=session, sleep=lambda seconds: None)
    with pytest.raises(JumpCloudAuthError) as err:
        client.get('/api/systemusers')
    assert str(err.value).startswith("Failed to get an OAuth token for the service account '{0}': HTTP 401: invalid_client".format(CLIENT_ID))
    assert SECRET not in str(err.value)
    assert len(session.sent) == 1   # no API request without a token


def test_tokens_never_appear_in_errors():
    def server(method, url, kwargs):
        if url == TOKEN_URL:
            return FakeResponse(200, {'access_token': 'tok-abcdef', 'expires_in': 3600})
        return FakeResponse(400, {'message': 'bad header {0}'.format(kwargs['headers']['Authorization'])})

    client = JumpCloudClient(client_id=CLIENT_ID, client_secret=SECRET, session=FakeSession(handler=server))
    with pytest.raises(JumpCloudError) as err:
        client.get('/api/systemusers')
    assert 'tok-abcdef' not in str(err.value)
    assert 'Bearer ********' in str(err.value)


def test_token_request_retried_after_rate_limit_and_lost_connection():
    answers = [FakeResponse(429, {}, {'Retry-After': '2'}), connection_error(),
               FakeResponse(200, {'access_token': 't', 'expires_in': 3600}), FakeResponse(200, {'ok': 1})]
    sleeps = []
    client = JumpCloudClient(client_id=CLIENT_ID, client_secret=SECRET, session=FakeSession(responses=answers), sleep=sleeps.append)
    assert client.get('/api/systemusers') == {'ok': 1}
    assert client.token.requests == 3
    assert sleeps[0] == 2.0


def test_an_answer_without_token_fails():
    client = JumpCloudClient(client_id=CLIENT_ID, client_secret=SECRET,
                             session=FakeSession(responses=[FakeResponse(200, {'token_type': 'Bearer'})]))
    with pytest.raises(JumpCloudAuthError, match='no access_token'):
        client.get('/api/systemusers')


@pytest.mark.parametrize('kwargs, message', [
    ({}, 'No JumpCloud credentials'),
    ({'api_key': 'k', 'client_id': CLIENT_ID, 'client_secret': SECRET}, 'mutually exclusive'),
    ({'client_id': CLIENT_ID}, 'only client_id is set'),
    ({'client_secret': SECRET}, 'only client_secret is set'),
    ({'api_key': '', 'client_id': '', 'client_secret': ''}, 'No JumpCloud credentials'),
])
def test_credentials_are_checked_before_any_request(kwargs, message):
    session = FakeSession()
    with pytest.raises(JumpCloudValueError, match=message) as err:
        JumpCloudClient(session=session, **kwargs)
    assert SECRET not in str(err.value)
    assert session.sent == []


def test_an_empty_api_key_next_to_a_service_account_is_unset():
    client, dummy_session = make_client(TokenServer(), api_key='')
    client.get('/api/systemusers')


@pytest.mark.parametrize('region, api_url, token_url, expected', [
    ('us', None, None, TOKEN_URL),
    ('eu', None, None, 'https://admin-oauth.id.eu.jumpcloud.com/oauth2/token'),
    ('in', None, None, 'https://admin-oauth.id.in.jumpcloud.com/oauth2/token'),
    ('eu', 'http://127.0.0.1:8900/api', None, 'http://127.0.0.1:8900/oauth2/token'),
    ('eu', 'http://127.0.0.1:8900', 'https://idp.example.com/token', 'https://idp.example.com/token'),
])
def test_token_url(region, api_url, token_url, expected):
    assert token_url_for(region, api_url, token_url) == expected


@pytest.mark.parametrize('region, api_url, expected', [
    ('us', None, 'https://api.jumpcloud.com'),
    ('eu', None, 'https://api.eu.jumpcloud.com'),
    ('in', None, 'https://api.in.jumpcloud.com'),
    ('eu', 'http://127.0.0.1:8900/api/v2', 'http://127.0.0.1:8900'),
])
def test_directory_insights_host(region, api_url, expected):
    assert insights_url_for(region, api_url) == expected


def test_insights_paths_go_to_the_insights_host():
    session = FakeSession(responses=[FakeResponse(200, []), FakeResponse(200, [])])
    client = JumpCloudClient(api_key='k', region='eu', session=session)
    client.request('POST', '/insights/directory/v1/events', body={'service': ['all']}, reads=True)
    client.get('/api/v2/systeminsights/os_version')
    assert [sent[1] for sent in session.sent] == ['https://api.eu.jumpcloud.com/insights/directory/v1/events',
                                                  'https://console.eu.jumpcloud.com/api/v2/systeminsights/os_version']
