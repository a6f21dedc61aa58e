from __future__ import annotations

import email.utils
import threading
import time

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


def test_post_is_retried_on_429_only():
    client, session, dummy_sleeps = make_client([FakeResponse(503, {'message': 'unavailable'}), FakeResponse(200, {})])
    with pytest.raises(JumpCloudError) as err:
        client.write('POST', '/api/systemusers', body={'username': 'a'}, operation="create user 'a'")
    assert err.value.status == 503
    assert len(session.sent) == 1
    assert str(err.value) == "Failed to create user 'a': HTTP 503: unavailable"


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
    assert str(err.value) == "Failed to read user 'abc': HTTP {0}: the reason".format(status)


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
