"""Service-account tokens, command results, Directory Insights events and System Insights tables."""

import json
import time

import pytest
import requests

EPOCH = '2020-01-01T00:00:00Z'


def events(api, body):
    """POST /events of Directory Insights, on its own root (/insights/directory/v1), with the API key."""
    return api.session.post(api.sim.url + '/insights/directory/v1/events', json=body, timeout=30)


def token(sim, client_id='sa_test', secret='s3cret', form='grant_type=client_credentials&scope=api'):
    return requests.post(sim.url + '/oauth2/token', data=form, auth=(client_id, secret), timeout=30,
                         headers={'Content-Type': 'application/x-www-form-urlencoded'})


def bearer(sim, value):
    return {'Authorization': 'Bearer ' + value}


def test_token_endpoint_issues_expiring_tokens_and_refuses_expired_ones(sim, api):
    sim.config(oauth_clients={'sa_test': 's3cret'}, token_ttl=1)
    try:
        answer = token(sim)
        assert answer.status_code == 200
        body = answer.json()
        assert body['token_type'] == 'Bearer' and body['expires_in'] == 1 and body['scope'] == 'api'
        url = sim.url + '/api/systemusers'
        assert requests.get(url, headers=bearer(sim, body['access_token']), timeout=30).status_code == 200
        time.sleep(1.1)
        expired = requests.get(url, headers=bearer(sim, body['access_token']), timeout=30)
        assert expired.status_code == 401 and expired.json()['message'] == 'token expired'
        wrong = token(sim, secret='nope')
        assert wrong.status_code == 401 and wrong.json()['error'] == 'invalid_client'
        assert 'nope' not in wrong.text
        assert token(sim, form='grant_type=password').json()['error'] == 'unsupported_grant_type'
        logged = [entry for entry in sim.requests() if entry['path'] == '/oauth2/token']
        assert [entry['body'] for entry in logged][:1] == [{'grant_type': 'client_credentials', 'scope': 'api'}]
        assert 's3cret' not in json.dumps(sim.requests())
    finally:
        sim.config(oauth_clients=None, token_ttl=3600)


def test_revoked_tokens_are_refused(sim, api):
    value = token(sim).json()['access_token']
    url = sim.url + '/api/systemusers'
    assert requests.get(url, headers=bearer(sim, value), timeout=30).status_code == 200
    sim.revoke_tokens()
    assert requests.get(url, headers=bearer(sim, value), timeout=30).status_code == 401
    assert [entry['auth'] for entry in sim.requests()[-2:]] == ['bearer', 'bearer']


def test_command_results_appear_when_systems_answer(sim, strict):
    ids = sim.seed({'systems': [{'displayName': 'web-1', 'hostname': 'web-1.example.com'},
                                {'displayName': 'web-2', 'hostname': 'web-2.example.com'},
                                {'displayName': 'off', '_online': False}],
                    'commands': [{'name': 'report', 'command': 'cat /etc/os-release', '_delayMs': 300,
                                  '_results': {'web-2': {'exitCode': 3, 'output': 'x' * 100, 'error': 'e' * 50}}}]})
    command = ids['commands'][0]
    run = strict.post('/runCommand', json={'_id': command, 'systemIds': ids['systems']}).json()
    assert len(run['queueIds']) == 3
    query = {'filter': 'workflowInstanceId:$eq:' + run['workflowInstanceId'], 'limit': 100, 'skip': 0}
    assert strict.post('/search/commandresults', params=query, json={}).json() == {'totalCount': 0, 'results': []}
    time.sleep(0.35)
    listed = strict.post('/search/commandresults', params=query, json={}).json()
    assert listed['totalCount'] == 2
    by_system = {item['system']: item for item in listed['results']}
    assert by_system['web-1']['response']['data']['output'] == 'report ran on web-1.example.com\n'
    assert by_system['web-2']['exitCode'] == 3
    assert by_system['web-2']['response']['data']['output'] == 'x' * 40
    assert by_system['web-2']['response']['error'] == 'e' * 40
    whole = strict.get('/commandresults/' + by_system['web-2']['_id']).json()
    assert whole['response']['data']['output'] == 'x' * 100 and whole['workflowInstanceId'] == run['workflowInstanceId']
    assert len(strict.get('/commands/%s/results' % command).json()) == 2
    assert strict.get('/commandresults', params={'limit': 1}).json()['totalCount'] == 2
    assert strict.delete('/commandresults/' + whole['_id']).status_code == 200
    assert strict.get('/commandresults/' + whole['_id']).status_code == 404


def test_writes_leave_directory_insights_events(sim, strict):
    user = strict.user('leaver')
    group = strict.group('eng')
    strict.post('/v2/usergroups/%s/members' % group['id'], json={'op': 'add', 'type': 'user', 'id': user['_id']})
    strict.post('/v2/usergroups/%s/members' % group['id'], json={'op': 'remove', 'type': 'user', 'id': user['_id']})
    strict.post('/systemusers/%s/state/suspend' % user['_id'], json={})
    strict.delete('/systemusers/' + user['_id'])
    found = events(strict, {'service': ['directory'], 'start_time': EPOCH}).json()
    assert [event['event_type'] for event in found] == ['user_create', 'group_create', 'association_change',
                                                        'association_change', 'user_suspended', 'user_delete']
    assert found[3]['association']['op'] == 'remove'
    assert found[3]['association']['connection']['to'] == {'type': 'user', 'object_id': user['_id'], 'name': 'leaver'}
    assert found[4]['resource'] == {'type': 'user', 'id': user['_id'], 'username': 'leaver', 'email': 'leaver@example.com'}
    assert found[4]['initiated_by']['type'] == 'admin'


@pytest.mark.documents
def test_event_queries_filter_sort_and_page(sim, strict):
    sim.seed({'events': [
        {'event_type': 'user_login_attempt', 'timestamp': '2026-01-0%dT10:00:00Z' % day, 'service': 'sso',
         'initiated_by': {'username': name}, 'success': day % 2 == 0}
        for day, name in ((1, 'ada'), (2, 'Bob'), (3, 'ada'), (4, 'cy'), (5, 'ada'))]})
    base = {'service': ['sso'], 'start_time': '2026-01-02T00:00:00Z', 'end_time': '2026-01-05T00:00:00Z'}
    found = events(strict, dict(base, search_term={'and': [{'initiated_by.username': 'bob'}]})).json()
    assert [event['timestamp'] for event in found] == ['2026-01-02T10:00:00Z']
    operator = {'or': [{'field': 'initiated_by.username', 'operator': 'in', 'value': ['ada', 'cy']}]}
    first = events(strict, dict(base, search_term=operator, sort='desc', limit=1))
    assert first.headers['X-Result-Count'] == '1' and first.headers['X-Limit'] == '1' and first.headers['X-Sort'] == 'DESC'
    assert first.json()[0]['timestamp'].startswith('2026-01-04')
    after = json.loads(first.headers['X-Search_after'])
    second = events(strict, dict(base, search_term=operator, sort='desc', limit=1, search_after=after)).json()
    assert second[0]['timestamp'].startswith('2026-01-03')
    projected = events(strict, dict(base, fields=['timestamp'])).json()
    assert projected == [{'timestamp': '2026-01-0%dT10:00:00Z' % day} for day in (2, 3, 4)]
    bad = events(strict, {'service': ['sso'], 'start_time': 'yesterday'})
    assert bad.status_code == 400 and 'start_time' in bad.json()['message']
    assert events(strict, {'service': ['sso'], 'start_time': '2099-01-01T00:00:00Z'}).status_code == 400
    sim.clear_violations()
    unknown = events(strict, {'service': ['nonsense'], 'start_time': EPOCH})
    assert unknown.status_code == 400
    sim.clear_violations()


@pytest.mark.documents
def test_system_insights_tables(sim, strict):
    sim.seed({'systeminsights': [
        {'_table': 'disk_encryption', 'system_id': 's%d' % n, 'name': '/dev/disk%d' % n, 'encryption_status': status}
        for n, status in enumerate(['encrypted', 'not encrypted', 'encrypted'])]})
    rows = strict.get('/v2/systeminsights/disk_encryption', params={'filter': 'system_id:in:s0|s1', 'limit': 1000}).json()
    assert [row['system_id'] for row in rows] == ['s0', 's1'] and '_table' not in rows[0]
    rows = strict.get('/v2/systeminsights/disk_encryption', params={'filter': 'encryption_status:eq:encrypted', 'sort': '-system_id'}).json()
    assert [row['system_id'] for row in rows] == ['s2', 's0']
    sim.clear_violations()
    refused = strict.get('/v2/systeminsights/disk_encryption', params={'filter': 'name:eq:x'})
    assert refused.status_code == 400 and 'invalid filter field: name' in refused.json()['message']
    assert strict.get('/v2/systeminsights/disk_encryption', params={'limit': 10001}).status_code == 400
    sim.clear_violations()
