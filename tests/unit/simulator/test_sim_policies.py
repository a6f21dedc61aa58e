"""v2 policy templates (built in), policies, policy results and statuses."""

import pytest

MISSING = '5f0c1b2a3c4d5e6f7a8b9c0d'
REQUIRED_TEMPLATES = ('filevault2_darwin', 'bitlocker_windows', 'disk_encryption_linux', 'screen_lock_darwin',
                      'lock_screen_windows', 'lock_screen_linux', 'password_complexity_darwin',
                      'password_complexity_windows', 'password_complexity_linux', 'disable_usb_storage_windows',
                      'disable_usb_storage_linux', 'firewall_darwin')


def template(api, name):
    found = api.get('/v2/policytemplates', params={'filter': 'name:eq:' + name}).json()
    assert len(found) == 1, name
    return api.get('/v2/policytemplates/' + found[0]['id']).json()


def field(tmpl, name):
    return [f for f in tmpl['configFields'] if f['name'] == name][0]


def test_builtin_templates_survive_reset(strict, sim):
    sim.reset()
    listed = strict.get('/v2/policytemplates', params={'limit': 100}).json()
    names = [t['name'] for t in listed]
    for name in REQUIRED_TEMPLATES:
        assert name in names
    assert {t['osMetaFamily'] for t in listed} == {'darwin', 'windows', 'linux'}
    assert 'configFields' not in listed[0]
    fv = template(strict, 'filevault2_darwin')
    assert fv['displayName'] == 'FileVault 2'
    kinds = {f['displayType'] for t in listed for f in template(strict, t['name'])['configFields']}
    assert {'checkbox', 'select', 'number', 'text'} <= kinds
    assert any(f['sensitive'] for f in template(strict, 'bitlocker_windows')['configFields'])
    assert field(template(strict, 'bitlocker_windows'), 'encryptionMethod')['displayOptions']['options']
    again = strict.get('/v2/policytemplates', params={'limit': 100}).json()
    assert [t['id'] for t in again] == [t['id'] for t in listed]


def test_policy_lifecycle(strict):
    tmpl = template(strict, 'screen_lock_darwin')
    timeout = field(tmpl, 'timeout')
    body = {'name': 'lock', 'notes': 'n', 'template': {'id': tmpl['id']},
            'values': [{'configFieldID': timeout['id'], 'value': 600}]}
    created = strict.post('/v2/policies', json=body)
    assert created.status_code == 201
    policy = created.json()
    assert policy['template']['id'] == tmpl['id'] and policy['configFields']
    values = dict((v['configFieldID'], v['value']) for v in policy['values'])
    assert values[timeout['id']] == 600
    assert values[field(tmpl, 'requirePasswordImmediately')['id']] is True  # template default
    assert strict.post('/v2/policies', json=body).status_code == 409
    listed = strict.get('/v2/policies', params={'filter': 'name:eq:lock'}).json()
    assert [p['id'] for p in listed] == [policy['id']] and 'values' not in listed[0]
    fetched = strict.get('/v2/policies/' + policy['id']).json()
    assert fetched['values'] == policy['values'] and fetched['notes'] == 'n'
    fetched['name'] = 'lock2'
    fetched['values'] = [{'configFieldID': timeout['id'], 'value': 300}]
    replaced = strict.put('/v2/policies/' + policy['id'], json=fetched)
    assert replaced.status_code == 200 and replaced.json()['name'] == 'lock2'
    after = strict.get('/v2/policies/' + policy['id']).json()
    assert dict((v['configFieldID'], v['value']) for v in after['values'])[timeout['id']] == 300
    assert strict.put('/v2/policies/' + policy['id'], json={'name': 'lock2', 'notes': 'x'}).json()['name'] == 'lock2'
    assert strict.get('/v2/policies/' + policy['id']).json()['notes'] == 'x'
    response = strict.delete('/v2/policies/' + policy['id'])
    assert response.status_code == 204 and response.content == b''
    assert strict.get('/v2/policies/' + policy['id']).status_code == 404


@pytest.mark.documents
def test_policy_validation_errors(api):
    tmpl = template(api, 'password_complexity_linux')
    minlen = field(tmpl, 'minlen')
    root = field(tmpl, 'enforceForRoot')

    def create(values, template_id=None):
        return api.post('/v2/policies', json={'name': 'pw', 'template': {'id': template_id or tmpl['id']},
                                              'values': values})

    assert create([], MISSING).status_code == 400
    assert create([{'configFieldID': MISSING, 'value': 1}]).status_code == 400
    assert create([{'configFieldID': minlen['id'], 'value': 'twelve'}]).status_code == 400
    assert create([{'configFieldID': minlen['id'], 'value': 2}]).status_code == 400
    assert create([{'configFieldID': root['id'], 'value': 'yes'}]).status_code == 400
    bitlocker = template(api, 'bitlocker_windows')
    wrong = api.post('/v2/policies', json={'name': 'bl', 'template': {'id': bitlocker['id']},
                                           'values': [{'configFieldID': field(bitlocker, 'encryptionMethod')['id'],
                                                       'value': 'ROT13'}]})
    assert wrong.status_code == 400
    assert api.put('/v2/policies/' + MISSING, json={'name': 'x'}).status_code == 404
    created = create([{'configFieldID': minlen['id'], 'value': 14}])
    assert created.status_code == 201
    other = template(api, 'lock_screen_linux')
    changed = api.put('/v2/policies/' + created.json()['id'], json={'name': 'pw', 'template': {'id': other['id']}})
    assert changed.status_code == 400
    assert api.put('/v2/policies/' + created.json()['id'], json={'notes': 'no name'}).status_code == 400


def test_sensitive_values_are_not_returned(strict, sim):
    tmpl = template(strict, 'wifi_configuration_darwin')
    ssid, passphrase = field(tmpl, 'ssid'), field(tmpl, 'passphrase')
    policy = strict.post('/v2/policies', json={
        'name': 'wifi', 'template': {'id': tmpl['id']},
        'values': [{'configFieldID': ssid['id'], 'value': 'office'},
                   {'configFieldID': passphrase['id'], 'value': 'hunter22', 'sensitive': True}]}).json()
    for body in (policy, strict.get('/v2/policies/' + policy['id']).json()):
        entry = [v for v in body['values'] if v['configFieldID'] == passphrase['id']][0]
        assert entry == {'configFieldID': passphrase['id'], 'sensitive': True}
        assert 'hunter22' not in str(body)
    stored = [p for p in sim.state()['policies'] if p['id'] == policy['id']][0]
    assert [v['value'] for v in stored['values'] if v['configFieldID'] == passphrase['id']] == ['hunter22']
    # the GET output sent back keeps the sensitive value it does not show
    current = strict.get('/v2/policies/' + policy['id']).json()
    current['notes'] = 'rotated nothing'
    assert strict.put('/v2/policies/' + policy['id'], json=current).status_code == 200
    stored = [p for p in sim.state()['policies'] if p['id'] == policy['id']][0]
    assert [v['value'] for v in stored['values'] if v['configFieldID'] == passphrase['id']] == ['hunter22']
    by_template = strict.get('/v2/policies', params={'filter': 'template.name:eq:wifi_configuration_darwin'}).json()
    assert [p['id'] for p in by_template] == [policy['id']]


def test_results_and_statuses(strict, sim):
    tmpl = template(strict, 'disable_usb_storage_linux')
    policy = strict.post('/v2/policies', json={'name': 'usb', 'template': {'id': tmpl['id']}}).json()['id']
    systems = sim.seed({'systems': [{'displayName': 'a'}, {'displayName': 'b'}]})['systems']
    sim.seed({'policyresults': [
        {'policyID': policy, 'systemID': systems[0], 'state': 'failed', 'success': False, 'exitStatus': 1,
         'startedAt': '2026-01-01T00:00:00Z', 'endedAt': '2026-01-01T00:00:05Z'},
        {'policyID': policy, 'systemID': systems[0], 'state': 'success', 'success': True,
         'startedAt': '2026-01-02T00:00:00Z', 'endedAt': '2026-01-02T00:00:05Z'},
        {'policyID': policy, 'systemID': systems[1], 'state': 'pending', 'success': False,
         'startedAt': '2026-01-02T00:00:00Z', 'endedAt': '2026-01-02T00:00:01Z'},
    ]})
    assert len(strict.get('/v2/policyresults').json()) == 3
    assert len(strict.get('/v2/policies/%s/policyresults' % policy).json()) == 3
    statuses = strict.get('/v2/policies/%s/policystatuses' % policy).json()
    assert sorted((s['systemID'], s['state']) for s in statuses) == sorted([(systems[0], 'success'),
                                                                            (systems[1], 'pending')])
    mine = strict.get('/v2/systems/%s/policystatuses' % systems[0]).json()
    assert [(s['policyID'], s['success']) for s in mine] == [(policy, True)]
    one = strict.get('/v2/policyresults').json()[0]
    assert strict.get('/v2/policyresults/' + one['id']).json() == one
    assert strict.get('/v2/policyresults', params={'sort': 'id'}).status_code == 400
    assert strict.get('/v2/policyresults', params={'filter': 'state:eq:pending'}).json()[0]['systemID'] == systems[1]


def test_policy_graph(strict, sim):
    tmpl = template(strict, 'disable_usb_storage_linux')
    policy = strict.post('/v2/policies', json={'name': 'usb', 'template': {'id': tmpl['id']}}).json()['id']
    ids = sim.seed({'systems': [{'displayName': 'a'}, {'displayName': 'b'}], 'systemgroups': [{'name': 'linux'}]})
    group = ids['systemgroups'][0]
    strict.post('/v2/systemgroups/%s/members' % group, json={'op': 'add', 'type': 'system', 'id': ids['systems'][1]})
    strict.post('/v2/policies/%s/associations' % policy, json={'op': 'add', 'type': 'system', 'id': ids['systems'][0]})
    strict.post('/v2/policies/%s/associations' % policy, json={'op': 'add', 'type': 'system_group', 'id': group})
    assert sorted(s['id'] for s in strict.get('/v2/policies/%s/systems' % policy).json()) == sorted(ids['systems'])
    assert [p['id'] for p in strict.get('/v2/systems/%s/policies' % ids['systems'][1]).json()] == [policy]
    assert strict.delete('/v2/policies/' + policy).status_code == 204
    assert strict.get('/v2/systemgroups/%s/associations' % group, params={'targets': 'policy'}).json() == []
