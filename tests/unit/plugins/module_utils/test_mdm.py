from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _mdm
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudClient, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse, FakeSession

KEY = 'jca_0123456789abcdef0123456789abcdef0123'
PIN = '048213'


class FakeMdm:
    """A tiny Apple MDM API: servers, devices per server, lock states; it records every request."""

    def __init__(self, servers, devices, lock_states=None, lockstate_body=None):
        self.servers = servers
        self.devices = devices            # server id -> [device]
        self.lock_states = lock_states or {}
        self.lockstate_body = lockstate_body
        self.sent = []

    def __call__(self, method, url, kwargs):
        path = urlsplit(url).path
        params = kwargs.get('params') or {}
        self.sent.append((method, path, dict(params), kwargs.get('json')))
        if path == '/api/v2/applemdms':
            return FakeResponse(200, self.page(self.servers, params))
        found = re.match(r'^/api/v2/applemdms/(\w+)/devices(?:/(\w+))?(?:/(\w+))?$', path)
        server, device_id, tail = found.groups()
        devices = self.devices.get(server, [])
        if device_id is None:
            assert params['sort'] == 'id'
            wanted = params.get('filter', '')
            if wanted:
                field, dummy, value = wanted.split(':', 2)
                devices = [d for d in devices if str(d.get(field)).lower() == value.lower()]
            return FakeResponse(200, self.page(devices, params))
        device = next((d for d in devices if d['id'] == device_id), None)
        if device is None:
            return FakeResponse(404, {'code': 404, 'message': 'Not Found', 'status': 'Not Found'})
        if tail is None and method == 'GET':
            return FakeResponse(200, device)
        if tail is None and method == 'DELETE':
            return FakeResponse(200, device)
        if tail == 'lockstate':
            if device_id not in self.lock_states:
                return FakeResponse(404, {'code': 404, 'message': 'Not Found', 'status': 'Not Found'})
            return FakeResponse(200, self.lockstate_body or {'lockState': self.lock_states[device_id]})
        return FakeResponse(204)

    @staticmethod
    def page(items, params):
        skip, limit = params.get('skip', 0), params.get('limit', 10)
        return items[skip:skip + limit]

    def writes(self):
        return [(method, path, body) for method, path, dummy, body in self.sent if method != 'GET']


def mac(ident, serial, **fields):
    device = dict(id=ident, serialNumber=serial, enrolled=True, mdmOsFamily='macOS', modelFamily='Mac')
    device.update(fields)
    return device


def client_for(api):
    return JumpCloudClient(api_key=KEY, session=FakeSession(handler=api), sleep=lambda seconds: None)


def params(**given):
    out = dict(serial_number=None, id=None, mdm=None, action='lock', pin=None, confirm=True, kext_paths=None)
    out.update(given)
    return out


# -- input checks (no request) -------------------------------------------------------------------------------

@pytest.mark.parametrize('given, message', [
    (dict(action='lock', pin='12345'), 'pin must be exactly 6 digits'),
    (dict(action='erase', pin='1234567'), 'pin must be exactly 6 digits'),
    (dict(action='lock', pin='12a456'), 'pin must be exactly 6 digits'),
    (dict(action='lock', pin='123456\n'), 'pin must be exactly 6 digits'),
    (dict(action='restart', pin='123456'), 'pin is used only by action=lock and action=erase'),
    (dict(action='shutdown', kext_paths=['/x.kext']), 'kext_paths is used only by action=restart'),
    (dict(action='erase', pin='123456', confirm=False), "Refusing to erase the device with serial number 'C02XYZ' without confirm=true"),
    (dict(action='lock', pin='123456', confirm=False), 'only the 6-digit PIN opens'),
    (dict(action='unenroll', confirm=False), 'deletes its MDM device record'),
])
def test_bad_input_is_refused_before_any_request(given, message):
    api = FakeMdm([], {})
    with pytest.raises(JumpCloudValueError) as err:
        _mdm.device_action(client_for(api), params(serial_number='C02XYZ', **given))
    assert message in str(err.value)
    assert '123456' not in str(err.value) and '12345' not in str(err.value)
    assert api.sent == []


def test_plain_actions_need_no_confirm():
    for name in ('restart', 'shutdown', 'clear_passcode'):
        _mdm.check_action_input(_mdm.ACTIONS[name], serial_number='X', confirm=False)
    assert {name for name, action in _mdm.ACTIONS.items() if action.needs_confirm} == {'lock', 'erase', 'unenroll'}


def test_device_filters():
    assert _mdm.device_filters({'enrolled': True, 'osVersion': ['14.4', '14.5'], 'serialNumber': 'C02'}) == [
        'enrolled:eq:true', 'osVersion:in:14.4|14.5', 'serialNumber:eq:C02']
    assert _mdm.device_filters(None) == []
    with pytest.raises(JumpCloudValueError, match="does not filter Apple MDM devices on 'modelFamily'"):
        _mdm.device_filters({'modelFamily': 'Mac'})
    with pytest.raises(JumpCloudValueError, match='cannot contain'):
        _mdm.device_filters({'serialNumber': 'a,b'})


# -- pure rules ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize('body, state', [
    ({'lockState': 'LOCKED'}, 'locked'),
    ({'lockState': 'UNLOCKED'}, 'unlocked'),
    ({'lockState': 'PENDING'}, 'pending'),
    ({'lockState': 'LOCK_PENDING'}, 'pending'),
    ({'state': 'locked'}, 'locked'),
    ({'locked': True}, 'locked'),
    ({'isLocked': False}, 'unlocked'),
    ({'lockState': 'DEVICE_LOCK_STATE_NOT_LOCKED'}, 'unlocked'),
    ({'lockState': 'LOCK_STATE_UNSPECIFIED'}, 'unknown'),
    ({'lockState': 'UNKNOWN'}, 'unknown'),
    ({}, 'unknown'),
    (None, 'unknown'),
    ('LOCKED', 'locked'),
    ({'other': 'LOCKED'}, 'unknown'),
])
def test_parse_lock_state(body, state):
    assert _mdm.parse_lock_state(body) == state


def test_plan_rules():
    lock, erase, unenroll, restart = (_mdm.ACTIONS[name] for name in ('lock', 'erase', 'unenroll', 'restart'))
    enrolled, gone = mac('a' * 24, 'C02A'), mac('b' * 24, 'C02B', enrolled=False)
    assert _mdm.plan(lock, enrolled, 'unlocked') == (True, None)
    assert _mdm.plan(lock, enrolled, 'unknown') == (True, None)
    assert _mdm.plan(lock, enrolled, 'locked') == (False, 'device C02A is already locked')
    assert _mdm.plan(lock, enrolled, 'pending')[0] is False
    assert _mdm.plan(erase, enrolled) == (True, None)
    assert _mdm.plan(erase, gone)[1].startswith('device C02B is not enrolled in MDM (already erased')
    assert _mdm.plan(unenroll, gone) == (False, 'device C02B is not enrolled in MDM: nothing to remove')
    assert _mdm.plan(restart, enrolled) == (True, None)
    for action in (lock, restart, _mdm.ACTIONS['shutdown'], _mdm.ACTIONS['clear_passcode']):
        with pytest.raises(JumpCloudValueError, match='not enrolled in MDM: it cannot receive'):
            _mdm.plan(action, gone, 'unlocked')


def test_needs_pin():
    assert _mdm.needs_pin(mac('a' * 24, 'A'))
    assert _mdm.needs_pin({'id': 'x'})
    assert not _mdm.needs_pin({'mdmOsFamily': 'iOS', 'modelFamily': 'iPhone'})
    assert not _mdm.needs_pin({'mdmOsFamily': 'iPadOS'})
    assert not _mdm.needs_pin({'modelFamily': 'Apple TV'})


# -- listing and finding -------------------------------------------------------------------------------------

def test_all_devices_pages_every_server():
    east = [mac('%024x' % n, 'E%03d' % n) for n in range(1, 251)]
    west = [mac('%024x' % (1000 + n), 'W%03d' % n) for n in range(100)]
    api = FakeMdm([{'id': 'e' * 24, 'name': 'East'}, {'id': 'f' * 24, 'name': 'West'}], {'e' * 24: east, 'f' * 24: west})
    client = client_for(api)
    servers = _mdm.resolve_servers(client)
    devices = _mdm.all_devices(client, servers)
    assert len(devices) == 350
    assert [d['mdm_id'] for d in devices].count('e' * 24) == 250
    assert api.sent[0][2] == {'limit': 100, 'skip': 0}
    lists = [(path, p['skip']) for method, path, p, dummy in api.sent if path.endswith('/devices')]
    assert sorted(lists) == sorted([('/api/v2/applemdms/%s/devices' % ('e' * 24), skip) for skip in (0, 100, 200)]
                                   + [('/api/v2/applemdms/%s/devices' % ('f' * 24), skip) for skip in (0, 100)])


def test_resolve_servers():
    servers = [{'id': 'a' * 24, 'name': 'Main'}, {'id': 'b' * 24, 'name': 'Twin'}, {'id': 'c' * 24, 'name': 'Twin'}]
    client = client_for(FakeMdm(servers, {}))
    assert _mdm.resolve_servers(client, 'Main') == servers[:1]
    assert _mdm.resolve_servers(client, 'c' * 24) == servers[2:]
    with pytest.raises(JumpCloudValueError, match="^mdm: Apple MDM server name 'Twin' is ambiguous: 2 servers"):
        _mdm.resolve_servers(client, 'Twin')
    with pytest.raises(JumpCloudValueError, match="^mdm: no Apple MDM server named or with id 'Nope'; the organization has 'Main'"):
        _mdm.resolve_servers(client, 'Nope')
    empty = client_for(FakeMdm([], {}))
    with pytest.raises(JumpCloudValueError, match='no Apple MDM server'):
        _mdm.resolve_servers(empty)
    assert _mdm.resolve_servers(empty, required=False) == []


def test_find_device_by_serial_is_exact_and_refuses_ambiguity():
    servers = [{'id': 'a' * 24, 'name': 'East'}, {'id': 'b' * 24, 'name': 'West'}]
    api = FakeMdm(servers, {'a' * 24: [mac('1' * 24, 'C02X')], 'b' * 24: [mac('2' * 24, 'C02X'), mac('3' * 24, 'C02Y')]})
    client = client_for(api)
    assert _mdm.find_device(client, servers[1:], serial_number='C02Y')['id'] == '3' * 24
    assert _mdm.find_device(client, servers, serial_number='C02Z') is None
    with pytest.raises(JumpCloudValueError) as err:
        _mdm.find_device(client, servers, serial_number='C02X')
    assert str(err.value).startswith("serial_number: serial number 'C02X' is ambiguous")
    assert "device %s in Apple MDM server 'East'" % ('1' * 24) in str(err.value)
    assert _mdm.find_device(client, servers, device_id='2' * 24)['mdm_id'] == 'b' * 24
    assert any(p.get('filter') == 'serialNumber:eq:C02Y' for dummy, dummy2, p, dummy3 in api.sent)


# -- the action routine --------------------------------------------------------------------------------------

def one_server(*devices, lock_states=None, lockstate_body=None):
    return FakeMdm([{'id': 'a' * 24, 'name': 'Main'}], {'a' * 24: list(devices)}, lock_states, lockstate_body)


def test_lock_sends_pin_once_then_is_skipped():
    api = one_server(mac('1' * 24, 'C02X'), lock_states={'1' * 24: 'UNLOCKED'})
    client = client_for(api)
    result = _mdm.device_action(client, params(serial_number='C02X', pin=PIN))
    assert result['changed'] and result['msg'] == 'The lock command to device C02X sent'
    assert result['lock_state'] == 'unlocked' and result['device']['mdm_id'] == 'a' * 24
    assert result['diff'] == {'before': {'device': 'C02X', 'present': True, 'enrolled': True, 'lock_state': 'unlocked'},
                              'after': {'device': 'C02X', 'present': True, 'enrolled': True, 'lock_state': 'locked'}}
    assert api.writes() == [('POST', '/api/v2/applemdms/%s/devices/%s/lock' % ('a' * 24, '1' * 24), {'pin': PIN})]
    api.lock_states['1' * 24] = 'LOCKED'
    again = _mdm.device_action(client, params(serial_number='C02X', pin=PIN))
    assert not again['changed'] and again['msg'] == 'device C02X is already locked'
    assert len(api.writes()) == 1


def test_check_mode_sends_nothing():
    for action in ('lock', 'erase', 'unenroll', 'restart', 'shutdown', 'clear_passcode'):
        api = one_server(mac('1' * 24, 'C02X'), lock_states={'1' * 24: 'UNLOCKED'})
        pin = PIN if action in ('lock', 'erase') else None
        client = client_for(api)
        client.check_mode = True
        result = _mdm.device_action(client, params(serial_number='C02X', action=action, pin=pin))
        assert result['changed'] and result['msg'] == '%s device C02X would be %s' % (_mdm.ACTIONS[action].what, _mdm.ACTIONS[action].done)
        assert api.writes() == []


def test_mac_without_pin_is_refused_before_any_write():
    api = one_server(mac('1' * 24, 'C02X'), lock_states={'1' * 24: 'LOCKED'})
    with pytest.raises(JumpCloudValueError, match='Device C02X is a Mac: action=lock needs pin'):
        _mdm.device_action(client_for(api), params(serial_number='C02X'))
    assert api.writes() == []


def test_iphone_lock_has_no_pin_and_no_lock_state():
    api = one_server(dict(id='1' * 24, serialNumber='PHONE', enrolled=True, mdmOsFamily='iOS', modelFamily='iPhone'))
    result = _mdm.device_action(client_for(api), params(serial_number='PHONE', pin=PIN))
    assert result['changed'] and result['lock_state'] == 'unknown'
    assert api.writes()[0][2] == {}


def test_unrecognised_lock_state_sends_the_lock():
    api = one_server(mac('1' * 24, 'C02X'), lock_states={'1' * 24: 'x'}, lockstate_body={'something': 'else'})
    assert _mdm.device_action(client_for(api), params(serial_number='C02X', pin=PIN))['changed']


def test_unenroll_and_missing_devices():
    api = one_server(mac('1' * 24, 'C02X'))
    client = client_for(api)
    result = _mdm.device_action(client, params(serial_number='C02X', action='unenroll'))
    assert result['changed'] and result['msg'] == 'The MDM enrollment of device C02X removed'
    assert result['device']['mdm_id'] == 'a' * 24
    assert api.writes() == [('DELETE', '/api/v2/applemdms/%s/devices/%s' % ('a' * 24, '1' * 24), None)]
    gone = _mdm.device_action(client, params(serial_number='NOPE', action='unenroll'))
    assert not gone['changed'] and gone['device'] == {}
    assert gone['msg'] == "The device with serial number 'NOPE' is not enrolled in Apple MDM server 'Main' (%s): nothing to remove" % (
        'a' * 24)
    with pytest.raises(JumpCloudValueError, match="No Apple MDM device: the device with serial number 'NOPE' is not in"):
        _mdm.device_action(client, params(serial_number='NOPE', action='restart'))
    assert len(api.writes()) == 1


def test_erase_of_an_unenrolled_device_is_done():
    api = one_server(mac('1' * 24, 'C02X', enrolled=False))
    result = _mdm.device_action(client_for(api), params(serial_number='C02X', action='erase', pin=PIN))
    assert not result['changed'] and 'already erased' in result['msg']
    assert api.writes() == []


def test_restart_body_and_plain_actions():
    api = one_server(mac('1' * 24, 'C02X'))
    client = client_for(api)
    _mdm.device_action(client, params(id='1' * 24, action='restart', kext_paths=['/L/E/a.kext']))
    _mdm.device_action(client, params(id='1' * 24, action='restart'))
    _mdm.device_action(client, params(id='1' * 24, action='shutdown'))
    _mdm.device_action(client, params(id='1' * 24, action='clear_passcode'))
    base = '/api/v2/applemdms/%s/devices/%s/' % ('a' * 24, '1' * 24)
    assert api.writes() == [('POST', base + 'restart', {'kextPaths': ['/L/E/a.kext']}), ('POST', base + 'restart', {}),
                            ('POST', base + 'shutdown', None), ('POST', base + 'clearPasscode', None)]


def test_read_devices():
    api = one_server(mac('1' * 24, 'C02X'), mac('2' * 24, 'C02Y', enrolled=False), lock_states={'1' * 24: 'LOCKED'})
    client = client_for(api)
    everything = _mdm.read_devices(client, dict(filter=None))
    assert [d['serialNumber'] for d in everything['devices']] == ['C02X', 'C02Y']
    assert everything['mdm_servers'] == [{'id': 'a' * 24, 'name': 'Main'}]
    enrolled = _mdm.read_devices(client, dict(filter={'enrolled': True}, include_lock_state=True))
    assert [(d['serialNumber'], d['lock_state']) for d in enrolled['devices']] == [('C02X', 'locked')]
    assert _mdm.read_devices(client, dict(serial_number='C02Y'))['devices'][0]['id'] == '2' * 24
    assert _mdm.read_devices(client_for(FakeMdm([], {})), dict()) == dict(changed=False, devices=[], mdm_servers=[])
