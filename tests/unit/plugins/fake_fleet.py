"""A tiny fleet API (systems, users, Apple MDM devices, bindings, device groups) behind a FakeSession handler."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudClient
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse, FakeSession

NOT_FOUND = {'code': 404, 'message': 'Not Found', 'status': 'Not Found'}


def oid(prefix, n):
    return '{0}{1:022x}'.format(prefix, n)


class FakeFleet:
    """Systems, users, Apple MDM servers and devices, direct bindings and bindings through groups; records requests."""

    def __init__(self, systems=(), users=(), devices=None, direct=(), through_groups=(), groups=None):
        self.systems = list(systems)
        self.users = list(users)
        self.devices = devices or {}                 # server id -> [device]
        self.direct = set(direct)                    # (user id, system id)
        self.through_groups = set(through_groups)    # (user id, system id) reached through groups only
        self.groups = groups or {}                   # system group name -> [system ids]
        self.sent = []

    def __call__(self, method, url, kwargs):
        path = urlsplit(url).path
        params = dict(kwargs.get('params') or {})
        self.sent.append((method, path, params))
        assert method == 'GET'
        if path == '/api/systems':
            return self.v1(self.systems, params)
        if path == '/api/systemusers':
            return self.v1(self.users, params)
        if path == '/api/v2/applemdms':
            return self.v2([{'id': server, 'name': 'MDM ' + server} for server in self.devices], params)
        found = re.match(r'^/api/v2/applemdms/(\w+)/devices$', path)
        if found:
            return self.v2(self.devices[found.group(1)], params)
        if path == '/api/v2/systemgroups':
            return self.v2([{'id': oid('5a', n), 'name': name} for n, name in enumerate(sorted(self.groups))], params)
        found = re.match(r'^/api/v2/systemgroups/(\w+)/members$', path)
        if found:
            name = sorted(self.groups)[int(found.group(1)[2:], 16)]
            return self.v2([{'to': {'id': system_id, 'type': 'system'}} for system_id in self.groups[name]], params)
        found = re.match(r'^/api/v2/(users|systems)/(\w+)/(systems|users|associations)$', path)
        source, ident, tail = found.groups()
        known = self.users if source == 'users' else self.systems
        if ident not in {obj['_id'] for obj in known}:
            return FakeResponse(404, NOT_FOUND)
        links = [(pair, 1) for pair in self.direct]
        if tail != 'associations':
            links += [(pair, 2) for pair in self.through_groups]
        if source == 'users':
            targets = [(system_id, length) for (user_id, system_id), length in links if user_id == ident]
            target_type = 'system'
        else:
            targets = [(user_id, length) for (user_id, system_id), length in links if system_id == ident]
            target_type = 'user'
        targets.sort()
        if tail == 'associations':
            assert params['targets'] == target_type
            items = [{'to': {'id': target, 'type': target_type}} for target, dummy in targets]
        else:
            items = [{'id': target, 'type': target_type, 'paths': [[{}] * length]} for target, length in targets]
        return self.v2(items, params)

    @staticmethod
    def v1(objects, params):
        for flt in ([params['filter']] if isinstance(params.get('filter'), str) else params.get('filter') or []):
            field, op, value = flt.split(':', 2)
            terms = value.split('|') if op == '$in' else [value]
            objects = [obj for obj in objects if str(obj.get(field)) in terms]
        if params.get('fields'):
            fields = params['fields'].split()
            objects = [{key: value for key, value in obj.items() if key in fields} for obj in objects]
        skip, limit = params['skip'], params['limit']
        assert limit <= 100
        return FakeResponse(200, {'totalCount': len(objects), 'results': objects[skip:skip + limit]})

    @staticmethod
    def v2(objects, params):
        skip, limit = params.get('skip', 0), params.get('limit', 10)
        assert limit <= 100
        return FakeResponse(200, objects[skip:skip + limit])

    def paths(self):
        return [path for dummy, path, dummy_params in self.sent]

    def graph_requests(self):
        return [path for path in self.paths() if re.match(r'^/api/v2/(users|systems)/', path)]


def client_for(api):
    return JumpCloudClient(api_key='k', api_url='http://jc.invalid', session=FakeSession(handler=api))


def system(n, **fields):
    obj = {'_id': oid('5b', n), 'hostname': 'host{0}'.format(n), 'displayName': 'Host {0}'.format(n), 'os': 'Ubuntu',
           'osFamily': 'linux', 'version': '22.04', 'serialNumber': 'SN{0:04d}'.format(n), 'lastContact': '2025-03-04T09:00:00Z',
           'agentVersion': '2.12.0', 'active': True, 'fde': {'active': True}}
    obj.update(fields)
    return obj


def user(n):
    return {'_id': oid('5c', n), 'username': 'user{0}'.format(n), 'email': 'user{0}@example.com'.format(n), 'department': 'X'}


def mdm_device(n, **fields):
    device = {'id': oid('5d', n), 'serialNumber': 'C02{0:05d}'.format(n), 'osVersion': '14.5', 'mdmOsFamily': 'macOS',
              'deviceInformation': {'deviceName': 'MacBook {0}'.format(n)}, 'enrolled': True}
    device.update(fields)
    return device
