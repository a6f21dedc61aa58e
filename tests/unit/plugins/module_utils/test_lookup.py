from __future__ import annotations

from urllib.parse import urlparse

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudClient
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import field_filters, list_by_ids
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse, FakeSession


def systems_api(count):
    systems = [{'_id': '{0:024x}'.format(n), 'os': 'Windows' if n % 2 else 'Ubuntu'} for n in range(1, count + 1)]

    def handler(method, url, kwargs):
        assert (method, urlparse(url).path) == ('GET', '/api/systems')
        params = kwargs['params']
        filters = params['filter'] if isinstance(params['filter'], list) else [params['filter']]
        results = systems
        for flt in filters:
            field, op, value = flt.split(':', 2)
            assert op in ('$in', '$eq')
            results = [s for s in results if str(s[field]) in value.split('|')]
        return FakeResponse(200, {'totalCount': len(results), 'results': results[params['skip']:params['skip'] + params['limit']]})

    return handler


def client_for(handler):
    session = FakeSession(handler=handler)
    return JumpCloudClient(api_key='k', api_url='http://jc.invalid', session=session), session


def test_list_by_ids_reads_100_ids_per_request():
    client, session = client_for(systems_api(300))
    ids = ['{0:024x}'.format(n) for n in range(250, 0, -1)] + ['f' * 24]
    found = list_by_ids(client, get_kind('system'), ids + ids[:5])
    assert [s['_id'] for s in found] == sorted(ids[:-1])
    assert len(session.sent) == 3
    assert all(len(kwargs['params']['filter'].split('|')) <= 100 for dummy, dummy_url, kwargs in session.sent)


def test_list_by_ids_applies_further_filters():
    client, session = client_for(systems_api(10))
    found = list_by_ids(client, get_kind('system'), ['{0:024x}'.format(n) for n in range(1, 11)], filters=['os:$eq:Windows'])
    assert [int(s['_id'], 16) for s in found] == [1, 3, 5, 7, 9]
    assert session.sent[0][2]['params']['filter'][1] == 'os:$eq:Windows'


def test_list_by_ids_without_ids_sends_nothing():
    client, session = client_for(systems_api(1))
    assert list_by_ids(client, get_kind('system'), []) == []
    assert session.sent == []


def test_field_filters_in_each_api_syntax():
    mapping = {'osFamily': 'linux', 'active': True, 'os': ['Ubuntu', 'Windows']}
    assert field_filters(get_kind('system'), mapping) == ['active:$eq:true', 'os:$in:Ubuntu|Windows', 'osFamily:$eq:linux']
    assert field_filters(get_kind('system_group'), {'name': 'Laptops', 'type': ['a', 'b']}) == ['name:eq:Laptops', 'type:in:a|b']
    assert field_filters(get_kind('system'), None) == []
