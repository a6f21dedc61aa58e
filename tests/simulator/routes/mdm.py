"""v2 Apple MDM: /applemdms (the MDM servers), their devices, the device commands and the lock state.

Servers and devices come from the seed (``applemdms``, ``appledevices``); nothing creates them over
the API. Each device belongs to one server (private ``_appleMdmId``) and keeps, privately:

* ``_commands``: every command it received, ``{type, sentAt, status, pin?, kextPaths?}`` (``status``
  ``acknowledged`` when the device was online, ``queued`` when not); the PIN is never returned by the
  API, only ``/_sim/state`` shows it;
* ``_lockState``: ``UNLOCKED``, ``LOCKED`` or ``PENDING`` (a lock queued for an offline device), read
  through ``GET .../lockstate``;
* ``_online`` (default true): an offline device queues commands and nothing takes effect.

Effects on an online device: ``lock`` -> lock state LOCKED; ``erase`` -> wiped: ``enrolled`` false, lock
state UNLOCKED, the device record kept (it can be enrolled again); ``clearPasscode`` (iOS and iPadOS)
-> ``securityInfo.passcodePresent`` false; ``DELETE`` (remove the enrollment) -> the device record is
deleted. The v1 system of a Mac (the one whose ``mdm.internal.deviceId`` is the device id) follows:
erased -> ``active`` false and ``mdm.vendor`` none; enrollment removed -> ``mdm.vendor`` none.
"""

import hashlib

from .. import query as q
from ..common import BadRequest, NotFound, Response, now_iso, public
from ..seed import SeedError, completer
from . import route
from .systems import complete as complete_system

SERVERS = 'applemdms'
DEVICES = 'appledevices'
# the fields the document lets GET /applemdms/{id}/devices filter and sort on
DEVICE_FIELDS = ('createdAt', 'depRegistered', 'enrolled', 'id', 'osVersion', 'serialNumber', 'udid')
# GET /applemdms: trait_limitDefault1_limit (default 1, maximum 100)
SERVER_LIMIT_DEFAULT = 1
PIN_FAMILIES = ('macos',)   # lock and erase need a 6-digit PIN on these (the document: "required for MacOS")
PASSCODE_FAMILIES = ('ios', 'ipados')   # Apple's ClearPasscode exists for iOS and iPadOS only
LOCK_STATES = ('UNLOCKED', 'LOCKED', 'PENDING')

FAMILY_PROFILES = {
    'macos': {
        'modelFamily': 'Mac', 'mdmOsFamily': 'macOS', 'osVersion': '14.5',
        'deviceInformation': {'modelName': 'MacBook Pro', 'modelMarketingName': 'MacBook Pro (14-inch, M3, 2023)',
                              'modelNumber': 'Mac15,3', 'osMarketingName': 'macOS Sonoma', 'osBuildVersion': '23F79',
                              'deviceCapacity': 494.38, 'availableDeviceCapacity': 312.7, 'isAppleSilicon': True},
    },
    'ios': {
        'modelFamily': 'iPhone', 'mdmOsFamily': 'iOS', 'osVersion': '17.5.1',
        'deviceInformation': {'modelName': 'iPhone', 'modelMarketingName': 'iPhone 15', 'modelNumber': 'MTLX3',
                              'osMarketingName': 'iOS 17', 'osBuildVersion': '21F90', 'deviceCapacity': 128.0,
                              'availableDeviceCapacity': 71.4, 'isAppleSilicon': True,
                              'subscriberCarrierNetwork': 'Example Mobile'},
    },
    'ipados': {
        'modelFamily': 'iPad', 'mdmOsFamily': 'iPadOS', 'osVersion': '17.5.1',
        'deviceInformation': {'modelName': 'iPad', 'modelMarketingName': 'iPad Air (5th generation)',
                              'modelNumber': 'MM9C3', 'osMarketingName': 'iPadOS 17', 'osBuildVersion': '21F90',
                              'deviceCapacity': 64.0, 'availableDeviceCapacity': 40.2, 'isAppleSilicon': True},
    },
}


def family(device):
    """``macos``, ``ios`` or ``ipados`` from ``mdmOsFamily`` (then ``modelFamily``); macOS when unknown."""
    name = (device.get('mdmOsFamily') or device.get('modelFamily') or 'macos').lower()
    if 'ipad' in name:
        return 'ipados'
    if 'ios' in name or 'iphone' in name:
        return 'ios'
    return 'macos'


def _digest(ident, salt=''):
    return hashlib.sha1((salt + ident).encode('ascii')).hexdigest().upper()


def _serial(ident):
    alphabet = 'C0123456789DFGHJKLMNPQRTVWXY'
    number = int(_digest(ident, 'serial'), 16)
    chars = []
    for dummy in range(10):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return ''.join(chars)


# ---- servers ---------------------------------------------------------------

@completer(SERVERS)
def complete_server(app, obj, _existing):
    ident = obj['id']
    server = {
        'id': ident,
        'name': 'JumpCloud MDM',
        'organization': app.organization,
        'apnsPushTopic': 'com.apple.mgmt.External.%s' % _digest(ident, 'topic')[:32].lower(),
        'apnsCertExpiry': '2027-03-01T12:00:00.000Z',
        'appleCertCreatorAppleID': 'it-admin@example.com',
        'appleCertSerialNumber': _digest(ident, 'cert')[:16],
        'depServerTokenState': 'valid',
        'depAccessTokenExpiry': '2027-03-01T12:00:00.000Z',
        'defaultSystemGroupID': None,
        'defaultIosUserEnrollmentDeviceGroupID': None,
        'allowMobileUserEnrollment': False,
        'serviceDiscoveryEnabled': False,
        'ades': {'macos': {'enableZeroTouchEnrollment': False, 'defaultDeviceGroupObjectIds': None},
                 'ios': {'enableZeroTouchEnrollment': False, 'defaultDeviceGroupObjectIds': None}},
    }
    server.update(obj)
    return server


def load_server(store, ident):
    server = store.get(SERVERS, ident)
    if server is None:
        raise NotFound('apple mdm', ident)
    return server


@route('GET', 2, '/applemdms')
def list_servers(req):
    query = dict(req.query)
    if not query.get('limit') or query['limit'][-1] in ('', '0'):
        query['limit'] = [str(SERVER_LIMIT_DEFAULT)]
    predicate = q.v2_predicate(query)
    servers = [s for s in req.store.all(SERVERS) if predicate is None or predicate(s)]
    return Response(200, [public(s) for s in q.page(servers, query)])


# ---- devices ---------------------------------------------------------------

def _server_for_seed(store, obj):
    ref = obj.pop('mdm', None) or obj.get('_appleMdmId')
    servers = store.all(SERVERS)
    if ref is None:
        if len(servers) != 1:
            raise SeedError('appledevices entry %s: give "mdm" (the Apple MDM id or name); the organization has %d'
                            % (obj.get('serialNumber') or obj['id'], len(servers)))
        return servers[0]['id']
    for server in servers:
        if ref == server['id']:
            return ref
    named = [s['id'] for s in servers if s.get('name') == ref]
    if len(named) != 1:
        raise SeedError('appledevices entry %s: "mdm" %r matches %d Apple MDMs'
                        % (obj.get('serialNumber') or obj['id'], ref, len(named)))
    return named[0]


def _system_mdm(device):
    dep = bool(device.get('depRegistered'))
    return {'vendor': 'internal', 'internal': {'deviceId': device['id']}, 'dep': dep, 'userApproved': True,
            'enrollmentType': 'automated device' if dep else 'device',
            'profileIdentifier': 'com.jumpcloud.mdm.%s' % device['_appleMdmId']}


def _seed_system(app, device, spec):
    """The v1 system of a seeded Mac (``"system": true`` or a dict of system fields)."""
    if family(device) != 'macos':
        raise SeedError('appledevices entry %s: "system" is for macOS devices' % device['serialNumber'])
    name = device['deviceInformation'].get('deviceName') or 'mac-%s' % device['serialNumber'].lower()
    system = {'displayName': name, 'hostname': name.lower().replace(' ', '-'), 'os': 'Mac OS X', 'osFamily': 'darwin',
              'serialNumber': device['serialNumber'], 'mdm': _system_mdm(device),
              'provisionMetadata': {'provisioner': {'type': 'mdm' if device.get('depRegistered') else 'administrator'}}}
    if isinstance(spec, dict):
        system.update(spec)
    store = app.store
    if not system.get('_id'):
        system['_id'] = store.new_id()
    system = complete_system(app, system, store.get('systems', system['_id']))
    store.put('systems', system)
    return system['_id']


@completer(DEVICES)
def complete_device(app, obj, existing):
    obj = dict(obj)
    store = app.store
    server_id = _server_for_seed(store, obj)
    system = obj.pop('system', None)
    ident = obj['id']
    fam = family(obj)
    profile = FAMILY_PROFILES[fam]
    dep = bool(obj.get('depRegistered', False))
    device = {
        'id': ident,
        'serialNumber': _serial(ident),
        'udid': '%s-%s' % (_digest(ident, 'udid')[:8], _digest(ident, 'udid')[8:24]),
        'osVersion': profile['osVersion'],
        'depRegistered': dep,
        'enrolled': True,
        'createdAt': now_iso(),
        'hasActivationLockBypassCodes': False,
        'modelFamily': profile['modelFamily'],
        'mdmOsFamily': profile['mdmOsFamily'],
    }
    device.update(dict((k, v) for k, v in obj.items() if k not in ('deviceInformation', 'securityInfo')))
    info = dict(profile['deviceInformation'])
    info.update({'isSupervised': dep, 'activationLockAllowedWhileSupervised': False,
                 'deviceName': '%s %s' % ('MacBook Pro' if fam == 'macos' else profile['modelFamily'],
                                          device['serialNumber'][-4:]),
                 'wifiMac': ':'.join(_digest(ident, 'mac')[i:i + 2].lower() for i in range(0, 12, 2))})
    info.update(obj.get('deviceInformation') or {})
    security = {'enrolledViaDep': dep, 'isActivationLockManageable': dep, 'isUserEnrollment': False,
                'userApprovedEnrollment': True, 'passcodePresent': True, 'passcodeCompliant': True,
                'filevaultEnabled': fam == 'macos', 'recoveryLockEnabled': False}
    security.update(obj.get('securityInfo') or {})
    device['deviceInformation'] = info
    device['securityInfo'] = security
    device['_appleMdmId'] = server_id
    device.setdefault('_commands', list((existing or {}).get('_commands') or []))
    device.setdefault('_lockState', 'UNLOCKED')
    device.setdefault('_online', True)
    if device['_lockState'] not in LOCK_STATES:
        raise SeedError('appledevices entry %s: _lockState is one of %s' % (device['serialNumber'], ', '.join(LOCK_STATES)))
    if system:
        device['_systemId'] = _seed_system(app, device, system)
    return device


def render(device):
    return public(device)


def load_device(store, server_id, device_id):
    load_server(store, server_id)
    device = store.get(DEVICES, device_id)
    if device is None or device['_appleMdmId'] != server_id:
        raise NotFound('apple mdm device', device_id)
    return device


def _linked_systems(store, device_id):
    return [s for s in store.all('systems') if ((s.get('mdm') or {}).get('internal') or {}).get('deviceId') == device_id]


def _update_systems(store, device_id, **changes):
    for system in _linked_systems(store, device_id):
        updated = dict(system)
        updated.update(changes)
        store.put('systems', updated)


@route('GET', 2, '/applemdms/{apple_mdm_id}/devices')
def list_devices(req):
    server_id = req.params['apple_mdm_id']
    load_server(req.store, server_id)
    predicate = q.v2_predicate(req.query)
    for raw in req.query.get('filter', []):
        for expr in raw.split(','):
            field = expr.split(':', 1)[0]
            if expr and field not in DEVICE_FIELDS:
                raise BadRequest('invalid filter field: %s (allowed: %s)' % (field, ', '.join(DEVICE_FIELDS)))
    devices = [d for d in req.store.all(DEVICES) if d['_appleMdmId'] == server_id]
    if predicate:
        devices = [d for d in devices if predicate(d)]
    devices = q.apply_sort(devices, req.query, 2, DEVICE_FIELDS)
    headers = {}
    if 'x-total-count' in req.headers:
        headers['x-total-count'] = str(len(devices))
    return Response(200, [render(d) for d in q.page(devices, req.query)], headers=headers)


@route('GET', 2, '/applemdms/{apple_mdm_id}/devices/{device_id}')
def get_device(req):
    return Response(200, render(load_device(req.store, req.params['apple_mdm_id'], req.params['device_id'])))


@route('DELETE', 2, '/applemdms/{apple_mdm_id}/devices/{device_id}')
def remove_enrollment(req):
    store = req.store
    with store.lock:
        device = load_device(store, req.params['apple_mdm_id'], req.params['device_id'])
        store.delete(DEVICES, device['id'])
        _update_systems(store, device['id'], mdm={'vendor': 'none'})
    return Response(200, render(device))


@route('GET', 2, '/applemdms/{deviceManagerObjectId}/devices/{deviceObjectId}/lockstate')
def lock_state(req):
    device = load_device(req.store, req.params['deviceManagerObjectId'], req.params['deviceObjectId'])
    if family(device) != 'macos':
        raise NotFound('lock state of macOS device', device['id'])
    return Response(200, {'lockState': device['_lockState']})


def _message(status, message):
    """The ``{message}`` body these operations declare for 400 and 500."""
    return Response(status, {'message': message})


def _command(name, req):
    store = req.store
    with store.lock:
        device = dict(load_device(store, req.params['apple_mdm_id'], req.params['device_id']))
        body = req.json()
        fam = family(device)
        if not device.get('enrolled'):
            return _message(400, 'device %s is not enrolled' % device['id'])
        if name in ('lock', 'erase') and fam in PIN_FAMILIES and not body.get('pin'):
            return _message(400, 'a 6-digit pin is required to %s a macOS device' % name)
        if name == 'clearPasscode' and fam not in PASSCODE_FAMILIES:
            return Response(412, {'code': 412, 'message': 'clear passcode is available for iOS and iPadOS devices only',
                                  'status': 'Precondition Failed'})
        online = device.get('_online', True)
        entry = {'type': name, 'sentAt': now_iso(), 'status': 'acknowledged' if online else 'queued'}
        for key in ('pin', 'kextPaths'):
            if key in body:
                entry[key] = body[key]
        device['_commands'] = list(device.get('_commands') or []) + [entry]
        if name == 'lock':
            device['_lockState'] = 'LOCKED' if online else 'PENDING'
        elif online and name == 'erase':
            device['enrolled'] = False
            device['_lockState'] = 'UNLOCKED'
            _update_systems(store, device['id'], active=False, mdm={'vendor': 'none'})
        elif online and name == 'clearPasscode':
            device['securityInfo'] = dict(device.get('securityInfo') or {}, passcodePresent=False)
        store.put(DEVICES, device)
    return Response(204)


def _register(name):
    route('POST', 2, '/applemdms/{apple_mdm_id}/devices/{device_id}/%s' % name)(lambda req: _command(name, req))


for _name in ('lock', 'erase', 'restart', 'shutdown', 'clearPasscode'):
    _register(_name)
