"""v2 Apple MDM: servers, devices, device commands, lock state and the link to v1 systems."""

import pytest

from tests.simulator.harness import SimulatorError

MISSING = '5f0c1b2a3c4d5e6f7a8b9c0d'


def seed_fleet(sim, devices, servers=None):
    created = sim.seed({'applemdms': servers or [{'name': 'Main MDM'}], 'appledevices': devices})
    return created['applemdms'], created['appledevices']


def device_state(sim, device_id):
    return [d for d in sim.state()['appledevices'] if d['id'] == device_id][0]


def test_servers_list_defaults_to_one_and_pages(strict, sim):
    sim.seed({'applemdms': [{'name': 'MDM %d' % n} for n in range(3)]})
    first = strict.get('/v2/applemdms').json()
    assert len(first) == 1 and first[0]['name'] == 'MDM 0'
    for key in ('id', 'name', 'organization', 'apnsPushTopic', 'depServerTokenState', 'apnsCertExpiry', 'ades'):
        assert key in first[0], key
    assert [s['name'] for s in strict.get('/v2/applemdms', params={'limit': 100}).json()] == ['MDM 0', 'MDM 1', 'MDM 2']
    assert [s['name'] for s in strict.get('/v2/applemdms', params={'limit': 2, 'skip': 2}).json()] == ['MDM 2']
    named = strict.get('/v2/applemdms', params={'limit': 100, 'filter': 'name:eq:MDM 1'}).json()
    assert [s['name'] for s in named] == ['MDM 1']


@pytest.mark.documents
def test_servers_refuse_large_limit_and_sort(api, sim):
    sim.seed({'applemdms': [{'name': 'Main'}]})
    assert api.get('/v2/applemdms', params={'limit': 101}).status_code == 400
    assert api.get('/v2/applemdms', params={'sort': 'name'}).status_code == 400


def test_devices_realistic_fields_filters_sort_and_paging(strict, sim):
    (server,), ids = seed_fleet(sim, [{'serialNumber': 'SN%03d' % n, 'depRegistered': n % 2 == 0,
                                       'osVersion': '14.%d' % (n % 3)} for n in range(250)]
                                + [{'serialNumber': 'IPHONE1', 'mdmOsFamily': 'iOS'}])
    path = '/v2/applemdms/%s/devices' % server
    assert len(strict.get(path).json()) == 10
    seen = []
    skip = 0
    while True:
        page = strict.get(path, params={'limit': 100, 'skip': skip, 'sort': 'id'}).json()
        seen.extend(d['id'] for d in page)
        skip += len(page)
        if len(page) < 100:
            break
    assert seen == sorted(ids) and len(seen) == 251
    mac = strict.get(path, params={'filter': 'serialNumber:eq:SN007'}).json()[0]
    for key in ('id', 'serialNumber', 'udid', 'osVersion', 'depRegistered', 'enrolled', 'createdAt', 'modelFamily',
                'mdmOsFamily', 'deviceInformation', 'securityInfo', 'hasActivationLockBypassCodes'):
        assert key in mac, key
    assert mac['mdmOsFamily'] == 'macOS' and mac['modelFamily'] == 'Mac' and mac['enrolled'] is True
    assert mac['deviceInformation']['deviceName'] and mac['securityInfo']['filevaultEnabled'] is True
    assert not [k for k in mac if k.startswith('_')]
    iphone = strict.get(path, params={'filter': 'serialNumber:eq:IPHONE1'}).json()[0]
    assert iphone['mdmOsFamily'] == 'iOS' and iphone['modelFamily'] == 'iPhone'
    dep = strict.get(path, params={'filter': 'depRegistered:eq:true,osVersion:eq:14.1', 'limit': 100}).json()
    assert dep and all(d['depRegistered'] and d['osVersion'] == '14.1' for d in dep)
    desc = strict.get(path, params={'sort': '-serialNumber', 'limit': 2}).json()
    assert [d['serialNumber'] for d in desc] == ['SN249', 'SN248']
    counted = strict.get(path, params={'limit': 1, 'filter': 'depRegistered:eq:true'}, headers={'x-total-count': '0'})
    assert counted.headers['x-total-count'] == '125'
    assert strict.get('%s/%s' % (path, ids[3])).json()['serialNumber'] == 'SN003'


def test_device_list_refuses_undocumented_fields_and_unknown_servers(api, sim):
    (server,), dummy = seed_fleet(sim, [{'serialNumber': 'A'}])
    path = '/v2/applemdms/%s/devices' % server
    assert api.get(path, params={'filter': 'modelFamily:eq:Mac'}).status_code == 400
    assert api.get(path, params={'sort': 'modelFamily'}).status_code == 400
    assert api.get('/v2/applemdms/%s/devices' % MISSING).status_code == 404


def test_devices_belong_to_their_server(strict, sim):
    servers, (one, two) = seed_fleet(sim, [{'serialNumber': 'ONE', 'mdm': 'East'}, {'serialNumber': 'TWO', 'mdm': 'West'}],
                                     servers=[{'name': 'East'}, {'name': 'West'}])
    east, west = servers
    assert [d['serialNumber'] for d in strict.get('/v2/applemdms/%s/devices' % east).json()] == ['ONE']
    assert strict.get('/v2/applemdms/%s/devices/%s' % (east, two)).status_code == 404
    assert strict.get('/v2/applemdms/%s/devices/%s' % (west, two)).status_code == 200
    assert device_state(sim, one)['_appleMdmId'] == east


def test_lock_records_pin_privately_and_reports_locked(strict, sim):
    (server,), (mac,) = seed_fleet(sim, [{'serialNumber': 'C02XYZ'}])
    base = '/v2/applemdms/%s/devices/%s' % (server, mac)
    assert strict.get(base + '/lockstate').json() == {'lockState': 'UNLOCKED'}
    response = strict.post(base + '/lock', json={'pin': '123456'})
    assert response.status_code == 204 and response.content == b''
    assert strict.get(base + '/lockstate', params={'organizationObjectId': sim.health()['organization']}).json() == {
        'lockState': 'LOCKED'}
    commands = device_state(sim, mac)['_commands']
    assert [(c['type'], c['pin'], c['status']) for c in commands] == [('lock', '123456', 'acknowledged')]
    assert '123456' not in strict.get(base).text


@pytest.mark.documents
def test_mac_lock_and_erase_need_a_six_digit_pin(api, sim):
    (server,), (mac, iphone) = seed_fleet(sim, [{'serialNumber': 'MAC'}, {'serialNumber': 'PHONE', 'mdmOsFamily': 'iOS'}])
    base = '/v2/applemdms/%s/devices/%s' % (server, mac)
    for name in ('lock', 'erase'):
        missing = api.post('%s/%s' % (base, name), json={})
        assert missing.status_code == 400 and missing.json() == {
            'message': 'a 6-digit pin is required to %s a macOS device' % name}
        assert api.post('%s/%s' % (base, name)).status_code == 400
        assert api.post('%s/%s' % (base, name), json={'pin': '12345'}).status_code == 400
    assert device_state(sim, mac)['_commands'] == []
    sim.clear_violations()
    assert api.post('/v2/applemdms/%s/devices/%s/lock' % (server, iphone), json={}).status_code == 204
    assert sim.violations() == []


def test_erase_wipes_and_leaves_mdm_with_the_system(strict, sim):
    (server,), (mac,) = seed_fleet(sim, [{'serialNumber': 'C02ERASE', 'depRegistered': True, 'system': True}])
    state = sim.state()
    system = [s for s in state['systems'] if s['serialNumber'] == 'C02ERASE'][0]
    assert system['mdm']['vendor'] == 'internal' and system['mdm']['internal']['deviceId'] == mac
    assert system['mdm']['dep'] is True and system['osFamily'] == 'darwin'
    assert strict.get('/systems/' + system['_id']).json()['mdm']['internal']['deviceId'] == mac
    base = '/v2/applemdms/%s/devices/%s' % (server, mac)
    strict.post(base + '/lock', json={'pin': '111111'})
    assert strict.post(base + '/erase', json={'pin': '222222'}).status_code == 204
    device = strict.get(base).json()
    assert device['enrolled'] is False and device['serialNumber'] == 'C02ERASE'
    assert strict.get(base + '/lockstate').json() == {'lockState': 'UNLOCKED'}
    system = strict.get('/systems/' + system['_id']).json()
    assert system['active'] is False and system['mdm'] == {'vendor': 'none'}
    refused = strict.post(base + '/restart', json={})
    assert refused.status_code == 400 and refused.json() == {'message': 'device %s is not enrolled' % mac}
    assert [c['type'] for c in device_state(sim, mac)['_commands']] == ['lock', 'erase']


def test_remove_enrollment_deletes_the_device(strict, sim):
    (server,), (mac,) = seed_fleet(sim, [{'serialNumber': 'C02GONE', 'system': {'displayName': 'gone-mac'}}])
    base = '/v2/applemdms/%s/devices/%s' % (server, mac)
    removed = strict.delete(base)
    assert removed.status_code == 200 and removed.json()['id'] == mac
    assert strict.get(base).status_code == 404
    assert strict.delete(base).status_code == 404
    assert strict.get(base + '/lockstate').status_code == 404
    assert strict.post(base + '/lock', json={'pin': '123456'}).status_code == 404
    system = [s for s in sim.state()['systems'] if s['displayName'] == 'gone-mac'][0]
    assert system['mdm'] == {'vendor': 'none'} and system['active'] is True


def test_plain_commands_and_clear_passcode(strict, sim):
    (server,), (mac, ipad) = seed_fleet(sim, [{'serialNumber': 'MAC'}, {'serialNumber': 'PAD', 'mdmOsFamily': 'iPadOS'}])
    mac_base = '/v2/applemdms/%s/devices/%s' % (server, mac)
    assert strict.post(mac_base + '/restart', json={'kextPaths': ['/Library/Extensions/x.kext']}).status_code == 204
    assert strict.post(mac_base + '/restart').status_code == 204
    assert strict.post(mac_base + '/shutdown').status_code == 204
    refused = strict.post(mac_base + '/clearPasscode')
    assert refused.status_code == 412 and refused.json()['code'] == 412
    commands = device_state(sim, mac)['_commands']
    assert [c['type'] for c in commands] == ['restart', 'restart', 'shutdown']
    assert commands[0]['kextPaths'] == ['/Library/Extensions/x.kext']
    pad_base = '/v2/applemdms/%s/devices/%s' % (server, ipad)
    assert strict.post(pad_base + '/clearPasscode').status_code == 204
    assert strict.get(pad_base).json()['securityInfo']['passcodePresent'] is False
    assert strict.get(pad_base + '/lockstate').status_code == 404


def test_offline_device_queues_commands(strict, sim):
    (server,), (mac,) = seed_fleet(sim, [{'serialNumber': 'AWAY', '_online': False}])
    base = '/v2/applemdms/%s/devices/%s' % (server, mac)
    strict.post(base + '/lock', json={'pin': '123456'})
    assert strict.get(base + '/lockstate').json() == {'lockState': 'PENDING'}
    strict.post(base + '/erase', json={'pin': '123456'})
    assert strict.get(base).json()['enrolled'] is True
    assert [c['status'] for c in device_state(sim, mac)['_commands']] == ['queued', 'queued']


def test_state_reloads_and_seed_errors(sim, api):
    seed_fleet(sim, [{'serialNumber': 'KEEP', 'system': True}])
    state = sim.state()
    sim.reset()
    sim.seed(state)
    again = sim.state()
    assert [d['serialNumber'] for d in again['appledevices']] == ['KEEP']
    assert len(again['systems']) == 1
    with pytest.raises(SimulatorError, match='matches 0 Apple MDMs'):
        sim.seed({'appledevices': [{'serialNumber': 'X', 'mdm': 'nope'}]})
    sim.seed({'applemdms': [{'name': 'Second'}]})
    with pytest.raises(SimulatorError, match='the organization has 2'):
        sim.seed({'appledevices': [{'serialNumber': 'NO-SERVER-GIVEN'}]})
    with pytest.raises(SimulatorError, match="system.* is for macOS devices"):
        sim.seed({'appledevices': [{'serialNumber': 'PHONE', 'mdm': 'Second', 'mdmOsFamily': 'iOS', 'system': True}]})


def test_device_reaches_its_user_through_the_v1_system(strict, sim):
    sim.seed({'systemusers': [{'username': 'leaver', 'email': 'leaver@example.com'}],
              'applemdms': [{'name': 'Main MDM'}],
              'appledevices': [{'serialNumber': 'C02JOIN', 'system': {'displayName': 'leaver-mac'}}],
              'associations': [{'from': {'type': 'user', 'name': 'leaver'}, 'to': {'type': 'system', 'name': 'leaver-mac'}}]})
    server = strict.get('/v2/applemdms').json()[0]['id']
    device = strict.get('/v2/applemdms/%s/devices' % server, params={'filter': 'serialNumber:eq:C02JOIN'}).json()[0]
    system = strict.get('/systems', params={'filter': 'serialNumber:$eq:C02JOIN'}).json()['results'][0]
    assert system['mdm']['internal']['deviceId'] == device['id']
    users = strict.get('/v2/systems/%s/users' % system['_id']).json()
    assert [u['id'] for u in users] == [sim.state()['systemusers'][0]['_id']]
