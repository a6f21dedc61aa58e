"""v1 /systems (read, update, delete; devices are enrolled by the agent, so only seeded), search and
the built-in device commands."""

import hashlib

from .. import query as q
from ..common import BadRequest, NotFound, Response, now_iso, public
from ..seed import completer
from . import route
from .users import search_body_matches

KIND = 'systems'
SEARCH_FIELDS = ('displayName', 'hostname', 'serialNumber', 'os', 'osFamily', 'remoteIP', 'description')
WRITABLE = ('displayName', 'allowMultiFactorAuthentication', 'allowPublicKeyAuthentication',
            'allowSshPasswordAuthentication', 'allowSshRootLogin', 'attributes', 'tags')
BUILTIN_COMMANDS = ('erase', 'lock', 'restart', 'shutdown')

OS_PROFILES = {
    'linux': {'os': 'Ubuntu', 'version': '22.04', 'arch': 'x86_64', 'archFamily': 'x86_64',
              'osVersionDetail': {'osName': 'Ubuntu', 'releaseName': 'Jammy Jellyfish', 'major': '22', 'minor': '04',
                                  'patch': '4', 'majorNumber': 22, 'minorNumber': 4, 'patchNumber': 4,
                                  'distributionName': 'Ubuntu', 'version': '22.04.4 LTS'},
              'hwVendor': 'QEMU', 'fileSystem': 'ext4'},
    'windows': {'os': 'Windows', 'version': '11 Pro 23H2', 'arch': 'x64', 'archFamily': 'x86_64',
                'osVersionDetail': {'osName': 'Windows 11 Pro', 'releaseName': '23H2', 'major': '10', 'minor': '0',
                                    'patch': '22631', 'majorNumber': 10, 'minorNumber': 0, 'patchNumber': 22631,
                                    'distributionName': 'Windows', 'version': '10.0.22631'},
                'hwVendor': 'Dell Inc.', 'fileSystem': 'NTFS'},
    'darwin': {'os': 'Mac OS X', 'version': '14.5', 'arch': 'arm64', 'archFamily': 'arm64',
               'osVersionDetail': {'osName': 'macOS', 'releaseName': 'Sonoma', 'major': '14', 'minor': '5',
                                   'patch': '0', 'majorNumber': 14, 'minorNumber': 5, 'patchNumber': 0,
                                   'distributionName': 'macOS', 'version': '14.5'},
               'hwVendor': 'Apple Inc.', 'fileSystem': 'apfs'},
}


def os_family(system):
    if system.get('osFamily'):
        return system['osFamily']
    name = (system.get('os') or '').lower()
    if 'mac' in name or 'darwin' in name:
        return 'darwin'
    if 'windows' in name:
        return 'windows'
    return 'linux'


def _serial(ident):
    return hashlib.sha1(ident.encode('ascii')).hexdigest()[:12].upper()


@completer(KIND)
def complete(app, obj, _existing):
    system = {'_id': obj['_id']}
    system.update(obj)
    ident = system['_id']
    family = os_family(system)
    profile = OS_PROFILES.get(family, OS_PROFILES['linux'])
    system.setdefault('osFamily', family)
    for key, value in profile.items():
        system.setdefault(key, value)
    hostname = system.get('hostname') or system.get('displayName') or 'host-%s' % ident[-6:]
    system.setdefault('hostname', hostname)
    system.setdefault('displayName', hostname)
    system.setdefault('serialNumber', _serial(ident))
    system.setdefault('organization', app.organization)
    system.setdefault('created', now_iso())
    system.setdefault('lastContact', now_iso())
    system.setdefault('active', True)
    system.setdefault('agentVersion', '2.12.0')
    system.setdefault('amazonInstanceID', '')
    system.setdefault('allowMultiFactorAuthentication', False)
    system.setdefault('allowPublicKeyAuthentication', True)
    system.setdefault('allowSshPasswordAuthentication', False)
    system.setdefault('allowSshRootLogin', False)
    system.setdefault('modifySSHDConfig', family == 'linux')
    system.setdefault('sshRootEnabled', False)
    system.setdefault('desktopCapable', family != 'linux')
    system.setdefault('hasServiceAccount', family == 'darwin')
    system.setdefault('agentHasFullDiskAccess', family == 'darwin')
    system.setdefault('isPolicyBound', False)
    system.setdefault('fde', {'active': False, 'keyPresent': False})
    system.setdefault('remoteIP', '203.0.113.%d' % (int(ident[-2:], 16) % 250 + 1))
    system.setdefault('networkInterfaces', [
        {'address': '10.0.%d.%d' % (int(ident[-4:-2], 16) % 250, int(ident[-2:], 16) % 250 + 1),
         'family': 'IPv4', 'internal': False, 'name': 'eth0' if family == 'linux' else 'en0'},
        {'address': '127.0.0.1', 'family': 'IPv4', 'internal': True, 'name': 'lo'}])
    system.setdefault('systemTimezone', 0)
    system.setdefault('systemInsights', {'state': 'enabled'})
    system.setdefault('provisionMetadata', {'provisioner': {'type': 'administrator'}})
    system.setdefault('policyStats', {'duplicate': 0, 'failed': 0, 'pending': 0, 'success': 0, 'total': 0,
                                      'unsupportedOs': 0})
    system.setdefault('tags', [])
    system.setdefault('attributes', [])
    system.setdefault('sshdParams', [])
    system.setdefault('connectionHistory', [])
    system.setdefault('userMetrics', [])
    system.setdefault('mdm', {'vendor': 'none'})
    system.setdefault('domainInfo', {'partOfDomain': False, 'domainName': ''})
    system.setdefault('builtInCommands', [] if family == 'darwin' else
                      [{'type': 'security', 'name': name} for name in BUILTIN_COMMANDS])
    system.setdefault('_builtInCommandsSent', [])
    return system


def load(store, ident):
    system = store.get(KIND, ident)
    if system is None:
        raise NotFound('system', ident)
    return system


@route('GET', 1, '/systems')
def list_systems(req):
    return q.list_v1(req.query, req.store.all(KIND), ('_id',), SEARCH_FIELDS, public)


@route('POST', 1, '/search/systems')
def search_systems(req):
    body = req.json()
    items = [s for s in req.store.all(KIND) if search_body_matches(body, s, SEARCH_FIELDS)]
    return q.list_v1(req.query, items, ('_id',), SEARCH_FIELDS, public, body_fields=body.get('fields'))


@route('GET', 1, '/systems/{id}')
def get_system(req):
    system = load(req.store, req.params['id'])
    predicate = q.v1_predicate(req.query)
    if predicate and not predicate(system):
        raise NotFound('system', req.params['id'])
    return Response(200, q.project(public(system), q.field_list(req.query, 1), '_id'))


@route('PUT', 1, '/systems/{id}')
def update_system(req):
    body = req.json()
    store = req.store
    with store.lock:
        system = dict(load(store, req.params['id']))
        for key in WRITABLE:
            if key in body:
                system[key] = body[key]
        if 'agentBoundMessages' in body:
            system['_agentBoundMessages'] = body['agentBoundMessages']
        store.put(KIND, system)
    return Response(200, public(system))


@route('DELETE', 1, '/systems/{id}')
def delete_system(req):
    store = req.store
    with store.lock:
        system = load(store, req.params['id'])
        store.delete(KIND, system['_id'])
    return Response(200, public(system))


def _register_builtin(name):
    def builtin_command(req):
        store = req.store
        with store.lock:
            system = dict(load(store, req.params['system_id']))
            if os_family(system) not in ('linux', 'windows'):
                raise BadRequest('built-in command %s is available on Linux and Windows systems only' % name)
            system['_builtInCommandsSent'] = list(system.get('_builtInCommandsSent') or []) + [
                {'name': name, 'sentAt': now_iso()}]
            store.put(KIND, system)
        return Response(201)

    route('POST', 1, '/systems/{system_id}/command/builtin/%s' % name)(builtin_command)


for _name in BUILTIN_COMMANDS:
    _register_builtin(_name)
