"""A seeded organization of leavers for the leaver tests and benchmark, and how to compare its end states.

``Leavers(count).seed`` builds, for the simulator's ``/_sim/seed``, ``count`` leavers (``leaver000``...) and a few
colleagues. Every leaver is a member of two static user groups and a dynamic one, is bound to their Mac (in Apple MDM),
to a device group, an SSO application and a RADIUS server, and has a pending and an approved (timed) workflow access
request. Every 5th leaver also owns a second Mac through its primary user, not bound to them; every 7th has a local
account on a shared Mac that is neither bound to nor owned by them. Every id is fixed, so that the end states of two
runs compare.
"""

from __future__ import annotations

import copy
import json
import re

MDM_SERVER = '6e0000000000000000000001'
SHARED_MAC = '6a1000000000000000000001'
ENGINEERING, VPN, AUTO = ('6f{0:022x}'.format(n) for n in (1, 2, 3))
# Fields whose values are times the runs set: they differ between two runs of the same work.
VOLATILE = frozenset(('created', 'updated', 'createdAt', 'updatedAt', 'sentAt', 'timestamp', 'activated', 'lastContact',
                      'password_date', 'started'))


def user_id(n):
    return '6c{0:022x}'.format(n)


def mac_id(n, second=False):
    return '6a{0:022x}'.format(2 * n + int(second))


def device_id(n, second=False):
    return '6b{0:022x}'.format(2 * n + int(second))


def username(n):
    return 'leaver{0:03d}'.format(n)


class Leavers:
    def __init__(self, count=50):
        self.count = count
        self.names = [username(n) for n in range(count)]
        self.seed = self._seed()

    def owns_second_mac(self, n):
        return n % 5 == 4

    def has_local_account(self, n):
        return n % 7 == 6

    def _seed(self):
        users = [{'_id': '6d0000000000000000000001', 'username': 'boss', 'email': 'boss@example.com'}]
        devices, associations, members, requests = [], [], [], []
        for n in range(self.count):
            users.append({'_id': user_id(n), 'username': username(n), 'email': username(n) + '@example.com',
                          'manager': '6d0000000000000000000001', 'department': 'Engineering'})
            devices.append({'id': device_id(n), 'serialNumber': 'C02L{0:06d}'.format(n), 'mdm': MDM_SERVER,
                            'deviceInformation': {'deviceName': username(n) + '-mbp'}, 'system': {'_id': mac_id(n)}})
            if self.owns_second_mac(n):
                devices.append({'id': device_id(n, True), 'serialNumber': 'C02O{0:06d}'.format(n), 'mdm': MDM_SERVER,
                                'deviceInformation': {'deviceName': username(n) + '-spare'},
                                'system': {'_id': mac_id(n, True), 'primarySystemUser': {'id': user_id(n)}}})
            me = {'type': 'user', 'id': user_id(n)}
            associations += [{'from': me, 'to': {'type': 'system', 'id': mac_id(n)}},
                             {'from': me, 'to': {'type': 'system_group', 'id': '6f1000000000000000000001'}},
                             {'from': me, 'to': {'type': 'application', 'id': '6f2000000000000000000001'}},
                             {'from': me, 'to': {'type': 'radius_server', 'id': '6f3000000000000000000001'}}]
            members += [{'group': {'type': 'user_group', 'id': group}, 'member': me} for group in (ENGINEERING, VPN, AUTO)]
            requests += [{'id': '7a{0:022x}'.format(2 * n), 'requestor': user_id(n), 'status': 'PENDING', 'resourceType': 'application'},
                         {'id': '7a{0:022x}'.format(2 * n + 1), 'requestor': user_id(n), 'status': 'APPROVED',
                          'resourceType': 'application', 'timeBasedAccess': True, 'expirationDate': '2099-01-01T00:00:00Z'}]
        devices.append({'id': '6b1000000000000000000001', 'serialNumber': 'C02SHARED1', 'mdm': MDM_SERVER,
                        'deviceInformation': {'deviceName': 'lab-mac'},
                        'system': {'_id': SHARED_MAC, 'userMetrics': [
                            {'userName': username(n), 'admin': False, 'managed': True, 'suspended': False, 'secureTokenEnabled': False}
                            for n in range(self.count) if self.has_local_account(n)]}})
        return {
            'systemusers': users,
            'usergroups': [{'id': ENGINEERING, 'name': 'Engineering'}, {'id': VPN, 'name': 'VPN users'},
                           {'id': AUTO, 'name': 'Auto Engineering', 'membershipMethod': 'DYNAMIC_AUTOMATED',
                            'memberQuery': {'queryType': 'FilterQuery', 'filters': [{'field': 'department', 'operator': 'eq', 'value': 'Engineering'}]}}],
            'systemgroups': [{'id': '6f1000000000000000000001', 'name': 'Engineering laptops'}],
            'applications': [{'_id': '6f2000000000000000000001', 'displayLabel': 'GitHub', 'name': 'github',
                              'ssoUrl': 'https://sso.example.com/github', 'config': {}}],
            'radiusservers': [{'_id': '6f3000000000000000000001', 'name': 'Office Wi-Fi', 'networkSourceIp': '203.0.113.10',
                               'sharedSecret': 'seeded-secret'}],
            'applemdms': [{'id': MDM_SERVER, 'name': 'JumpCloud MDM'}],
            'appledevices': devices,
            'associations': associations,
            'members': members,
            'approvalflowrequests': requests,
        }


def comparable(state):
    """An organization's state without what differs between two runs of the same work: times, and the audit log."""
    state = copy.deepcopy(state)
    state.pop('events', None)

    def strip(value):
        if isinstance(value, dict):
            if value.get('name') == 'jcopsOffboarding' and isinstance(value.get('value'), str):
                value = dict(value, value=strip(json.loads(value['value'])))
            return dict((key, strip(item)) for key, item in value.items() if key not in VOLATILE)
        if isinstance(value, list):
            items = [strip(item) for item in value]
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        return value

    return strip(state)


# POSTs that only read (searches, Directory Insights queries) and the service-account token request
READ_POSTS = re.compile(r'^/(api/search/|insights/|oauth2/token$)')


def is_write(entry):
    """Whether a request of the simulator's log changed something."""
    return entry['method'] in ('POST', 'PUT', 'PATCH', 'DELETE') and not READ_POSTS.match(entry['path'])


def sent_twice(first_log, second_log):
    """The writes of ``second_log`` that repeat a write ``first_log`` already made (same method, path and body, answered
    with success): a rerun that finishes an interrupted run must send none."""
    done = set()
    for entry in first_log:
        if is_write(entry) and 200 <= entry['status'] < 300:
            done.add((entry['method'], entry['path'], json.dumps(entry.get('body'), sort_keys=True)))
    return [entry for entry in second_log if is_write(entry)
            and (entry['method'], entry['path'], json.dumps(entry.get('body'), sort_keys=True)) in done]
