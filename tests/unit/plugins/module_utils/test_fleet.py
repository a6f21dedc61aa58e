from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _fleet
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudClient, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fake_fleet import FakeFleet, client_for, mdm_device, oid, system, user
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse, FakeSession


# -- merging -------------------------------------------------------------------------------------------

def test_merge_by_recorded_device_id_then_by_serial_number():
    mac = system(1, serialNumber='C0200001', mdm={'vendor': 'internal', 'internal': {'deviceId': oid('5d', 1)}})
    by_serial = system(2, serialNumber='C0200002', mdm={'vendor': 'none'})
    twin_serial = system(3, serialNumber='C0200003')
    linux = system(4)
    devices = [mdm_device(1, serialNumber='OTHER'), mdm_device(2), mdm_device(3), mdm_device(4, serialNumber='C0200003'),
               mdm_device(5, mdmOsFamily='iOS')]
    merged = _fleet.merge([mac, by_serial, twin_serial, linux], devices)
    pairs = [(device.system_id, device.mdm_device_id) for device in merged]
    assert pairs == [
        (mac['_id'], oid('5d', 1)),         # the recorded id wins over the serial number
        (by_serial['_id'], oid('5d', 2)),
        (twin_serial['_id'], None),          # two MDM devices with that serial number: no guess
        (linux['_id'], None),
        (None, oid('5d', 3)), (None, oid('5d', 4)), (None, oid('5d', 5)),
    ]
    only_systems = _fleet.merge([mac, linux], devices, mdm_only=False)
    assert [device.system_id for device in only_systems] == [mac['_id'], linux['_id']]


def test_a_system_records_its_mdm_device_id_even_without_the_mdm_listing():
    mac = system(1, mdm={'vendor': 'internal', 'internal': {'deviceId': 'abc'}})
    assert _fleet.merge([mac], [])[0].mdm_device_id == 'abc'
    assert _fleet.internal_device_id({'mdm': {'vendor': 'none'}}) is None
    assert _fleet.internal_device_id({'mdm': None}) is None


# -- the user join ---------------------------------------------------------------------------------------

@pytest.mark.parametrize('systems, users, direction', [(10, 3, 'user'), (3, 10, 'system'), (5, 5, 'system'), (0, 0, 'system')])
def test_join_goes_by_the_smaller_side(systems, users, direction):
    assert _fleet.join_direction(systems, users) == direction


def fleet_api(systems=12, users=5, **kwargs):
    direct = {(oid('5c', n % users), oid('5b', n)) for n in range(0, systems, 2)}
    direct.add((oid('5c', 1), oid('5b', 0)))
    through = {(oid('5c', 2), oid('5b', 3))}
    return FakeFleet(systems=[system(n) for n in range(systems)], users=[user(n) for n in range(users)], direct=direct,
                     through_groups=through, **kwargs)


def users_of(devices):
    return {device.system_id: [u['username'] for u in device.users] for device in devices}


@pytest.mark.parametrize('through_groups', [True, False])
def test_both_directions_give_the_same_users(through_groups):
    results = []
    for systems, users in ((12, 5), (4, 5)):  # by user, then by device
        api = fleet_api(systems, users)
        client = client_for(api)
        devices = _fleet.read_fleet(client, include_mdm=False, through_groups=through_groups)
        expected = {}
        for user_id, system_id in sorted(api.direct | (api.through_groups if through_groups else set())):
            if system_id in {s['_id'] for s in api.systems}:
                expected.setdefault(system_id, []).append('user{0}'.format(int(user_id[2:], 16)))
        assert users_of(devices) == {s['_id']: sorted(expected.get(s['_id'], [])) for s in api.systems}
        graph = api.graph_requests()
        assert len(graph) == min(systems, users)
        tail = 'associations' if not through_groups else ('systems' if users < systems else 'users')
        assert all(path.endswith('/' + tail) for path in graph)
        results.append(users_of(devices)[oid('5b', 3)])
    # system 3 is reached by user2 through a group only
    assert results == ([['user2']] * 2 if through_groups else [[]] * 2)


def test_devices_are_sorted_and_users_by_email():
    api = FakeFleet(systems=[system(2, serialNumber='B'), system(1, serialNumber='A'), system(3, serialNumber='A')],
                    users=[user(9), user(1)], direct={(oid('5c', 9), oid('5b', 1)), (oid('5c', 1), oid('5b', 1))})
    devices = _fleet.read_fleet(client_for(api), include_mdm=False)
    assert [(device.serial_number, device.system_id) for device in devices] == [
        ('A', oid('5b', 1)), ('A', oid('5b', 3)), ('B', oid('5b', 2))]
    assert [u['email'] for u in devices[0].users] == ['user1@example.com', 'user9@example.com']
    row = _fleet.row(devices[0])
    assert (row['user_email'], row['username']) == ('user1@example.com;user9@example.com', 'user1;user9')
    assert _fleet.row(devices[1])['user_email'] is None


def test_by_device_reads_only_the_users_found_when_that_is_cheaper():
    api = FakeFleet(systems=[system(n) for n in range(3)], users=[user(n) for n in range(450)],
                    direct={(oid('5c', 420), oid('5b', 0)), (oid('5c', 5), oid('5b', 1))})
    devices = _fleet.read_fleet(client_for(api), include_mdm=False)
    assert users_of(devices) == {oid('5b', 0): ['user420'], oid('5b', 1): ['user5'], oid('5b', 2): []}
    user_reads = [params for dummy, path, params in api.sent if path == '/api/systemusers']
    assert len(user_reads) == 2   # the first page, then the one missing user by id (not the 4 pages left)
    assert user_reads[1]['filter'] == '_id:$in:' + oid('5c', 420)
    assert user_reads[0]['fields'] == '_id email username'


def test_by_device_reads_the_rest_of_the_users_when_that_is_cheaper():
    systems = [system(n) for n in range(250)]
    users = [user(n) for n in range(260)]
    direct = {(oid('5c', n), oid('5b', n)) for n in range(250)}
    api = FakeFleet(systems=systems, users=users, direct=direct)
    devices = _fleet.read_fleet(client_for(api), include_mdm=False)
    assert all(len(device.users) == 1 for device in devices)
    user_reads = [params for dummy, path, params in api.sent if path == '/api/systemusers']
    assert sorted(params['skip'] for params in user_reads) == [0, 100, 200]
    assert len(api.graph_requests()) == 250


def test_no_system_means_no_user_request():
    api = FakeFleet(systems=[], users=[user(1)], devices={'s1': [mdm_device(1)]})
    devices = _fleet.read_fleet(client_for(api))
    assert [device.mdm_device_id for device in devices] == [oid('5d', 1)]
    assert '/api/systemusers' not in api.paths()
    assert not any('/users/' in path for path in api.paths())


def test_an_object_deleted_since_the_listing_has_no_links():
    api = fleet_api(12, 5)
    deleted = api.users.pop(3)
    client = client_for(api)
    original = api.v1

    def listing_with_the_deleted_user(objects, params):
        return original(objects + [deleted] if objects is api.users else objects, params)

    api.v1 = listing_with_the_deleted_user
    devices = _fleet.read_fleet(client, include_mdm=False)
    assert all('user3' not in [u['username'] for u in device.users] for device in devices)


def test_without_users_no_user_or_graph_request():
    api = fleet_api()
    _fleet.read_fleet(client_for(api), include_mdm=False, include_users=False)
    assert api.paths() == ['/api/systems']


# -- listings and the whole report -------------------------------------------------------------------------

def test_systems_are_read_by_page_with_the_fields_the_fleet_uses():
    api = FakeFleet(systems=[system(n) for n in range(250)])
    client = client_for(api)
    systems = _fleet.list_systems(client, ['osFamily:$eq:linux'])
    assert len(systems) == 250 and 'fde' not in systems[0]
    reads = [params for dummy, path, params in api.sent]
    assert sorted(params['skip'] for params in reads) == [0, 100, 200]
    assert all(params['sort'] == '_id' and params['filter'] == 'osFamily:$eq:linux' for params in reads)
    assert set(reads[0]['fields'].split()) == set(_fleet.SYSTEM_FIELDS)


def test_report_rows():
    mac = system(1, os='Mac OS X', osFamily='darwin', version='14.5', serialNumber='C0200001',
                 mdm={'vendor': 'internal', 'internal': {'deviceId': oid('5d', 1)}})
    api = FakeFleet(systems=[mac, system(2, active=False)], users=[user(1), user(2)],
                    devices={'s1': [mdm_device(1, serialNumber='C0200001'),
                                    mdm_device(7, serialNumber='DMP7', mdmOsFamily='iOS', osVersion='17.5')]},
                    direct={(oid('5c', 1), mac['_id']), (oid('5c', 2), mac['_id'])})
    client = client_for(api)
    result = _fleet.fleet_report(client, {'include_mdm': True, 'include_users': True, 'users_through_groups': True, 'workers': 4})
    rows = result['devices']
    assert [tuple(row) for row in rows] == [_fleet.COLUMNS] * 3
    assert rows[0] == {
        'user_email': 'user1@example.com;user2@example.com', 'username': 'user1;user2', 'device_serial': 'C0200001',
        'os': 'Mac OS X', 'os_version': '14.5', 'os_family': 'darwin', 'last_contact': '2025-03-04T09:00:00Z',
        'hostname': 'host1', 'display_name': 'Host 1', 'system_id': mac['_id'], 'mdm_device_id': oid('5d', 1),
        'agent_version': '2.12.0', 'active': True}
    assert rows[1] == {
        'user_email': None, 'username': None, 'device_serial': 'DMP7', 'os': 'iOS', 'os_version': '17.5', 'os_family': 'ios',
        'last_contact': None, 'hostname': None, 'display_name': 'MacBook 7', 'system_id': None, 'mdm_device_id': oid('5d', 7),
        'agent_version': None, 'active': None}
    assert rows[2]['active'] is False and rows[2]['device_serial'] == 'SN0002'
    # systems, MDM servers, the server's devices, users, then one graph request per user (2 users < 2 systems is false: per system)
    assert result['requests'] == len(api.sent) == 1 + 1 + 1 + 1 + 2


def test_a_filter_leaves_out_mdm_devices_without_a_system():
    api = FakeFleet(systems=[system(1), system(2, osFamily='windows')], devices={'s1': [mdm_device(1)]})
    rows = _fleet.fleet_report(client_for(api), {'filter': {'osFamily': 'windows'}, 'include_users': False})['devices']
    assert [row['device_serial'] for row in rows] == ['SN0002']


@pytest.mark.parametrize('workers', [0, 11, True, '8'])
def test_workers_are_bounded(workers):
    with pytest.raises(JumpCloudValueError, match='workers must be a number from 1 to 10'):
        _fleet.check_workers(workers)


def test_system_group_names():
    api = FakeFleet(systems=[system(1), system(2)], groups={'Laptops': [oid('5b', 1)], 'All': [oid('5b', 1), oid('5b', 2)]})
    assert _fleet.system_group_names(client_for(api)) == {oid('5b', 1): ['All', 'Laptops'], oid('5b', 2): ['All']}
    assert api.paths().count('/api/v2/systemgroups') == 1


def test_a_rate_limited_join_waits_and_completes():
    api = fleet_api(12, 5)
    answer = api.__call__
    limited = []

    def rate_limited(method, url, kwargs):
        if '/api/v2/users/' in url and len(limited) < 3:
            limited.append(url)
            return FakeResponse(429, {'code': 429, 'message': 'Too Many Requests', 'status': 'Too Many Requests'},
                                headers={'Retry-After': '7'})
        return answer(method, url, kwargs)

    sleeps = []
    client = JumpCloudClient(api_key='k', api_url='http://jc.invalid', session=FakeSession(handler=rate_limited),
                             sleep=sleeps.append, max_retries=5)
    devices = _fleet.read_fleet(client, include_mdm=False, workers=4)
    assert users_of(devices) == users_of(_fleet.read_fleet(client_for(fleet_api(12, 5)), include_mdm=False))
    assert len(limited) == 3
    assert 7 in [round(seconds) for seconds in sleeps]
    assert client.request_count == 1 + 1 + 5 + 3
