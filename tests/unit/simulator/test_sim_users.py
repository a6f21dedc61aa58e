"""v1 /systemusers: create defaults, duplicates, PUT merge, actions, delete with cascade_manager."""


def test_create_fills_server_owned_fields(api):
    user = api.user('alice', password='S3cret!pass')
    assert len(user['_id']) == 24 and int(user['_id'], 16) >= 0
    assert user['state'] == 'ACTIVATED' and user['activated'] is True and user['suspended'] is False
    assert user['account_locked'] is False and user['password_expired'] is False
    assert user['totp_enabled'] is False
    assert user['mfa'] == {'configured': False, 'exclusion': False}
    assert set(user['mfaEnrollment'].values()) == {'NOT_ENROLLED'}
    assert user['organization'] and user['created'].endswith('Z')
    assert 'password' not in user
    staged = api.user('bob', state='STAGED')
    assert staged['state'] == 'STAGED' and staged['activated'] is False


def test_create_requires_username_and_email(api):
    response = api.post('/systemusers', json={'username': 'nomail'})
    assert response.status_code == 400


def test_duplicate_username_or_email_is_400(api):
    api.user('alice')
    for body in ({'username': 'alice', 'email': 'other@example.com'},
                 {'username': 'other', 'email': 'alice@example.com'}):
        response = api.post('/systemusers', json=body)
        assert response.status_code == 400
        assert response.json()['message'] == 'User already exists or Bad Request'
    bob = api.user('bob')
    response = api.put('/systemusers/' + bob['_id'], json={'username': 'alice'})
    assert response.status_code == 400


def test_put_merges_and_changes_state(api):
    user = api.user('alice', firstname='Alice', department='IT')
    response = api.put('/systemusers/' + user['_id'], json={'lastname': 'Smith'})
    assert response.status_code == 200
    body = response.json()
    assert (body['firstname'], body['lastname'], body['department']) == ('Alice', 'Smith', 'IT')
    body = api.put('/systemusers/' + user['_id'], json={'state': 'SUSPENDED'}).json()
    assert body['state'] == 'SUSPENDED' and body['suspended'] is True
    body = api.put('/systemusers/' + user['_id'], json={'suspended': False}).json()
    assert body['state'] == 'ACTIVATED' and body['suspended'] is False
    response = api.put('/systemusers/' + user['_id'], json={'manager': '5f0c1b2a3c4d5e6f7a8b9c0d'})
    assert response.status_code == 400


def test_password_is_never_returned_but_visible_in_state(api, sim):
    user = api.user('alice', password='First1!')
    api.put('/systemusers/' + user['_id'], json={'password': 'Second2!'})
    assert 'password' not in api.get('/systemusers/' + user['_id']).json()
    stored = [u for u in sim.state()['systemusers'] if u['_id'] == user['_id']][0]
    assert stored['_password'] == 'Second2!'
    assert api.post('/systemusers/%s/password' % user['_id'], json={'password': 'Third3!'}).status_code == 200
    stored = [u for u in sim.state()['systemusers'] if u['_id'] == user['_id']][0]
    assert stored['_password'] == 'Third3!'


def test_state_actions(api):
    user = api.user('alice', state='STAGED')
    uid = user['_id']
    response = api.post('/systemusers/%s/state/activate' % uid, json={'email': False})
    assert response.status_code == 200 and response.json() == 'OK'
    assert api.get('/systemusers/' + uid).json()['state'] == 'ACTIVATED'
    response = api.post('/systemusers/%s/state/suspend' % uid)
    assert response.status_code == 200
    body = api.get('/systemusers/' + uid).json()
    assert body['state'] == 'SUSPENDED' and body['suspended'] is True
    assert api.post('/systemusers/%s/state/activate' % uid, json={'email': 'x@example.com'}).status_code == 200
    body = api.get('/systemusers/' + uid).json()
    assert body['state'] == 'ACTIVATED' and body['suspended'] is False


def test_unlock_expire_resetmfa_enforce(api):
    uid = api.user('alice', account_locked=True)['_id']
    assert api.get('/systemusers/' + uid).json()['account_locked'] is True
    assert api.post('/systemusers/%s/unlock' % uid).status_code == 200
    assert api.get('/systemusers/' + uid).json()['account_locked'] is False
    assert api.post('/systemusers/%s/expire' % uid).status_code == 200
    assert api.get('/systemusers/' + uid).json()['password_expired'] is True
    response = api.post('/systemusers/%s/resetmfa' % uid, json={'exclusion': True, 'exclusionDays': 7})
    assert response.status_code == 200
    body = api.get('/systemusers/' + uid).json()
    assert body['totp_enabled'] is False
    assert body['mfa']['exclusion'] is True and body['mfa']['exclusionDays'] == 7 and body['mfa']['exclusionUntil']
    response = api.post('/systemusers/%s/mfa/enforce' % uid, json={'enable_user_portal_multifactor': True})
    assert response.status_code == 200
    assert api.get('/systemusers/' + uid).json()['enable_user_portal_multifactor'] is True


def test_unknown_ids_are_404(api):
    missing = '5f0c1b2a3c4d5e6f7a8b9c0d'
    for method, path in (('GET', ''), ('PUT', ''), ('DELETE', ''), ('POST', '/state/activate'),
                         ('POST', '/state/suspend'), ('POST', '/unlock'), ('POST', '/expire'),
                         ('POST', '/resetmfa'), ('POST', '/mfa/enforce')):
        kwargs = {'json': {}} if method == 'PUT' else {}
        response = api.request(method, '/systemusers/%s%s' % (missing, path), **kwargs)
        assert response.status_code == 404, (method, path)
        assert set(response.json()) == {'code', 'message', 'status'}
    response = api.post('/systemusers/%s/password' % missing, json={'password': 'x'})
    assert response.status_code == 404


def test_delete_manager_needs_cascade(api):
    boss = api.user('boss')
    report = api.user('report', manager=boss['_id'])
    response = api.delete('/systemusers/' + boss['_id'])
    assert response.status_code == 409
    assert response.json() == {'code': 409, 'message': 'user is a manager of other users; set cascade_manager',
                               'status': 'Conflict'}
    response = api.delete('/systemusers/' + boss['_id'], params={'cascade_manager': 'null'})
    assert response.status_code == 200 and response.json()['_id'] == boss['_id']
    assert 'manager' not in api.get('/systemusers/' + report['_id']).json()


def test_delete_manager_reassigns_reports(api):
    boss = api.user('boss')
    deputy = api.user('deputy')
    report = api.user('report', manager=boss['_id'])
    response = api.delete('/systemusers/' + boss['_id'], params={'cascade_manager': '5f0c1b2a3c4d5e6f7a8b9c0d'})
    assert response.status_code == 400
    response = api.delete('/systemusers/' + boss['_id'], params={'cascade_manager': deputy['_id']})
    assert response.status_code == 200
    assert api.get('/systemusers/' + report['_id']).json()['manager'] == deputy['_id']


def test_delete_removes_memberships(api, sim):
    user = api.user('alice')
    group = api.group('eng')
    api.post('/v2/usergroups/%s/members' % group['id'], json={'op': 'add', 'type': 'user', 'id': user['_id']})
    assert api.delete('/systemusers/' + user['_id']).status_code == 200
    assert api.get('/v2/usergroups/%s/members' % group['id']).json() == []
    assert sim.state()['members'] == []


def test_search_endpoint(api):
    api.user('alice', department='IT')
    api.user('bob', department='Finance')
    body = api.post('/search/systemusers', json={'filter': {'or': [{'department': 'IT'}, {'username': 'bob'}]}}).json()
    assert body['totalCount'] == 2
    body = api.post('/search/systemusers', json={'filter': {'and': [{'department': 'IT'}]},
                                                 'fields': 'username'}).json()
    assert body['results'] == [{'_id': body['results'][0]['_id'], 'username': 'alice'}]
    body = api.post('/search/systemusers', json={'searchFilter': {'searchTerm': 'BO', 'fields': ['username']}}).json()
    assert [u['username'] for u in body['results']] == ['bob']
