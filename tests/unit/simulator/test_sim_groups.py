"""v2 user groups: CRUD with PUT replace, duplicate names, members, membership, memberof."""

import pytest

KINDS = [('usergroups', 'user_group')]


def test_create_get_list_delete(api):
    group = api.group('eng', description='Engineering', email='eng@example.com')
    assert group['type'] == 'user_group' and group['membershipMethod'] == 'STATIC'
    assert api.get('/v2/usergroups/' + group['id']).json() == group
    assert [g['id'] for g in api.get('/v2/usergroups').json()] == [group['id']]
    response = api.delete('/v2/usergroups/' + group['id'])
    assert response.status_code == 200 and response.json()['id'] == group['id']
    assert api.get('/v2/usergroups/' + group['id']).status_code == 404


def test_duplicate_name_is_409(api):
    api.group('eng')
    response = api.post('/v2/usergroups', json={'name': 'eng'})
    assert response.status_code == 409
    assert response.json()['code'] == 409
    other = api.group('ops')
    assert api.put('/v2/usergroups/' + other['id'], json={'name': 'eng'}).status_code == 409


def test_put_replaces_the_whole_object(api):
    group = api.group('eng', description='Engineering', email='eng@example.com',
                      attributes={'sudo': {'enabled': True, 'withoutPassword': False}})
    response = api.put('/v2/usergroups/' + group['id'], json={'name': 'eng', 'description': 'new'})
    assert response.status_code == 200
    body = response.json()
    assert body['description'] == 'new'
    assert body['email'] == '' and body['attributes'] is None
    assert body['id'] == group['id'] and body['type'] == 'user_group'


def test_put_accepts_its_own_get_output(api):
    group = api.group('eng', email='eng@example.com')
    current = api.get('/v2/usergroups/' + group['id']).json()
    current['description'] = 'changed'
    response = api.put('/v2/usergroups/' + group['id'], json=current)
    assert response.status_code == 200
    assert response.json()['email'] == 'eng@example.com' and response.json()['description'] == 'changed'


def test_put_without_name_is_400(api):
    group = api.group('eng')
    assert api.put('/v2/usergroups/' + group['id'], json={'description': 'x'}).status_code == 400


def test_members_add_duplicate_remove(api):
    group = api.group('eng')
    user = api.user('alice')
    path = '/v2/usergroups/%s/members' % group['id']
    add = {'op': 'add', 'type': 'user', 'id': user['_id']}
    response = api.post(path, json=add)
    assert response.status_code == 204 and response.content == b''
    response = api.post(path, json=add)
    assert response.status_code == 409 and 'already exists' in response.json()['message']
    assert api.get(path).json() == [{'attributes': None, 'to': {'id': user['_id'], 'type': 'user'}}]
    remove = {'op': 'remove', 'type': 'user', 'id': user['_id']}
    assert api.post(path, json=remove).status_code == 204
    assert api.post(path, json=remove).status_code == 404
    assert api.get(path).json() == []


def test_member_of_unknown_user_or_group_is_404(api):
    group = api.group('eng')
    response = api.post('/v2/usergroups/%s/members' % group['id'],
                        json={'op': 'add', 'type': 'user', 'id': '5f0c1b2a3c4d5e6f7a8b9c0d'})
    assert response.status_code == 404
    user = api.user('alice')
    response = api.post('/v2/usergroups/5f0c1b2a3c4d5e6f7a8b9c0d/members',
                        json={'op': 'add', 'type': 'user', 'id': user['_id']})
    assert response.status_code == 404


def test_member_wrong_type_is_400(api):
    group = api.group('eng')
    response = api.post('/v2/usergroups/%s/members' % group['id'],
                        json={'op': 'add', 'type': 'system', 'id': '5f0c1b2a3c4d5e6f7a8b9c0d'})
    assert response.status_code == 400


def test_membership_and_memberof(api):
    group = api.group('eng')
    other = api.group('ops')
    user = api.user('alice')
    for g in (group, other):
        api.post('/v2/usergroups/%s/members' % g['id'], json={'op': 'add', 'type': 'user', 'id': user['_id']})
    membership = api.get('/v2/usergroups/%s/membership' % group['id']).json()
    assert [(m['id'], m['type']) for m in membership] == [(user['_id'], 'user')]
    assert membership[0]['paths'] == [[{'attributes': None, 'to': {'id': user['_id'], 'type': 'user'}}]]
    memberof = api.get('/v2/users/%s/memberof' % user['_id']).json()
    assert [m['id'] for m in memberof] == [group['id'], other['id']]
    assert all(m['type'] == 'user_group' and m['paths'] for m in memberof)
    filtered = api.get('/v2/users/%s/memberof' % user['_id'], params={'filter': 'object_id:eq:' + other['id']})
    assert [m['id'] for m in filtered.json()] == [other['id']]


def test_members_paging_250(api, sim):
    users = sim.seed({'systemusers': [{'username': 'm%03d' % i, 'email': 'm%03d@example.com' % i}
                                      for i in range(250)], 'usergroups': [{'name': 'big'}]})
    gid = users['usergroups'][0]
    sim.seed({'members': [{'group': {'type': 'user_group', 'id': gid}, 'member': {'type': 'user', 'id': uid}}
                          for uid in users['systemusers']]})
    seen, skip = [], 0
    while True:
        page = api.get('/v2/usergroups/%s/members' % gid, params={'limit': 100, 'skip': skip}).json()
        seen.extend(m['to']['id'] for m in page)
        if len(page) < 100:
            break
        skip += 100
    assert seen == users['systemusers']


def test_dynamic_group_reads(api, sim):
    created = sim.seed({'usergroups': [{'name': 'dyn', 'membershipMethod': 'DYNAMIC_AUTOMATED',
                                        'memberQuery': {'queryType': 'FilterQuery',
                                                        'filters': [{'field': 'department', 'operator': 'eq',
                                                                     'value': 'IT'}]}}]})
    gid = created['usergroups'][0]
    group = api.get('/v2/usergroups/' + gid).json()
    assert group['membershipMethod'] == 'DYNAMIC_AUTOMATED' and group['memberQuery']['queryType'] == 'FilterQuery'
    assert api.get('/v2/usergroups/%s/members' % gid).status_code == 200
    assert api.get('/v2/usergroups/%s/membership' % gid).status_code == 200


@pytest.mark.parametrize('sort', ['name', '-name'])
def test_sort_by_name(api, sort):
    for name in ('b', 'a', 'c'):
        api.group(name)
    names = [g['name'] for g in api.get('/v2/usergroups', params={'sort': sort}).json()]
    assert names == sorted(names, reverse=sort.startswith('-'))
