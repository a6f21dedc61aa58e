"""A seeded device fleet for the fleet report and inventory tests and benchmarks, and the request bounds they are held to.

``fleet_seed(devices)`` builds, for the simulator's ``/_sim/seed``, an organization of ``devices`` devices:
35 % Windows and 30 % Linux systems (agent only), 25 % Macs in Apple MDM with their v1 system (four in five under
the main MDM server, the others under a second one) and 10 % iPhones in Apple MDM only; users for 70 % of the
device count. Every 10th system has no user, every 7th (of the others) has two; an ``IT`` user group is bound to
the ``Servers`` device group (every 6th Linux system), so its three members reach those servers through groups.
"""

from __future__ import annotations

import math

MAIN_MDM = '6e0000000000000000000001'
EU_MDM = '6e0000000000000000000002'
IT_GROUP = '6e1000000000000000000001'
SERVERS_GROUP = '6e2000000000000000000001'
CONTACT = '2025-03-01T10:00:00.000Z'
PAGE = 100


def system_id(n):
    return '6a{0:022x}'.format(n)


def device_id(n):
    return '6b{0:022x}'.format(n)


def user_id(n):
    return '6c{0:022x}'.format(n)


class Fleet:
    """The seed and what the seed implies (counts the tests compare with)."""

    def __init__(self, devices=1000):
        self.windows = devices * 35 // 100
        self.linux = devices * 30 // 100
        self.macs = devices * 25 // 100
        self.iphones = devices - self.windows - self.linux - self.macs
        self.systems = self.windows + self.linux + self.macs
        self.devices = devices
        self.users = devices * 70 // 100
        self.mdm_main = self.macs * 4 // 5 + self.iphones
        self.mdm_eu = self.macs - self.macs * 4 // 5
        self.seed = self._seed()

    def _seed(self):
        systems, appledevices = [], []
        for n in range(self.windows + self.linux):
            windows = n < self.windows
            systems.append({'_id': system_id(n), 'displayName': '{0}{1:05d}'.format('pc' if windows else 'srv', n),
                            'hostname': '{0}{1:05d}.example.com'.format('pc' if windows else 'srv', n),
                            'os': 'Windows' if windows else 'Ubuntu', 'serialNumber': 'SN{0:06d}'.format(n), 'lastContact': CONTACT})
        for m in range(self.macs):
            n = self.windows + self.linux + m
            appledevices.append({'id': device_id(m), 'serialNumber': 'C02{0:07d}'.format(m), 'mdm': MAIN_MDM if m < self.macs * 4 // 5 else EU_MDM,
                                 'deviceInformation': {'deviceName': 'mac{0:05d}'.format(m)},
                                 'system': {'_id': system_id(n), 'hostname': 'mac{0:05d}.local'.format(m), 'lastContact': CONTACT}})
        for p in range(self.iphones):
            appledevices.append({'id': device_id(self.macs + p), 'serialNumber': 'DMP{0:07d}'.format(p), 'mdm': MAIN_MDM,
                                 'mdmOsFamily': 'iOS', 'deviceInformation': {'deviceName': 'iphone{0:05d}'.format(p)}})
        users = [{'_id': user_id(u), 'username': 'user{0:05d}'.format(u), 'email': 'user{0:05d}@example.com'.format(u)}
                 for u in range(self.users)]
        associations = []
        for n in range(self.systems):
            for u in self.direct_users(n):
                associations.append({'from': {'type': 'user', 'id': user_id(u)}, 'to': {'type': 'system', 'id': system_id(n)}})
        associations.append({'from': {'type': 'user_group', 'id': IT_GROUP}, 'to': {'type': 'system_group', 'id': SERVERS_GROUP}})
        members = [{'group': {'type': 'user_group', 'id': IT_GROUP}, 'member': {'type': 'user', 'id': user_id(u)}} for u in self.it_users()]
        members += [{'group': {'type': 'system_group', 'id': SERVERS_GROUP}, 'member': {'type': 'system', 'id': system_id(n)}}
                    for n in self.servers()]
        return {
            'systemusers': users,
            'usergroups': [{'id': IT_GROUP, 'name': 'IT'}],
            'systemgroups': [{'id': SERVERS_GROUP, 'name': 'Servers'}],
            'systems': systems,
            'applemdms': [{'id': MAIN_MDM, 'name': 'JumpCloud MDM'}, {'id': EU_MDM, 'name': 'EU MDM'}],
            'appledevices': appledevices,
            'associations': associations,
            'members': members,
        }

    def direct_users(self, n):
        """The users bound directly to system n."""
        if n % 10 == 0:
            return []
        first = n % self.users
        return [first, (first + 1) % self.users] if n % 7 == 0 else [first]

    def it_users(self):
        return [self.users - 1, self.users - 2, self.users - 3]

    def servers(self):
        return [n for n in range(self.windows, self.windows + self.linux) if n % 6 == 0]

    def users_of(self, n, through_groups=True):
        users = set(self.direct_users(n))
        if through_groups and n in self.servers():
            users.update(self.it_users())
        return users

    def request_bound(self, system_groups=False):
        """Pages of systems + MDM servers and pages of devices per server + pages of users + min(users, systems)
        graph requests (no object here has 100 links, so no traversal has a second page); with ``system_groups``,
        instead of users: pages of device groups + one per group."""
        bound = pages_v1(self.systems) + 1 + pages_v2(self.mdm_main) + pages_v2(self.mdm_eu)
        if system_groups:
            return bound + pages_v2(1) + 1
        return bound + pages_v1(self.users) + min(self.users, self.systems)


def pages_v1(count):
    """v1 lists carry a total: the last page is known."""
    return max(1, int(math.ceil(count / float(PAGE))))


def pages_v2(count):
    """v2 lists have no total: a page shorter than 100 ends the list, so a multiple of 100 costs an empty page."""
    return count // PAGE + 1
