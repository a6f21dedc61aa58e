from __future__ import annotations

import json
from urllib.parse import urlparse

from ansible_collections.jcops.jumpcloud.plugins.modules import jc_user
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse

WRITES = ('POST', 'PUT', 'PATCH', 'DELETE')


class UsersApi:
    """Just enough of /api/systemusers for the module's flows."""

    def __init__(self, *users):
        self.users = {}
        for user in users:
            self.add(dict(user))

    def add(self, user):
        user.setdefault('_id', '{0:024x}'.format(len(self.users) + 1))
        user.setdefault('state', 'ACTIVATED')
        user.setdefault('account_locked', False)
        self.users[user['_id']] = user
        return user

    def __call__(self, method, url, kwargs):
        parts = urlparse(url).path.split('/')[3:]
        params = kwargs.get('params') or {}
        if parts == [] or parts == ['']:
            parts = []
        if not parts and method == 'GET':
            results = list(self.users.values())
            filters = params.get('filter')
            for flt in [filters] if isinstance(filters, str) else (filters or []):
                field, value = flt.split(':', 2)[0::2]
                results = [u for u in results if str(u.get(field)) == value]
            page = results[params['skip']:params['skip'] + params['limit']]
            return FakeResponse(200, {'totalCount': len(results), 'results': page})
        if not parts and method == 'POST':
            body = dict(kwargs['json'])
            body.pop('password', None)
            return FakeResponse(200, self.add(body))
        user = self.users.get(parts[0])
        if user is None:
            return FakeResponse(404, {'code': 404, 'message': 'not found', 'status': 'Not Found'})
        if len(parts) == 1 and method == 'GET':
            return FakeResponse(200, user)
        if len(parts) == 1 and method == 'PUT':
            body = dict(kwargs['json'])
            body.pop('password', None)
            user.update(body)
            return FakeResponse(200, user)
        if len(parts) == 1 and method == 'DELETE':
            return FakeResponse(200, self.users.pop(parts[0]))
        action = '/'.join(parts[1:])
        user.update({'state/suspend': {'state': 'SUSPENDED', 'suspended': True},
                     'state/activate': {'state': 'ACTIVATED', 'suspended': False},
                     'unlock': {'account_locked': False}, 'expire': {'password_expired': True}}.get(action, {}))
        return FakeResponse(200, text='"ok"')


def writes(session):
    return [(method, urlparse(url).path, kwargs.get('json'), kwargs.get('params')) for method, url, kwargs in session.sent if method in WRITES]


BOSS = {'_id': 'b' * 24, 'username': 'boss', 'email': 'boss@example.com'}


def test_create_sends_only_given_fields_and_hides_the_password(run_module):
    api = UsersApi(BOSS)
    result, session = run_module(jc_user, dict(username='jdoe', email='jdoe@example.com', department='Eng', manager='boss',
                                               password='S3cret!pass', phone_numbers=[dict(number='1', type='work')]), api)
    assert result['changed'] and not result['failed']
    [(method, path, body, dummy_params)] = writes(session)
    assert (method, path) == ('POST', '/api/systemusers')
    assert body == {'username': 'jdoe', 'email': 'jdoe@example.com', 'department': 'Eng', 'manager': 'b' * 24,
                    'password': 'S3cret!pass', 'phoneNumbers': [{'number': '1', 'type': 'work'}]}
    assert result['diff']['before'] == {}
    assert result['diff']['after']['manager'] == 'boss'
    assert result['diff']['after']['password'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert 'S3cret!pass' not in json.dumps(result)
    assert result['user']['username'] == 'jdoe' and 'password' not in result['user']
    assert result['msg'] == "User 'jdoe' created"


def test_check_mode_create_sends_no_write(run_module):
    api = UsersApi()
    result, session = run_module(jc_user, dict(username='jdoe', email='jdoe@example.com', suspended=True, _ansible_check_mode=True), api)
    assert result['changed']
    assert writes(session) == []
    assert result['diff']['after']['suspended'] is True
    assert result['msg'] == "User 'jdoe' would be created"
    assert not api.users


def test_second_run_is_unchanged_and_update_sends_only_the_difference(run_module):
    api = UsersApi(BOSS, {'username': 'jdoe', 'email': 'jdoe@example.com', 'department': 'Sales', 'manager': 'b' * 24,
                          'phoneNumbers': [{'id': 'p1', 'number': '1', 'type': 'work'}]})
    args = dict(username='jdoe', email='jdoe@example.com', department='Sales', manager='boss', phone_numbers=[dict(number='1', type='work')],
                password='ignored-on-update')
    result, session = run_module(jc_user, args, api)
    assert not result['changed'] and writes(session) == []
    assert result['diff']['before'] == result['diff']['after']

    result, session = run_module(jc_user, dict(args, department='Engineering'), api)
    assert result['changed']
    [(method, path, body, dummy_params)] = writes(session)
    assert method == 'PUT' and body == {'department': 'Engineering'}
    assert result['diff']['before']['department'] == 'Sales' and result['diff']['after']['department'] == 'Engineering'

    result, session = run_module(jc_user, dict(args, department='Engineering', update_password='always'), api)
    assert result['changed']
    assert writes(session)[0][2] == {'password': 'ignored-on-update'}


def test_unknown_manager_and_missing_email_fail_before_any_write(run_module):
    result, session = run_module(jc_user, dict(username='jdoe', email='jdoe@example.com', manager='nobody'), UsersApi())
    assert result['failed'] and "manager: no user named or with id 'nobody'" in result['msg']
    assert writes(session) == []
    result, session = run_module(jc_user, dict(username='jdoe', firstname='Jane'), UsersApi())
    assert result['failed'] and result['msg'] == "Cannot create user 'jdoe': email is required to create it"
    assert writes(session) == []


def test_lifecycle_actions(run_module):
    api = UsersApi({'username': 'jdoe', 'email': 'j@example.com', 'account_locked': True})
    result, session = run_module(jc_user, dict(username='jdoe', suspended=True, account_locked=False), api)
    assert [w[1].split('/', 4)[-1] for w in writes(session)] == ['state/suspend', 'unlock']
    assert result['diff']['before']['suspended'] is False and result['diff']['after']['suspended'] is True
    assert result['user']['state'] == 'SUSPENDED'
    result, session = run_module(jc_user, dict(username='jdoe', suspended=True, account_locked=False), api)
    assert not result['changed'] and writes(session) == []
    result, session = run_module(jc_user, dict(username='jdoe', account_locked=True), api)
    assert result['failed'] and 'account_locked=true is not possible' in result['msg'] and writes(session) == []
    result, session = run_module(jc_user, dict(username='jdoe', reset_mfa=True), api)
    assert result['changed'] and writes(session)[0][1].endswith('/resetmfa')


def test_ambiguous_name_is_an_error(run_module):
    api = UsersApi({'username': 'twin', 'email': 'a@example.com'}, {'username': 'twin', 'email': 'b@example.com'})
    result = run_module(jc_user, dict(username='twin'), api)[0]
    assert result['failed'] and 'ambiguous' in result['msg'] and '0' * 23 + '1' in result['msg']


def test_deleting_a_manager_needs_cascade_manager(run_module):
    api = UsersApi(BOSS, {'username': 'jdoe', 'email': 'j@example.com', 'manager': 'b' * 24})
    result, session = run_module(jc_user, dict(username='boss', state='absent'), api)
    assert result['failed'] and 'they manage 1 user(s) (jdoe)' in result['msg'] and writes(session) == []
    result, session = run_module(jc_user, dict(username='boss', state='absent', cascade_manager='clear'), api)
    assert result['changed'] and writes(session) == [('DELETE', '/api/systemusers/' + 'b' * 24, None, {'cascade_manager': 'null'})]
    result, session = run_module(jc_user, dict(username='boss', state='absent'), api)
    assert not result['changed'] and writes(session) == []
