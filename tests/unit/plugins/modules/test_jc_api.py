"""jc_api in-process: the operation index, paging, check mode, secrets, and refusals before any request."""

from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _api
from ansible_collections.jcops.jumpcloud.plugins.modules import jc_api
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse

USERS = [{'_id': '{0:024x}'.format(n), 'username': 'user{0}'.format(n)} for n in range(250)]


def api(method, url, kwargs):
    path = url.split('jc.invalid', 1)[1]
    params = kwargs.get('params') or {}
    if method == 'GET' and path == '/api/systemusers':
        page = USERS[params['skip']:params['skip'] + params['limit']]
        return FakeResponse(200, {'totalCount': len(USERS), 'results': page})
    if method == 'GET' and path == '/api/v2/systemgroups':
        groups = [{'id': '{0:024x}'.format(n), 'name': 'g{0}'.format(n)} for n in range(150)]
        return FakeResponse(200, groups[params['skip']:params['skip'] + params['limit']])
    if method == 'POST' and path == '/api/search/systemusers':
        return FakeResponse(200, {'totalCount': 1, 'results': USERS[:1]})
    if method in ('POST', 'PUT'):
        return FakeResponse(200, dict(kwargs['json'], _id='f' * 24))
    return FakeResponse(404, {'code': 404, 'message': 'no such thing', 'status': 'Not Found'})


def sent(session):
    return [(method, url.split('jc.invalid', 1)[1]) for method, url, _kwargs in session.sent]


def test_a_v1_list_is_read_completely(run_module):
    result, session = run_module(jc_api, {'path': '/api/systemusers', 'paginate': True, 'query': {'sort': '_id'}}, api)
    assert not result['failed'] and result['changed'] is False
    assert [user['_id'] for user in result['json']] == [user['_id'] for user in USERS]
    assert len(session.sent) == 3
    assert session.sent[0][2]['params'] == {'sort': '_id', 'limit': 100, 'skip': 0}
    assert result['operation_id'] == 'systemusers_list'


def test_a_v2_list_is_read_until_a_short_page(run_module):
    result, session = run_module(jc_api, {'operation_id': 'getApiV2Systemgroups', 'paginate': True}, api)
    assert len(result['json']) == 150 and len(session.sent) == 2
    assert result['path'] == '/api/v2/systemgroups' and result['operation_id'] == 'groups_system_list'


def test_a_write_in_check_mode_sends_nothing(run_module):
    args = {'operation_id': 'graph_userGroupMembersPost', 'path_params': {'group_id': 'a' * 24},
            'body': {'op': 'add', 'type': 'user', 'id': 'b' * 24}, '_ansible_check_mode': True}
    result, session = run_module(jc_api, args, api)
    assert session.sent == []
    assert result['changed'] is True and result['json'] is None
    assert result['msg'] == 'POST /api/v2/usergroups/{0}/members (graph_userGroupMembersPost) would be sent'.format('a' * 24)
    assert result['request'] == {'method': 'POST', 'path': '/api/v2/usergroups/{0}/members'.format('a' * 24), 'query': {},
                                 'body': {'op': 'add', 'type': 'user', 'id': 'b' * 24}}


def test_a_write_is_sent_once(run_module):
    result, session = run_module(jc_api, {'method': 'POST', 'path': '/api/systemusers', 'body': {'username': 'x', 'email': 'x@example.com'}}, api)
    assert result['changed'] is True and result['json']['_id'] == 'f' * 24
    assert sent(session) == [('POST', '/api/systemusers')]
    assert result['msg'] == 'POST /api/systemusers (systemusers_post) sent'


def test_a_search_post_reads_even_in_check_mode(run_module):
    args = {'method': 'POST', 'path': '/api/search/systemusers', 'body': {'filter': {'and': [{'username': 'user0'}]}},
            '_ansible_check_mode': True}
    result, session = run_module(jc_api, args, api)
    assert result['changed'] is False and result['json']['totalCount'] == 1
    assert sent(session) == [('POST', '/api/search/systemusers')]


def test_secret_body_is_merged_and_never_returned(run_module):
    secret = 'Sh4red-Secret-4711'
    args = {'method': 'PUT', 'path': '/api/radiusservers/{id}', 'path_params': {'id': 'c' * 24},
            'body': {'name': 'Wi-Fi', 'networkSourceIp': '192.0.2.1'}, 'secret_body': {'sharedSecret': secret}}
    result, session = run_module(jc_api, args, api)
    assert session.sent[0][2]['json'] == {'name': 'Wi-Fi', 'networkSourceIp': '192.0.2.1', 'sharedSecret': secret}
    assert sent(session) == [('PUT', '/api/radiusservers/' + 'c' * 24)]


@pytest.mark.parametrize('args, message', [
    ({'path': '/api/nothing/here'}, 'No documented JumpCloud API operation matches GET /api/nothing/here'),
    ({'method': 'PATCH', 'path': '/api/systemusers'}, 'JumpCloud documents no PATCH on /api/systemusers, only GET, POST'),
    ({'operation_id': 'systemusers_lst'}, "No JumpCloud API operation has the operationId 'systemusers_lst'; did you mean systemusers_list"),
    ({'operation_id': 'systemusers_list', 'method': 'POST'}, 'operation_id systemusers_list is GET /api/systemusers, not POST'),
    ({'operation_id': 'systemusers_get'}, 'The path /api/systemusers/{id} needs path_params for: id'),
    ({'path': '/api/systemusers/{id}', 'path_params': {'id': 'x', 'other': 'y'}}, 'path_params other names no placeholder'),
    ({'path': 'https://evil.example.com/api/systemusers'}, 'path starts at the API root'),
    ({'path': '/api/systemusers?limit=1'}, 'carries no query string'),
    ({'path': '/api/systemusers', 'body': {'a': 1}}, 'A GET request takes no body'),
    ({'method': 'POST', 'path': '/api/systemusers', 'paginate': True, 'body': {}}, 'paginate reads the pages of a list'),
    ({'method': 'POST', 'path': '/api/systemusers', 'body': [1], 'secret_body': {'password': 'p'}}, 'which must then be a dict'),
    ({'path': '/api/systemusers', 'operation_id': 'systemusers_list'}, 'mutually exclusive'),
    ({'path': '/api/systemusers', 'api_key': 'k', 'client_id': 'sa_x', 'client_secret': 's'}, 'mutually exclusive'),
])
def test_bad_input_is_refused_before_any_request(run_module, args, message):
    result, session = run_module(jc_api, args, api)
    assert result['failed'] and message in result['msg'], result['msg']
    assert session.sent == []


def test_an_undocumented_path_is_sent_with_validate_false(run_module):
    result, session = run_module(jc_api, {'path': '/api/v2/not-yet-documented', 'validate': False}, api)
    assert result['failed'] and result['status'] == 404 and 'no such thing' in result['msg']
    assert sent(session) == [('GET', '/api/v2/not-yet-documented')]


def test_standardized_ids_follow_from_method_and_path():
    assert _api.standardized_id('POST', '/api/v2/usergroups/{group_id}/members') == 'postApiV2UsergroupsByGroupIdMembers'
    assert _api.standardized_id('post', '/api/runCommand') == 'postApiRuncommand'
    found, methods = _api.index().match('GET', '/api/v2/usergroups/abc/members')
    assert found.op_id == 'graph_userGroupMembersList' and methods == ['GET', 'POST']
    assert _api.index().match('POST', '/insights/directory/v1/events')[0].reads


def test_an_answer_that_echoes_the_key_is_masked(run_module):
    def echo(method, url, kwargs):
        return FakeResponse(200, {'totalCount': 1, 'results': [{'note': 'called with test-key'}]})

    result, dummy_session = run_module(jc_api, {'path': '/api/systemusers'}, echo)
    assert result['json']['results'][0]['note'] == 'called with ********'
