"""Directory imports: Workday instances, workers, import jobs and results; the users Office 365 and Google Workspace
offer for import; their domains and translation rules."""

import pytest

WORKERS = [{'username': 'w%02d' % i, 'email': 'w%02d@example.com' % i, 'firstName': 'W', 'lastName': str(i),
            'attributes': {'EmployeeID': str(1000 + i)}} for i in range(12)]


@pytest.fixture
def workday(sim, api):
    return sim.seed({'workdays': [{'reportUrl': 'https://wd.example/report', '_workers': WORKERS,
                                   '_auth': {'basic': {'username': 'isu'}}}]})['workdays'][0]


def test_workday_workers_import_and_results(strict, sim, workday):
    listed = strict.get('/v2/workdays').json()
    assert listed[0]['name'] == 'Workday Import' and listed[0]['auth'] == {'basic': {'isValid': True, 'expiry': '', 'message': ''}}
    first = strict.get('/v2/workdays/%s/workers' % workday, params={'limit': 10}).json()
    rest = strict.get('/v2/workdays/%s/workers' % workday, params={'limit': 10, 'skip': 10}).json()
    assert [worker['username'] for worker in first + rest] == ['w%02d' % i for i in range(12)]
    sim.seed({'systemusers': [{'username': 'w01', 'email': 'w01@example.com'}]})
    body = [{'username': 'w00', 'email': 'w00@example.com', 'firstname': 'W', 'lastname': '0',
             'attributes': [{'name': 'EmployeeID', 'value': '1000'}]},
            {'username': 'w01', 'email': 'w01@example.com'}]
    response = strict.post('/v2/workdays/%s/import' % workday, json=body)
    assert response.status_code == 201
    job = response.json()['jobId']
    results = strict.get('/v2/workdays/%s/import/%s/results' % (workday, job), params={'limit': 100}).json()
    assert [(result['meta']['username'], result['status']) for result in results] == [('w00', 'finished'), ('w01', 'failed')]
    assert results[1]['statusMsg'] == 'User already exists or Bad Request'
    users = {user['username']: user for user in strict.get('/systemusers', params={'limit': 100}).json()['results']}
    assert users['w00']['attributes'] == [{'name': 'EmployeeID', 'value': '1000'}]
    assert strict.get('/v2/workdays/%s' % workday).json()['lastImport']
    assert strict.get('/v2/workdays/%s/import/%s/results' % (workday, '0' * 24)).status_code == 404


def test_workday_needs_authorization_and_one_instance(strict, sim, workday):
    assert strict.post('/v2/workdays', json={'name': 'Second', 'auth': {'basic': {'username': 'a', 'password': 'b'}}}).status_code == 400
    assert strict.delete('/v2/workdays/%s/auth' % workday).status_code == 204
    assert strict.get('/v2/workdays/%s/workers' % workday).status_code == 400
    assert strict.post('/v2/workdays/%s/auth' % workday, json={'auth': {'basic': {'username': 'a'}}}).status_code == 400
    assert strict.post('/v2/workdays/%s/auth' % workday, json={'auth': {'basic': {'username': 'a', 'password': 'b'}}}).status_code == 204
    assert strict.get('/v2/workdays/%s/workers' % workday).status_code == 200
    assert strict.put('/v2/workdays/%s' % workday, json={'name': 'Other'}).status_code == 400
    assert strict.put('/v2/workdays/%s' % workday, json={'reportUrl': 'https://new'}).json()['reportUrl'] == 'https://new'


def test_office365_import_users_page_with_skip_tokens(strict, sim):
    users = [{'id': 'o%02d' % i, 'userPrincipalName': 'u%02d@example.com' % i, 'givenName': 'U', 'surname': str(i),
              'extra': 'not served'} for i in range(5)]
    office = sim.seed({'office365s': [{'name': 'M365', '_importUsers': users}]})['office365s'][0]
    page = strict.get('/v2/office365s/%s/import/users' % office, params={'top': 3}).json()
    assert [user['userPrincipalName'] for user in page['users']] == ['u00@example.com', 'u01@example.com', 'u02@example.com']
    assert 'extra' not in page['users'][0] and page['top'] == 3
    last = strict.get('/v2/office365s/%s/import/users' % office, params={'top': 3, 'skipToken': page['skipToken']}).json()
    assert [user['id'] for user in last['users']] == ['o03', 'o04'] and 'skipToken' not in last
    assert strict.get('/v2/office365s/%s/import/users' % office, params={'filter': "startswith(surname,'1')"}).status_code == 400


def test_gsuite_import_users_in_both_shapes(strict, sim):
    users = [{'id': 'g1', 'primaryEmail': 'ann@example.com', 'givenName': 'Ann', 'familyName': 'Lee', 'department': 'Sales'},
             {'id': 'g2', 'primaryEmail': 'bob@example.com', 'givenName': 'Bob', 'familyName': 'Ray'}]
    gsuite = sim.seed({'gsuites': [{'name': 'Google', '_importUsers': users}]})['gsuites'][0]
    page = strict.get('/v2/gsuites/%s/import/users' % gsuite, params={'maxResults': 1}).json()
    assert page['users'] == [{'id': 'g1', 'primaryEmail': 'ann@example.com', 'givenName': 'Ann', 'familyName': 'Lee'}]
    rest = strict.get('/v2/gsuites/%s/import/jumpcloudusers' % gsuite, params={'maxResults': 1, 'pageToken': page['nextPageToken']}).json()
    assert rest == {'users': [{'email': 'bob@example.com', 'firstname': 'Bob', 'lastname': 'Ray'}]}
    first = strict.get('/v2/gsuites/%s/import/jumpcloudusers' % gsuite).json()['users'][0]
    assert first['department'] == 'Sales'


@pytest.mark.parametrize('kind', ['office365s', 'gsuites'])
def test_domains_and_translation_rules(strict, sim, kind):
    directory = sim.seed({kind: [{'name': 'Directory'}]})[kind][0]
    base = '/v2/%s/%s' % (kind, directory)
    add = (lambda name: strict.post(base + '/domains', json={'domain': name})) if kind == 'office365s' else \
        (lambda name: strict.post(base + '/domains', params={'domain': name}))
    created = add('example.com').json()['domain']
    assert created['domain'] == 'example.com' and created['default'] is True
    assert add('Example.com').status_code == 409
    assert add('example.org').json()['domain']['default'] is False
    listed = strict.get(base + '/domains').json()
    assert listed['totalCount'] == 2 and [domain['domain'] for domain in listed['domains']] == ['example.com', 'example.org']
    assert strict.delete(base + '/domains/' + created['objectId']).json()['domain']['domain'] == 'example.com'
    assert strict.delete(base + '/domains/' + created['objectId']).status_code == 404
    rule = strict.post(base + '/translationrules', json={'builtIn': 'user_manager', 'direction': 'export'})
    assert rule.status_code == 201
    assert strict.post(base + '/translationrules', json={'builtIn': 'user_manager', 'direction': 'export'}).status_code == 409
    rule_id = rule.json()['id']
    assert strict.get(base + '/translationrules').json() == [{'builtIn': 'user_manager', 'direction': 'export', 'id': rule_id}]
    assert strict.get(base + '/translationrules/' + rule_id).json()['builtIn'] == 'user_manager'
    assert strict.delete(base + '/translationrules/' + rule_id).status_code == 204
    assert strict.get(base + '/translationrules/' + rule_id).status_code == 404


@pytest.mark.documents
def test_translation_rule_names_are_checked_against_the_documents(api, sim):
    office = sim.seed({'office365s': [{'name': 'M365'}]})['office365s'][0]
    response = api.post('/v2/office365s/%s/translationrules' % office, json={'builtIn': 'user_home_addresses', 'direction': 'export'})
    assert response.status_code == 400   # a Google rule: not in the Office 365 enumeration
    response = api.post('/v2/office365s/%s/translationrules' % office, json={'builtIn': 'user_manager', 'direction': 'import'})
    assert response.status_code == 400   # Office 365 rules only export
