"""v1 systems, applications, RADIUS servers, commands; v2 directories."""

import pytest

MISSING = '5f0c1b2a3c4d5e6f7a8b9c0d'


def test_systems_seeded_list_filter_put_delete(strict, sim):
    ids = sim.seed({'systems': [
        {'displayName': 'web-1', 'hostname': 'web-1.example.com', 'os': 'Ubuntu', 'serialNumber': 'SN1'},
        {'displayName': 'mac-1', 'os': 'Mac OS X'},
        {'displayName': 'win-1', 'os': 'Windows', 'tags': ['prod']},
    ]})['systems']
    body = strict.get('/systems').json()
    assert body['totalCount'] == 3
    web = body['results'][0]
    for key in ('_id', 'displayName', 'hostname', 'os', 'osFamily', 'version', 'arch', 'serialNumber', 'lastContact',
                'agentVersion', 'active', 'created', 'organization', 'tags', 'attributes'):
        assert key in web, key
    assert web['osFamily'] == 'linux' and web['serialNumber'] == 'SN1'
    for flt, expected in (('osFamily:$eq:darwin', ['mac-1']), ('hostname:$eq:web-1.example.com', ['web-1']),
                          ('serialNumber:$eq:SN1', ['web-1']), ('os:$in:Windows|Ubuntu', ['web-1', 'win-1']),
                          ('displayName:$sw:w', ['web-1', 'win-1'])):
        got = strict.get('/systems', params={'filter': flt}).json()['results']
        assert sorted(s['displayName'] for s in got) == expected, flt
    assert [s['displayName'] for s in strict.get('/systems', params={'search': 'MAC'}).json()['results']] == ['mac-1']
    updated = strict.put('/systems/' + ids[0], json={'displayName': 'web-one', 'allowSshRootLogin': True,
                                                     'tags': ['a'], 'attributes': [{'name': 'k', 'value': 'v'}]})
    assert updated.status_code == 200
    assert updated.json()['displayName'] == 'web-one' and updated.json()['hostname'] == 'web-1.example.com'
    assert strict.get('/systems/' + ids[0]).json()['tags'] == ['a']
    deleted = strict.delete('/systems/' + ids[1])
    assert deleted.status_code == 200 and deleted.json()['_id'] == ids[1]
    assert strict.get('/systems/' + ids[1]).status_code == 404
    assert strict.get('/systems', params={'sort': '-_id'}).status_code == 200


@pytest.mark.documents
def test_systems_cannot_be_created(api):
    assert api.post('/systems', json={'displayName': 'x'}).status_code == 405


def test_system_search_endpoint(strict, sim):
    sim.seed({'systems': [{'displayName': 'web-1', 'os': 'Ubuntu'}, {'displayName': 'db-1', 'os': 'Windows'}]})
    body = strict.post('/search/systems', json={'filter': {'or': [{'os': 'Windows'}]}}).json()
    assert [s['displayName'] for s in body['results']] == ['db-1']
    body = strict.post('/search/systems', json={'searchFilter': {'searchTerm': 'web', 'fields': ['displayName']}}).json()
    assert body['totalCount'] == 1


def test_builtin_commands_recorded(strict, sim):
    linux, mac = sim.seed({'systems': [{'displayName': 'l', 'os': 'Ubuntu'}, {'displayName': 'm', 'os': 'Mac OS X'}]})[
        'systems']
    for name in ('lock', 'restart', 'shutdown', 'erase'):
        response = strict.post('/systems/%s/command/builtin/%s' % (linux, name))
        assert response.status_code == 201 and response.content == b''
    sent = [s for s in sim.state()['systems'] if s['_id'] == linux][0]['_builtInCommandsSent']
    assert [c['name'] for c in sent] == ['lock', 'restart', 'shutdown', 'erase']
    assert strict.post('/systems/%s/command/builtin/lock' % mac).status_code == 400
    assert strict.post('/systems/%s/command/builtin/lock' % MISSING).status_code == 404


def test_applications_crud_put_replaces(strict):
    body = {'name': 'bookmark', 'displayLabel': 'Wiki', 'ssoUrl': 'https://wiki.example.com', 'config': {},
            'description': 'team wiki'}
    created = strict.post('/applications', json=body)
    assert created.status_code == 200
    app = created.json()
    assert app['_id'] and app['organization'] and app['description'] == 'team wiki'
    replaced = strict.put('/applications/' + app['_id'], json={'name': 'bookmark', 'ssoUrl': 'https://new.example.com',
                                                               'config': {}}).json()
    assert replaced['ssoUrl'] == 'https://new.example.com' and replaced['description'] == ''
    assert replaced['created'] == app['created']
    listing = strict.get('/applications').json()
    assert listing['totalCount'] == 1
    assert strict.get('/v2/applications/' + app['_id']).json()['_id'] == app['_id']
    assert strict.delete('/applications/' + app['_id']).json()['_id'] == app['_id']
    assert strict.get('/applications/' + app['_id']).status_code == 404


def test_radius_secret_is_write_only(strict, sim):
    body = {'name': 'office', 'networkSourceIp': '192.0.2.10', 'sharedSecret': 'first-secret', 'mfa': 'ENABLED'}
    created = strict.post('/radiusservers', json=body)
    assert created.status_code == 200
    server = created.json()
    assert 'sharedSecret' not in server and server['mfa'] == 'ENABLED'
    assert 'sharedSecret' not in strict.get('/radiusservers/' + server['_id']).json()
    assert all('sharedSecret' not in s for s in strict.get('/radiusservers').json()['results'])
    stored = sim.state()['radiusservers'][0]
    assert stored['_sharedSecret'] == 'first-secret' and 'sharedSecret' not in stored
    rotated = strict.put('/radiusservers/' + server['_id'], json={'sharedSecret': 'second-secret'})
    assert rotated.status_code == 200 and 'sharedSecret' not in rotated.json()
    assert rotated.json()['name'] == 'office'
    assert sim.state()['radiusservers'][0]['_sharedSecret'] == 'second-secret'
    assert strict.put('/radiusservers/' + server['_id'], json={'mfa': 'DISABLED'}).json()['mfa'] == 'DISABLED'
    deleted = strict.delete('/radiusservers/' + server['_id'])
    assert deleted.status_code == 200 and 'sharedSecret' not in deleted.json()


@pytest.mark.documents
def test_radius_required_fields_and_duplicates(api, sim):
    assert api.post('/radiusservers', json={'name': 'x', 'networkSourceIp': '192.0.2.1'}).status_code == 400
    api.post('/radiusservers', json={'name': 'x', 'networkSourceIp': '192.0.2.1', 'sharedSecret': 's'})
    duplicate = api.post('/radiusservers', json={'name': 'x', 'networkSourceIp': '192.0.2.2', 'sharedSecret': 's'})
    assert duplicate.status_code == 409
    assert [v['kind'] for v in sim.violations()] == ['request']


def test_radius_tags_and_update_fields(strict, sim):
    body = {'name': 'wifi', 'networkSourceIp': '192.0.2.20', 'sharedSecret': 's', 'tagNames': ['office'],
            'authIdp': 'AZURE'}
    server = strict.post('/radiusservers', json=body).json()
    assert server['tagNames'] == ['office'] and server['authIdp'] == 'AZURE'
    got = strict.get('/radiusservers/' + server['_id']).json()
    assert got['tagNames'] == got['tags'] == ['office']
    updated = strict.put('/radiusservers/' + server['_id'], json={
        'name': 'wifi', 'networkSourceIp': '192.0.2.21', 'tags': ['office', 'guest'], 'authIdp': 'JUMPCLOUD',
        'tagNames': ['ignored']}).json()
    assert updated['tagNames'] == ['office', 'guest'] and 'tags' not in updated
    assert updated['networkSourceIp'] == '192.0.2.21'
    assert updated['authIdp'] == 'AZURE'
    listed = strict.get('/radiusservers', params={'filter': 'tags:$eq:guest'}).json()['results']
    assert [s['name'] for s in listed] == ['wifi']
    assert sim.state()['radiusservers'][0]['_sharedSecret'] == 's'


def test_commands_crud_and_run(strict, sim):
    system = sim.seed({'systems': [{'displayName': 'web'}]})['systems'][0]
    created = strict.post('/commands', json={'name': 'uptime', 'command': 'uptime', 'commandType': 'linux'})
    assert created.status_code == 200
    command = created.json()
    assert command['user'] == '000000000000000000000000' and command['launchType'] == 'manual'
    updated = strict.put('/commands/' + command['_id'], json={'timeout': '30'}).json()
    assert updated['timeout'] == '30' and updated['command'] == 'uptime'
    listing = strict.get('/commands', params={'filter': 'name:$eq:uptime'}).json()
    assert listing['totalCount'] == 1 and 'user' not in listing['results'][0]
    strict.post('/v2/commands/%s/associations' % command['_id'], json={'op': 'add', 'type': 'system', 'id': system})
    run = strict.post('/runCommand', json={'_id': command['_id']}).json()
    assert len(run['queueIds']) == 1 and run['workflowInstanceId']
    results = strict.get('/commands/%s/results' % command['_id']).json()
    assert [(r['systemId'], r['workflowInstanceId'], r['response']['data']['exitCode']) for r in results] == [
        (system, run['workflowInstanceId'], 0)]
    trigger = strict.post('/commands', json={'name': 't', 'command': 'id', 'commandType': 'linux',
                                             'launchType': 'trigger', 'trigger': 'deploy'}).json()
    assert strict.post('/command/trigger/deploy', json={}).json() == {'triggered': [trigger['_id']]}
    assert strict.delete('/commands/' + command['_id']).json()['_id'] == command['_id']


def test_directories(strict, sim):
    ids = sim.seed({'ldapservers': [{}], 'gsuites': [{'name': 'Google'}], 'office365s': [{'name': 'M365'}],
                    'activedirectories': [{'domain': 'corp.example.com'}]})
    ldap = strict.get('/v2/ldapservers').json()
    assert ldap[0]['id'] == ids['ldapservers'][0]
    patched = strict.request('PATCH', '/v2/ldapservers/' + ids['ldapservers'][0], json={'userLockoutAction': 'remove'})
    assert patched.status_code == 200 and patched.json()['userLockoutAction'] == 'remove'
    assert strict.get('/v2/gsuites/' + ids['gsuites'][0]).json()['name'] == 'Google'
    assert strict.get('/v2/office365s/' + ids['office365s'][0]).json()['name'] == 'M365'
    directories = strict.get('/v2/directories').json()
    assert sorted(d['type'] for d in directories) == ['active_directory', 'g_suite', 'ldap_server', 'office_365']
    created = strict.post('/v2/activedirectories', json={'domain': 'other.example.com'})
    assert created.status_code == 201
    assert len(strict.get('/v2/activedirectories').json()) == 2
    assert strict.delete('/v2/activedirectories/' + created.json()['id']).status_code == 200
