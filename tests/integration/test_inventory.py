"""The jcops.jumpcloud.systems inventory plugin through ansible-inventory, against the simulator: golden output, caching,
and the requests 2,500 systems cost (10,000 in scripts/bench/inventory.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.integration.fleet_support import pages_v1, pages_v2
from tests.integration.support import tail

CONTACT = '2025-03-01T10:00:00.000Z'

# Two web servers in the "Web servers" device group, a database server, a Windows desktop, Ada's Mac (agent and
# Apple MDM, in "Engineering laptops") and her iPhone (Apple MDM only); Ada uses her Mac, Grace the first web server,
# and the "Ops" user group reaches both web servers through their device group.
SMALL_ORG = {
    'systemusers': [{'_id': '6f6000000000000000000001', 'username': 'ada', 'email': 'ada@example.com'},
                    {'_id': '6f6000000000000000000002', 'username': 'grace', 'email': 'grace@example.com'},
                    {'_id': '6f6000000000000000000003', 'username': 'linus', 'email': 'linus@example.com'}],
    'usergroups': [{'id': '6f6100000000000000000001', 'name': 'Ops'}],
    'systemgroups': [{'id': '6f6200000000000000000001', 'name': 'Web servers'},
                     {'id': '6f6200000000000000000002', 'name': 'Engineering laptops'}],
    'systems': [
        {'_id': '6f7000000000000000000001', 'displayName': 'web-1', 'hostname': 'web-1.example.com', 'os': 'Ubuntu',
         'serialNumber': 'LNX0001', 'tags': ['web', 'prod'], 'lastContact': CONTACT, 'agentVersion': '2.12.0'},
        {'_id': '6f7000000000000000000002', 'displayName': 'web-2', 'hostname': 'web-2.example.com', 'os': 'Ubuntu',
         'serialNumber': 'LNX0002', 'tags': ['web'], 'lastContact': CONTACT, 'agentVersion': '2.11.4'},
        {'_id': '6f7000000000000000000003', 'displayName': 'db-1', 'hostname': 'db-1.example.com', 'os': 'Ubuntu',
         'serialNumber': 'LNX0003', 'lastContact': CONTACT, 'active': False},
        {'_id': '6f7000000000000000000004', 'displayName': 'Front desk', 'hostname': 'FRONTDESK', 'os': 'Windows',
         'serialNumber': 'WIN0001', 'lastContact': CONTACT},
    ],
    'applemdms': [{'id': '6f8000000000000000000001', 'name': 'JumpCloud MDM'}],
    'appledevices': [
        {'id': '6f9000000000000000000001', 'serialNumber': 'C02ADA0001', 'deviceInformation': {'deviceName': 'ada-mbp'},
         'system': {'_id': '6f7000000000000000000005', 'hostname': 'ada-mbp.local', 'lastContact': CONTACT}},
        {'id': '6f9000000000000000000002', 'serialNumber': 'DMPADA0001', 'mdmOsFamily': 'iOS',
         'deviceInformation': {'deviceName': "Ada's iPhone"}},
    ],
    'associations': [
        {'from': {'type': 'user', 'name': 'ada'}, 'to': {'type': 'system', 'name': 'ada-mbp'}},
        {'from': {'type': 'user', 'name': 'grace'}, 'to': {'type': 'system', 'name': 'web-1'}},
        {'from': {'type': 'user_group', 'name': 'Ops'}, 'to': {'type': 'system_group', 'name': 'Web servers'}},
    ],
    'members': [
        {'group': {'type': 'system_group', 'name': 'Web servers'}, 'member': {'type': 'system', 'name': 'web-1'}},
        {'group': {'type': 'system_group', 'name': 'Web servers'}, 'member': {'type': 'system', 'name': 'web-2'}},
        {'group': {'type': 'system_group', 'name': 'Engineering laptops'}, 'member': {'type': 'system', 'name': 'ada-mbp'}},
        {'group': {'type': 'user_group', 'name': 'Ops'}, 'member': {'type': 'user', 'name': 'linus'}},
    ],
}

CONFIG = """\
plugin: jcops.jumpcloud.systems
include_users: true
keyed_groups:
  - key: jumpcloud_agent_version
    prefix: agent
groups:
  offline: not (jumpcloud_active | default(true))
compose:
  owner: jumpcloud_users | default([]) | first | default('nobody')
"""

GRAPH = """\
@all:
  |--@ungrouped:
  |--@Engineering_laptops:
  |  |--ada-mbp.local
  |--@Web_servers:
  |  |--web-1.example.com
  |  |--web-2.example.com
  |--@mdm:
  |  |--DMPADA0001
  |--@os_darwin:
  |  |--ada-mbp.local
  |--@os_ios:
  |  |--DMPADA0001
  |--@os_linux:
  |  |--db-1.example.com
  |  |--web-1.example.com
  |  |--web-2.example.com
  |--@os_windows:
  |  |--FRONTDESK
  |--@tag_prod:
  |  |--web-1.example.com
  |--@tag_web:
  |  |--web-1.example.com
  |  |--web-2.example.com
  |--@agent_2_12_0:
  |  |--FRONTDESK
  |  |--ada-mbp.local
  |  |--db-1.example.com
  |  |--web-1.example.com
  |--@offline:
  |  |--db-1.example.com
  |--@agent_2_11_4:
  |  |--web-2.example.com
"""


def plain(value):
    """ansible-inventory's JSON with the strings from the API as plain strings: they come marked
    {"__ansible_unsafe": text} (never templated), as Ansible writes variables from untrusted sources."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def write_config(tmp_path, text, name='jumpcloud.systems.yml'):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def ansible_inventory(ansible_env, config, *args):
    command = [str(Path(sys.executable).parent / 'ansible-inventory'), '-i', str(config)] + list(args)
    result = subprocess.run(command, env=ansible_env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    assert '[WARNING]' not in result.stderr, result.stderr
    return result.stdout


def test_graph_and_list_of_a_small_organization(simulator, ansible_env, tmp_path):
    simulator.reset()
    simulator.seed(SMALL_ORG)
    config = write_config(tmp_path, CONFIG)
    simulator.clear_requests()
    assert ansible_inventory(ansible_env, config, '--graph') == GRAPH
    log = simulator.requests()
    paths = [entry['path'] for entry in log]
    # systems, MDM servers and devices, users, one traversal per user (3 users < 5 systems), device groups and members
    assert len(log) == 1 + 1 + 1 + 1 + 3 + 1 + 2
    assert sum(1 for path in paths if path.startswith('/api/v2/users/')) == 3
    raw = json.loads(ansible_inventory(ansible_env, config, '--list'))
    assert raw['_meta']['hostvars']['web-1.example.com']['jumpcloud_hostname'] == {'__ansible_unsafe': 'web-1.example.com'}
    listing = plain(raw)
    hostvars = listing['_meta']['hostvars']
    assert sorted(hostvars) == ['DMPADA0001', 'FRONTDESK', 'ada-mbp.local', 'db-1.example.com', 'web-1.example.com',
                                'web-2.example.com']
    web1 = hostvars['web-1.example.com']
    assert web1 == {
        'ansible_host': web1['jumpcloud_ip_addresses'][0],
        'jumpcloud_active': True, 'jumpcloud_agent_version': '2.12.0', 'jumpcloud_arch': 'x86_64',
        'jumpcloud_display_name': 'web-1', 'jumpcloud_hostname': 'web-1.example.com', 'jumpcloud_last_contact': CONTACT,
        'jumpcloud_os': 'Ubuntu', 'jumpcloud_os_family': 'linux', 'jumpcloud_os_version': '22.04',
        'jumpcloud_remote_ip': web1['jumpcloud_remote_ip'], 'jumpcloud_serial': 'LNX0001',
        'jumpcloud_system_groups': ['Web servers'], 'jumpcloud_system_id': '6f7000000000000000000001',
        'jumpcloud_tags': ['web', 'prod'], 'jumpcloud_ip_addresses': web1['jumpcloud_ip_addresses'],
        'jumpcloud_users': ['grace@example.com', 'linus@example.com'], 'jumpcloud_usernames': ['grace', 'linus'],
        'owner': 'grace@example.com',
    }
    assert web1['ansible_host'].startswith('10.0.')
    assert hostvars['ada-mbp.local']['jumpcloud_mdm_device_id'] == '6f9000000000000000000001'
    assert hostvars['ada-mbp.local']['owner'] == 'ada@example.com'
    assert hostvars['db-1.example.com']['owner'] == 'nobody'
    assert hostvars['DMPADA0001'] == {
        'jumpcloud_display_name': "Ada's iPhone", 'jumpcloud_mdm_device_id': '6f9000000000000000000002', 'jumpcloud_os': 'iOS',
        'jumpcloud_os_family': 'ios', 'jumpcloud_os_version': '17.5.1', 'jumpcloud_serial': 'DMPADA0001', 'owner': 'nobody'}
    assert simulator.violations() == []


def test_a_cached_inventory_sends_no_request(simulator, ansible_env, tmp_path):
    simulator.reset()
    simulator.seed(SMALL_ORG)
    config = write_config(tmp_path, """\
        plugin: jcops.jumpcloud.systems
        cache: true
        cache_plugin: ansible.builtin.jsonfile
        cache_connection: {0}
        cache_timeout: 3600
        """.format(tmp_path / 'cache'))
    simulator.clear_requests()
    first = ansible_inventory(ansible_env, config, '--list')
    assert len(simulator.requests()) == 6
    assert list((tmp_path / 'cache').iterdir())
    simulator.clear_requests()
    second = ansible_inventory(ansible_env, config, '--list')
    assert simulator.requests() == []
    assert json.loads(second) == json.loads(first)
    ansible_inventory(ansible_env, config, '--list', '--flush-cache')
    assert len(simulator.requests()) == 6


def test_2500_systems_cost_one_request_per_page(simulator, ansible_env, tmp_path):
    """One request per 100 systems, plus the device groups (one page, one request each); never one per host."""
    systems, groups = 2500, 5
    simulator.reset()
    simulator.seed({
        'systems': [{'_id': '6fa{0:021x}'.format(n), 'displayName': 'node{0:05d}'.format(n), 'hostname': 'node{0:05d}'.format(n),
                     'os': ('Ubuntu', 'Windows')[n % 2], 'tags': ['rack{0}'.format(n % 10)]} for n in range(systems)],
        'systemgroups': [{'id': '6fb{0:021x}'.format(g), 'name': 'Pool {0}'.format(g)} for g in range(groups)],
        'members': [{'group': {'type': 'system_group', 'id': '6fb{0:021x}'.format(n % groups)},
                     'member': {'type': 'system', 'id': '6fa{0:021x}'.format(n)}} for n in range(0, systems, 7)],
    })
    config = write_config(tmp_path, 'plugin: jcops.jumpcloud.systems\n')
    simulator.clear_requests()
    started = time.monotonic()
    listing = plain(json.loads(ansible_inventory(ansible_env, config, '--list')))
    elapsed = time.monotonic() - started
    log = simulator.requests()
    assert len(listing['_meta']['hostvars']) == systems
    assert len(listing['Pool_0']['hosts']) == len(range(0, systems, 7 * groups))
    assert len(listing['tag_rack3']['hosts']) == systems // 10
    counts = {}
    for entry in log:
        key = 'members' if entry['path'].endswith('/members') else entry['path']
        counts[key] = counts.get(key, 0) + 1
    assert counts == {'/api/systems': pages_v1(systems), '/api/v2/applemdms': 1, '/api/v2/systemgroups': pages_v2(groups),
                      'members': groups}
    assert len(log) == 25 + 1 + 1 + 5
    print('2,500 systems: {0} requests, {1:.1f} s'.format(len(log), elapsed))
