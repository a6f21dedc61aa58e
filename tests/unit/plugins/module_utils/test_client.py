from __future__ import annotations

import email.utils
import json
import threading
import time
from urllib.parse import quote

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import (
    JumpCloudAuthError,
    JumpCloudClient,
    JumpCloudConflict,
    JumpCloudError,
    JumpCloudGateError,
    JumpCloudNotFound,
    JumpCloudTransportError,
    JumpCloudValueError,
    backoff_delay,
    base_url_for,
    parse_retry_after,
)
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse, FakeSession, connection_error

KEY = 'jca_0123456789abcdef0123456789abcdef0123'


def make_client(responses=None, handler=None, **kwargs):
    sleeps = []
    session = FakeSession(responses=responses, handler=handler)
    kwargs.setdefault('max_retries', 3)
    client = JumpCloudClient(api_key=KEY, session=session, sleep=sleeps.append, **kwargs)
    return client, session, sleeps


def test_headers_and_base_url():
    client, session, dummy_sleeps = make_client([FakeResponse(200, {'ok': True})], org_id='5f' * 12, region='eu')
    assert client.get('/api/systemusers') == {'ok': True}
    method, url = session.sent[0][:2]
    assert (method, url) == ('GET', 'https://console.eu.jumpcloud.com/api/systemusers')
    assert session.headers['x-api-key'] == KEY
    assert session.headers['x-org-id'] == '5f' * 12


@pytest.mark.parametrize('region, api_url, expected', [
    ('us', None, 'https://console.jumpcloud.com'),
    ('in', None, 'https://console.in.jumpcloud.com'),
    ('eu', 'http://127.0.0.1:8900/', 'http://127.0.0.1:8900'),
    ('us', 'https://proxy.example.com/api', 'https://proxy.example.com'),
    ('us', 'https://proxy.example.com/api/v2', 'https://proxy.example.com'),
])
def test_base_url(region, api_url, expected):
    assert base_url_for(region, api_url) == expected


def test_unknown_region_is_refused():
    with pytest.raises(JumpCloudValueError, match='Unknown JumpCloud region'):
        base_url_for('mars')


def test_missing_key_is_refused():
    with pytest.raises(JumpCloudValueError, match='No JumpCloud credentials: set api_key .* or the client_id and client_secret'):
        JumpCloudClient(api_key='', session=FakeSession())


def test_429_honours_retry_after_seconds():
    client, session, sleeps = make_client([
        FakeResponse(429, {'message': 'slow down'}, {'Retry-After': '3'}),
        FakeResponse(200, {'ok': 1}),
    ])
    assert client.get('/api/systemusers') == {'ok': 1}
    assert len(session.sent) == 2
    assert sleeps and 2.9 <= sleeps[0] <= 3.0


def test_429_honours_retry_after_http_date():
    when = email.utils.formatdate(time.time() + 7, usegmt=True)
    client, dummy_session, sleeps = make_client([FakeResponse(429, {}, {'Retry-After': when}), FakeResponse(204)])
    assert client.write('POST', '/api/v2/usergroups/x/members', body={'op': 'add'}) is None
    assert 5.0 <= sleeps[0] <= 7.5


def test_the_write_gate_sends_nothing_in_check_mode_and_refuses_writes_around_it():
    client, session, dummy_sleeps = make_client([FakeResponse(200, {'ok': 1})] * 3, check_mode=True)
    assert client.write('POST', '/api/systemusers', body={'username': 'a'}, operation="create user 'a'", preview={'p': 1}) == {'p': 1}
    assert client.write('DELETE', '/api/systemusers/abc') is None
    assert session.sent == []
    assert [(method, path) for method, path, dummy in client.writes] == [('POST', '/api/systemusers'), ('DELETE', '/api/systemusers/abc')]
    for method in ('POST', 'PUT', 'PATCH', 'DELETE'):
        with pytest.raises(JumpCloudGateError, match='bypassed the write gate'):
            client.request(method, '/api/systemusers')
    with pytest.raises(JumpCloudGateError):
        client.write('GET', '/api/systemusers')
    assert session.sent == []
    assert client.request('POST', '/api/search/systemusers', body={}, reads=True) == {'ok': 1}   # a search reads
    assert client.get('/api/systemusers') == {'ok': 1}
    assert len(session.sent) == 2


def test_writes_around_the_gate_are_refused_outside_check_mode_too():
    client, session, dummy_sleeps = make_client([FakeResponse(200, {'ok': 1})])
    with pytest.raises(JumpCloudGateError):
        client.request('PUT', '/api/systemusers/abc', body={})
    assert session.sent == []
    assert client.write('PUT', '/api/systemusers/abc', body={}) == {'ok': 1}


def test_parse_retry_after():
    assert parse_retry_after('12') == 12.0
    assert parse_retry_after(None) is None
    assert parse_retry_after('soon') is None
    assert parse_retry_after(email.utils.formatdate(1000, usegmt=True), now=990) == pytest.approx(10)
    assert parse_retry_after(email.utils.formatdate(1000, usegmt=True), now=2000) == 0


@pytest.mark.parametrize('status', [429, 503])
def test_post_is_retried_on_429_and_503(status):
    client, session, sleeps = make_client([FakeResponse(status, {'message': 'busy'}), FakeResponse(200, {'_id': 'a'})])
    assert client.write('POST', '/api/systemusers', body={'username': 'a'}, operation="create user 'a'") == {'_id': 'a'}
    assert len(session.sent) == 2 and sleeps


@pytest.mark.parametrize('status', [500, 502, 504])
def test_post_is_not_retried_on_other_5xx(status):
    client, session, dummy_sleeps = make_client([FakeResponse(status, {'message': 'unavailable'}), FakeResponse(200, {})])
    with pytest.raises(JumpCloudError) as err:
        client.write('POST', '/api/systemusers', body={'username': 'a'}, operation="create user 'a'")
    assert err.value.status == status
    assert len(session.sent) == 1
    assert str(err.value) == "Failed to create user 'a': HTTP {0}: unavailable".format(status)


def test_503_gives_up_with_a_clear_message():
    client, session, dummy_sleeps = make_client([FakeResponse(503, {'message': 'unavailable'})] * 5, max_retries=2)
    with pytest.raises(JumpCloudError) as err:
        client.write('POST', '/api/systemusers', body={'username': 'a'}, operation="create user 'a'")
    assert str(err.value) == "Failed to create user 'a': HTTP 503: unavailable (service unavailable; gave up after 2 retries)"
    assert len(session.sent) == 3


def test_post_is_not_retried_after_connection_error():
    client, session, dummy_sleeps = make_client([connection_error(), FakeResponse(200, {})])
    with pytest.raises(JumpCloudTransportError):
        client.write('POST', '/api/systemusers', body={})
    assert len(session.sent) == 1


@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE'])
def test_idempotent_methods_are_retried_on_5xx_and_connection_errors(method):
    client, session, sleeps = make_client([
        FakeResponse(500, {'message': 'boom'}), connection_error(), FakeResponse(502, text='<html>bad gateway</html>'),
        FakeResponse(200, {'done': True}),
    ])
    send = client.get if method == 'GET' else lambda path: client.write(method, path)
    assert send('/api/systemusers/abc') == {'done': True}
    assert len(session.sent) == 4
    assert len(sleeps) == 3


@pytest.mark.parametrize('first', [_client.requests.exceptions.ReadTimeout('read timed out'),
                                   FakeResponse(500, {'message': 'boom'}), FakeResponse(503, {'message': 'busy'})])
def test_a_delete_whose_retry_finds_nothing_is_done(first):
    """The first attempt may have deleted the object (no answer, a server error): a 404 to the retry says it is gone."""
    client, session, dummy_sleeps = make_client([first, FakeResponse(404, {'message': 'user abc not found'})])
    assert client.write('DELETE', '/api/systemusers/abc', operation="delete user 'a'") is None
    assert [request[0] for request in session.sent] == ['DELETE', 'DELETE']


def test_a_delete_that_finds_nothing_at_once_fails_and_other_retries_still_fail_on_404():
    client, dummy_session, dummy_sleeps = make_client([FakeResponse(404, {'message': 'user abc not found'})])
    with pytest.raises(JumpCloudNotFound):
        client.write('DELETE', '/api/systemusers/abc', operation="delete user 'a'")
    for method in ('GET', 'PUT'):
        client, dummy_session, dummy_sleeps = make_client([FakeResponse(500, {}), FakeResponse(404, {'message': 'gone'})])
        with pytest.raises(JumpCloudNotFound):
            client.request(method, '/api/systemusers/abc') if method == 'GET' else client.write(method, '/api/systemusers/abc')


def test_retries_are_bounded_by_max_retries():
    client, session, sleeps = make_client([FakeResponse(500, {'message': 'boom'})] * 10, max_retries=2)
    with pytest.raises(JumpCloudError) as err:
        client.get('/api/systemusers')
    assert err.value.status == 500
    assert len(session.sent) == 3
    assert len(sleeps) == 2


def test_rate_limit_gives_up_with_a_clear_message():
    client, session, dummy_sleeps = make_client([FakeResponse(429, {'message': 'Too Many Requests'}, {'Retry-After': '1'})] * 5, max_retries=2)
    with pytest.raises(JumpCloudError) as err:
        client.get('/api/systemusers', operation='list users')
    assert err.value.status == 429
    assert 'rate limited; gave up after 2 retries' in str(err.value)
    assert len(session.sent) == 3


def test_retries_are_bounded_by_the_deadline():
    client, session, sleeps = make_client([FakeResponse(429, {}, {'Retry-After': '600'}), FakeResponse(200, {})], deadline=60)
    with pytest.raises(JumpCloudError):
        client.get('/api/systemusers')
    assert len(session.sent) == 1
    assert not sleeps


def test_backoff_bounds():
    for attempt in range(12):
        step = min(_client.BACKOFF_CAP, _client.BACKOFF_BASE * 2 ** attempt)
        assert backoff_delay(attempt, rand=lambda: 0.0) == step / 2
        assert backoff_delay(attempt, rand=lambda: 1.0) == step
    assert backoff_delay(50, rand=lambda: 1.0) == _client.BACKOFF_CAP
    values = {backoff_delay(3) for dummy in range(20)}
    assert len(values) > 1
    assert all(4.0 <= value <= 8.0 for value in values)


@pytest.mark.parametrize('status, cls', [
    (401, JumpCloudAuthError), (403, JumpCloudAuthError), (404, JumpCloudNotFound), (409, JumpCloudConflict), (400, JumpCloudError),
])
def test_error_mapping(status, cls):
    client, dummy_session, dummy_sleeps = make_client([FakeResponse(status, {'code': status, 'message': 'the reason', 'status': 'X'})])
    with pytest.raises(cls) as err:
        client.get('/api/systemusers/abc', operation="read user 'abc'")
    assert err.value.status == status
    assert str(err.value).startswith("Failed to read user 'abc': HTTP {0}: the reason".format(status))


def test_api_key_never_appears_in_errors():
    echo = {'message': 'bad key {0}'.format(KEY)}
    client, dummy_session, dummy_sleeps = make_client([FakeResponse(401, echo), connection_error()])
    with pytest.raises(JumpCloudAuthError) as err:
        client.get('/api/systemusers')
    assert KEY not in str(err.value)
    assert '********' in str(err.value)

    def leaky(method, url, kwargs):
        raise _client.requests.ConnectionError('failed with header x-api-key={0}'.format(KEY))

    client, dummy_session, dummy_sleeps = make_client(handler=leaky, max_retries=0)
    with pytest.raises(JumpCloudTransportError) as err:
        client.get('/api/systemusers')
    assert KEY not in str(err.value)


def test_error_without_json_body():
    client, dummy_session, dummy_sleeps = make_client([FakeResponse(400, text='plain failure')])
    with pytest.raises(JumpCloudError, match='plain failure'):
        client.get('/api/systemusers')


def _pager(total, v1):
    items = [{'_id': '{0:024x}'.format(n)} for n in range(total)]

    def handler(method, url, kwargs):
        params = kwargs['params']
        assert params['limit'] <= 100
        page = items[params['skip']:params['skip'] + params['limit']]
        return FakeResponse(200, {'totalCount': total, 'results': page} if v1 else page)
    return handler


@pytest.mark.parametrize('total, v1_requests, v2_requests', [(0, 1, 1), (1, 1, 1), (100, 1, 2), (101, 2, 2), (250, 3, 3)])
def test_pagination_reads_everything(total, v1_requests, v2_requests):
    for v1, expected_requests in ((True, v1_requests), (False, v2_requests)):
        client, session, dummy_sleeps = make_client(handler=_pager(total, v1))
        items = client.list('/api/systemusers', params={'sort': '_id'})
        assert [item['_id'] for item in items] == ['{0:024x}'.format(n) for n in range(total)]
        assert len(session.sent) == expected_requests
        assert all(kwargs['params']['sort'] == '_id' for dummy_method, dummy_url, kwargs in session.sent)


def test_pagination_stops_on_an_empty_page_when_the_total_shrinks():
    responses = [FakeResponse(200, {'totalCount': 300, 'results': [{'_id': 'a'}] * 100}), FakeResponse(200, {'totalCount': 300, 'results': []})]
    client, session, dummy_sleeps = make_client(responses)
    assert len(client.list('/api/systemusers')) == 100
    assert len(session.sent) == 2


def test_unexpected_list_response():
    client, dummy_session, dummy_sleeps = make_client([FakeResponse(200, {'something': 'else'})])
    with pytest.raises(JumpCloudError, match='unexpected list response'):
        client.list('/api/systemusers')


def test_concurrent_requests_keep_order():
    def handler(method, url, kwargs):
        return FakeResponse(200, {'url': url})
    client, session, dummy_sleeps = make_client(handler=handler)
    results = client.map_concurrent(lambda n: client.get('/api/systems/{0}'.format(n)), range(20), workers=4)
    assert [r['url'].rsplit('/', 1)[1] for r in results] == [str(n) for n in range(20)]
    assert client.request_count == 20


@pytest.mark.parametrize('total, v1_requests, v2_requests', [(0, 1, 1), (1, 1, 1), (100, 1, 2), (101, 2, 2), (250, 3, 3), (1000, 10, 11)])
def test_concurrent_pagination_sends_the_same_pages(total, v1_requests, v2_requests):
    for v1, expected_requests in ((True, v1_requests), (False, v2_requests)):
        client, session, dummy_sleeps = make_client(handler=_pager(total, v1))
        items = client.list('/api/systems', params={'sort': '_id'}, workers=4)
        assert [item['_id'] for item in items] == ['{0:024x}'.format(n) for n in range(total)]
        skips = sorted(kwargs['params']['skip'] for dummy_method, dummy_url, kwargs in session.sent)
        assert skips == list(range(0, expected_requests * 100, 100))
        assert client.request_count == expected_requests


def test_concurrent_pagination_runs_pages_side_by_side():
    in_flight, most = [0], [0]
    lock = threading.Lock()
    pager = _pager(1000, True)

    def handler(method, url, kwargs):
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.02)
        with lock:
            in_flight[0] -= 1
        return pager(method, url, kwargs)

    client, dummy_session, dummy_sleeps = make_client(handler=handler)
    assert len(client.list('/api/systems', workers=4)) == 1000
    assert most[0] == 4


def test_concurrent_pagination_starts_at_skip_and_reads_on_when_the_total_grows():
    items = [{'_id': '{0:024x}'.format(n)} for n in range(350)]
    seen = []

    def handler(method, url, kwargs):
        skip = kwargs['params']['skip']
        seen.append(skip)
        # the total grows from 250 to 350 while the walk is under way
        total = 250 if skip == 100 else 350
        return FakeResponse(200, {'totalCount': total, 'results': items[skip:min(skip + 100, total)]})

    client, dummy_session, dummy_sleeps = make_client(handler=handler)
    found = client.list('/api/systems', workers=4, skip=100)
    assert [item['_id'] for item in found] == [item['_id'] for item in items[100:]]
    assert sorted(seen) == [100, 200, 300]


def test_concurrent_pagination_of_a_shrinking_list_ends_with_what_is_there():
    def handler(method, url, kwargs):
        skip = kwargs['params']['skip']
        if skip == 0:
            return FakeResponse(200, {'totalCount': 300, 'results': [{'_id': str(n)} for n in range(100)]})
        return FakeResponse(200, {'totalCount': 150, 'results': [{'_id': str(n)} for n in range(skip, 150)]})

    client, session, dummy_sleeps = make_client(handler=handler)
    assert [item['_id'] for item in client.list('/api/systems', workers=4)] == [str(n) for n in range(150)]
    assert len(session.sent) == 3


# -- hostile settings and faults ---------------------------------------------------------------


class CapturingAdapter(_client.HTTPAdapter):
    """A transport adapter for a real requests.Session: records what requests would send (after it merged the
    environment's settings) and answers 200 ``{}`` without a network."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def send(self, request, **kwargs):  # pylint: disable=arguments-differ
        self.sent.append((request, kwargs))
        response = _client.requests.Response()
        response.status_code = 200
        response._content = b'{}'  # pylint: disable=protected-access
        response.request = request
        return response


def real_client(adapter=None, **kwargs):
    """(client, adapter): a client on a real requests.Session whose transport is ``adapter`` (a CapturingAdapter);
    an API key unless a service account is given."""
    session = _client.requests.Session()
    adapter = adapter or CapturingAdapter()
    session.mount('https://', adapter)
    session.mount('http://', adapter)
    if 'client_id' not in kwargs:
        kwargs.setdefault('api_key', KEY)
    return JumpCloudClient(session=session, sleep=lambda seconds: None, **kwargs), adapter


@pytest.mark.parametrize('raw', [KEY + '\n', KEY + '\r\n', '  ' + KEY + '\t\n'])
def test_api_key_is_sent_without_surrounding_whitespace(raw):
    client, adapter = real_client(api_key=raw, org_id='0123456789abcdef01234567\r\n')
    client.get('/api/systemusers')
    request = adapter.sent[0][0]
    assert request.headers['x-api-key'] == KEY
    assert request.headers['x-org-id'] == '0123456789abcdef01234567'


@pytest.mark.parametrize('option, value, what', [
    ('api_key', 'jca_k\u00e9y\u20ac', 'a non-ASCII character at position 6'),
    ('api_key', 'jca_two\nlines', 'a space or a control character at position 8'),
    ('api_key', 'jca_nul\x00', 'a space or a control character at position 8'),
    ('api_key', ' \n', 'api_key is empty'),
    ('org_id', '0123\r\nx-injected: 1', 'a space or a control character at position 5'),
    ('org_id', 'org\u00e9', 'a non-ASCII character at position 4'),
])
def test_header_values_that_cannot_be_sent_are_refused_before_any_request(option, value, what):
    kwargs = {option: value}
    with pytest.raises(JumpCloudValueError) as err:
        real_client(**kwargs)
    assert option in str(err.value) and what in str(err.value)
    assert not value.strip() or value.strip() not in str(err.value)


def test_every_form_of_the_key_is_scrubbed():
    secret = 'jca_my-key\n'
    client, dummy_adapter = real_client(api_key=secret)
    forms = ["'jca_my-key\\n'", 'jca_my-key', '"jca_my-key\\n"', 'jca_my-key%0A', 'jca_my-key\\n']
    for form in forms:
        assert 'jca_my-key' not in client.scrub('header value: {0} rejected'.format(form)), form
    # a key with characters that every escaping changes
    odd = 'jca_a/b+c\\d'
    client, dummy_adapter = real_client(api_key=odd)
    for form in (odd, repr(odd), odd.replace('\\', '\\\\'), 'jca_a%2Fb%2Bc%5Cd'):
        assert client.scrub('got ' + form) in ("got ********", "got '********'"), form


def test_the_secrets_a_request_carries_are_scrubbed_from_an_answer_that_quotes_it():
    """A module's no_log values (nested ones and numbers too, added at any time) are scrubbed like the key, and a long
    answer is cut only after scrubbing, so that no part of a secret is left."""
    password, pin = 'pw-"with"-\\-quotes', 802731
    client, dummy_session, dummy_sleeps = make_client(secrets=[password])
    client.add_secrets({'device': {'pin': pin}, 'flags': [True, None]})
    assert set(client.secrets()) >= {KEY, password, '802731'}
    assert 'True' not in client.secrets()
    body = json.dumps({'password': password, 'pin': pin})
    answers = [FakeResponse(400, {'message': 'rejected: ' + body}),
               FakeResponse(400, text='rejected: ' + '.' * (300 - len('rejected: ') - body.index('pw-') - 4) + body),
               FakeResponse(400, {'error': 'rejected: {0!r} and {1}'.format(password, quote(password))})]
    for answer in answers:
        client.session.responses = [answer]
        with pytest.raises(JumpCloudError) as err:
            client.get('/api/systemusers')
        assert 'pw-' not in str(err.value) and '802731' not in str(err.value) and '****' in str(err.value), str(err.value)


def test_a_header_error_from_requests_is_never_retried_and_never_shows_the_key():
    """requests quotes a refused header value escaped ('key\\n'): the message must not hold it in any form."""
    def refuse(method, url, kwargs):
        raise _client.requests.exceptions.InvalidHeader(
            "Invalid leading whitespace, reserved character(s), or return character(s) in header value: {0!r}".format(KEY + '\n'))

    client, session, sleeps = make_client(handler=refuse, max_retries=5)
    with pytest.raises(JumpCloudTransportError) as err:
        client.get('/api/systemusers', operation="find user 'alice'")
    assert len(session.sent) == 1 and not sleeps
    assert KEY not in str(err.value) and KEY[4:] not in str(err.value)


@pytest.mark.parametrize('exc', [
    _client.requests.exceptions.InvalidURL('Failed to parse: Host contains invalid character'),
    _client.requests.exceptions.InvalidSchema('No connection adapters were found'),
    _client.requests.exceptions.MissingSchema('Invalid URL: No scheme supplied'),
    UnicodeEncodeError('latin-1', 'x', 0, 1, 'ordinal not in range(256)'),
    _client.requests.exceptions.SSLError('[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed'),
])
def test_requests_that_cannot_succeed_are_not_retried(exc):
    client, session, sleeps = make_client([exc, FakeResponse(200, {})], max_retries=5)
    with pytest.raises(JumpCloudTransportError):
        client.get('/api/systemusers')
    assert len(session.sent) == 1 and not sleeps


@pytest.mark.parametrize('url, problem', [
    ('htp://console.example.com', 'the scheme must be http or https'),
    ('ftp://console.example.com', 'the scheme must be http or https'),
    ('not a url', 'the scheme must be http or https'),
    ('http://', 'there is no host'),
    ('https://:443', 'there is no host'),
    ('https://console.example.com:99999', 'Port out of range'),
    ('https://console.example.com/api?x=1', 'a query string or fragment'),
    ('https://exa mple.com', 'a space, a control character or a non-ASCII character'),
])
def test_malformed_api_url_is_refused_before_any_request(url, problem):
    with pytest.raises(JumpCloudValueError) as err:
        real_client(api_url=url)
    assert str(err.value).startswith('api_url must be the console root URL') and problem in str(err.value)


def test_api_url_credentials_are_not_shown():
    with pytest.raises(JumpCloudValueError) as err:
        real_client(api_url='ftp://admin:hunter2@proxy.example.com')
    assert 'hunter2' not in str(err.value) and 'proxy.example.com' in str(err.value)


def test_api_url_is_stripped():
    client, adapter = real_client(api_url=' http://127.0.0.1:8900/api/\n')
    client.get('/api/systemusers')
    assert adapter.sent[0][0].url == 'http://127.0.0.1:8900/api/systemusers'


@pytest.mark.parametrize('option, value', [
    ('timeout', 0), ('timeout', -1), ('timeout', 10 ** 12), ('timeout', 301), ('timeout', True),
    ('max_retries', -3), ('max_retries', 21), ('max_retries', 10 ** 6),
])
def test_numeric_settings_out_of_range_are_refused(option, value):
    with pytest.raises(JumpCloudValueError) as err:
        real_client(**{option: value})
    assert str(err.value).startswith('{0} must be a whole number from'.format(option))


@pytest.mark.parametrize('variable', ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'])
@pytest.mark.parametrize('validate_certs', [False, True])
def test_validate_certs_holds_against_ca_bundle_variables(monkeypatch, tmp_path, variable, validate_certs):
    bundle = tmp_path / 'corporate-ca.pem'
    bundle.write_text('')
    for name in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, str(bundle))
    client, adapter = real_client(api_url='https://console.example.com', validate_certs=validate_certs)
    client.get('/api/systemusers')
    client.write('PUT', '/api/systemusers/abc', body={})
    for dummy_request, kwargs in adapter.sent:
        # verification off stays off; on, the environment's bundle (a corporate CA) is used
        assert kwargs['verify'] == (str(bundle) if validate_certs else False)


def test_authentication_failure_names_the_likely_causes_without_the_key():
    client, dummy_session, dummy_sleeps = make_client([FakeResponse(401, {'message': 'Unauthorized {0}'.format(KEY)})])
    with pytest.raises(JumpCloudAuthError) as err:
        client.get('/api/systemusers', operation="find user 'alice'")
    text = str(err.value)
    assert KEY not in text
    for cause in ('api_key', 'revoked', 'region', 'org_id'):
        assert cause in text


def test_a_write_that_timed_out_may_have_been_applied():
    client, session, dummy_sleeps = make_client([_client.requests.exceptions.ReadTimeout('read timed out')], timeout=7)
    with pytest.raises(JumpCloudTransportError) as err:
        client.write('POST', '/api/systemusers', body={'username': 'a'}, operation="create user 'a'")
    assert len(session.sent) == 1
    assert 'no answer within 7 seconds' in str(err.value)
    assert 'the change may already have been applied' in str(err.value)


def test_an_update_that_kept_timing_out_may_have_been_applied():
    client, session, dummy_sleeps = make_client([_client.requests.exceptions.ReadTimeout('read timed out')] * 3, max_retries=2)
    with pytest.raises(JumpCloudTransportError) as err:
        client.write('PUT', '/api/systemusers/abc', body={}, operation="update user 'a'")
    assert len(session.sent) == 3
    assert 'the change may already have been applied' in str(err.value)


def test_a_write_that_never_left_is_retried_and_says_nothing_was_sent():
    refused = _client.requests.exceptions.ConnectTimeout('connect timed out')
    client, session, dummy_sleeps = make_client([refused, FakeResponse(200, {'_id': 'a'})])
    assert client.write('POST', '/api/systemusers', body={'username': 'a'}) == {'_id': 'a'}
    client, session, dummy_sleeps = make_client([refused] * 3, max_retries=2)
    with pytest.raises(JumpCloudTransportError) as err:
        client.write('POST', '/api/systemusers', body={'username': 'a'})
    assert len(session.sent) == 3
    assert 'nothing was sent' in str(err.value) and 'may already' not in str(err.value)


def test_a_read_timeout_on_a_read_is_plain():
    client, dummy_session, dummy_sleeps = make_client([_client.requests.exceptions.ReadTimeout('read timed out')], max_retries=0)
    with pytest.raises(JumpCloudTransportError) as err:
        client.get('/api/systemusers')
    assert 'applied' not in str(err.value) and 'nothing was sent' not in str(err.value)


# -- the same for a service account ------------------------------------------------------------------


class TokenAdapter(CapturingAdapter):
    """Answers the token request with a token, every other request with 200 ``{}``."""

    def send(self, request, **kwargs):  # pylint: disable=arguments-differ
        response = super().send(request, **kwargs)
        if request.url.endswith('/oauth2/token'):
            response._content = b'{"access_token": "tok-0123456789abcdef", "expires_in": 3600}'  # pylint: disable=protected-access
        return response


def service_account_client(**kwargs):
    kwargs.setdefault('client_id', 'sa-0123456789abcdef')
    kwargs.setdefault('client_secret', 'sa-secret-0123456789abcdef')
    return real_client(TokenAdapter(), **kwargs)


def test_service_account_credentials_are_sent_without_surrounding_whitespace():
    client, adapter = service_account_client(client_id='sa-0123456789abcdef\n', client_secret='sa-secret-0123456789abcdef\r\n')
    client.get('/api/systemusers')
    token_request = adapter.sent[0][0]
    expected = _client.requests.auth._basic_auth_str('sa-0123456789abcdef', 'sa-secret-0123456789abcdef')  # pylint: disable=protected-access
    assert token_request.headers['Authorization'] == expected


@pytest.mark.parametrize('option, value', [('client_id', 'sa-\u00e9'), ('client_secret', 'two\nlines'), ('client_secret', 'nul\x00')])
def test_service_account_credentials_that_cannot_be_sent_are_refused(option, value):
    with pytest.raises(JumpCloudValueError) as err:
        service_account_client(**{option: value})
    assert str(err.value).startswith(option) and value.strip() not in str(err.value)


def test_malformed_token_url_is_refused_before_any_request():
    with pytest.raises(JumpCloudValueError) as err:
        service_account_client(token_url='htp://oauth.example.com/token')
    assert str(err.value).startswith('token_url must be the URL of the OAuth token endpoint')


def test_validate_certs_holds_for_the_token_request_too(monkeypatch, tmp_path):
    bundle = tmp_path / 'corporate-ca.pem'
    bundle.write_text('')
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', str(bundle))
    client, adapter = service_account_client(api_url='https://console.example.com', validate_certs=False)
    client.get('/api/systemusers')
    assert [kwargs['verify'] for dummy, kwargs in adapter.sent] == [False, False]


def test_a_refused_service_account_names_the_likely_causes_without_its_secrets():
    secret = 'sa-secret-0123456789abcdef'

    def api(method, url, kwargs):
        if url.endswith('/oauth2/token'):
            return FakeResponse(200, {'access_token': 'tok-0123456789abcdef', 'expires_in': 3600})
        return FakeResponse(401, {'message': 'bad token tok-0123456789abcdef'})

    client = JumpCloudClient(client_id='sa-0123456789abcdef', client_secret=secret, session=FakeSession(handler=api),
                             sleep=lambda seconds: None)
    with pytest.raises(JumpCloudAuthError) as err:
        client.get('/api/systemusers', operation="find user 'alice'")
    text = str(err.value)
    assert 'tok-0123456789abcdef' not in text and secret not in text
    for cause in ('client_id', 'client_secret', 'region', 'org_id'):
        assert cause in text
