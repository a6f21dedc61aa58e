"""The fleet report on 1,000 seeded devices: the playbook's CSV, and the requests it cost, counted by the simulator."""

from __future__ import annotations

import csv
import json
import io
import re

from tests.integration.fleet_support import CONTACT, Fleet, system_id
from tests.integration.support import ROOT, tail


def test_fleet_report_of_1000_devices(simulator, run_playbook, tmp_path):
    fleet = Fleet(1000)
    simulator.reset()
    simulator.seed(fleet.seed)
    simulator.clear_requests()
    dest = tmp_path / 'fleet.csv'
    result = run_playbook(ROOT / 'playbooks' / 'fleet_report.yml', '-e', '@{0}'.format(ROOT / 'playbooks' / 'vars' / 'fleet_report.yml'),
                          '-e', 'fleet_report_dest={0}'.format(dest))
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    log = simulator.requests()

    # the requests, as the simulator saw them: within the bound, and exactly what the bound counts
    assert {entry['method'] for entry in log} == {'GET'}
    # 9 pages of systems, the MDM servers, 4 + 1 pages of devices (300 under the main server: an empty 4th page),
    # 7 pages of users, 700 traversals
    assert len(log) == fleet.request_bound() == 9 + 1 + 4 + 1 + 7 + 700
    graph = [entry for entry in log if entry['path'].startswith('/api/v2/users/')]
    assert len(graph) == fleet.users   # 700 users < 900 systems: one traversal per user
    assert all(re.match(r'^/api/v2/users/[0-9a-f]{24}/systems$', entry['path']) and entry['query']['skip'] == ['0'] for entry in graph)
    assert len({entry['path'] for entry in graph}) == fleet.users
    assert sorted(int(entry['query']['skip'][0]) for entry in log if entry['path'] == '/api/systems') == list(range(0, 900, 100))
    summary = re.search(r'(\d+) devices \((\d+) without a user, (\d+) Apple MDM devices without a system\).*; (\d+) requests', result.stdout)
    assert summary, tail(result.stdout)
    without_user = sum(1 for n in range(fleet.systems) if not fleet.users_of(n)) + fleet.iphones
    assert without_user == 80 + 100   # every 10th system but the servers IT reaches, and the iPhones
    assert [int(number) for number in summary.groups()] == [1000, without_user, fleet.iphones, len(log)]

    # the report: one line per device, users joined, devices without users listed
    rows = list(csv.DictReader(io.StringIO(dest.read_text())))
    assert len(rows) == fleet.devices
    assert [row['device_serial'] for row in rows] == sorted(row['device_serial'] for row in rows)
    by_serial = {row['device_serial']: row for row in rows}
    for n in range(fleet.systems):
        mac = n - fleet.windows - fleet.linux
        row = by_serial['C02{0:07d}'.format(mac) if mac >= 0 else 'SN{0:06d}'.format(n)]
        emails = sorted('user{0:05d}@example.com'.format(u) for u in fleet.users_of(n))
        assert row['user_email'] == ';'.join(emails), (n, row)
        assert row['system_id'] == '6a{0:022x}'.format(n)
        assert row['last_contact'] == CONTACT
        assert row['mdm_device_id'] == ('6b{0:022x}'.format(mac) if mac >= 0 else '')
    iphones = [row for row in rows if row['device_serial'].startswith('DMP')]
    assert len(iphones) == fleet.iphones
    assert {(row['user_email'], row['system_id'], row['os']) for row in iphones} == {('', '', 'iOS')}
    assert sum(1 for row in rows if ';' in row['user_email']) > 100
    assert simulator.violations() == []


def test_a_rate_limited_fleet_report_pauses_and_completes(simulator, run_playbook, tmp_path):
    """429s on the user join (Retry-After: 1) pause every request in flight, are retried, and cost only themselves."""
    fleet = Fleet(100)
    simulator.reset()
    simulator.seed(fleet.seed)
    simulator.clear_requests()
    simulator.fault(method='GET', path_regex=r'^/api/v2/users/[0-9a-f]+/systems$', status=429, count=4, retry_after=1)
    result_file = tmp_path / 'fleet.json'
    result = run_playbook("""---
- name: Read the fleet while JumpCloud rate-limits
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Read the fleet
      jcops.jumpcloud.jc_fleet_info:
      register: fleet
    - name: Keep the answer
      ansible.builtin.copy:
        content: "{{{{ fleet | to_json }}}}"
        dest: {0}
        mode: "0600"
""".format(result_file))
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    answer = json.loads(result_file.read_text())
    log = simulator.requests()
    assert [entry['status'] for entry in log].count(429) == 4
    assert len(log) == answer['requests'] == fleet.request_bound() + 4
    assert len(answer['devices']) == fleet.devices
    for n in range(fleet.windows + fleet.linux):
        row = next(row for row in answer['devices'] if row['system_id'] == '6a{0:022x}'.format(n))
        assert (row['user_email'] or '') == ';'.join(sorted('user{0:05d}@example.com'.format(u) for u in fleet.users_of(n)))
    assert simulator.violations() == []


def insight_rows(fleet):
    """System Insights rows for the fleet's systems: BitLocker drives of the Windows PCs (every 5th also has an
    unprotected data drive), volumes of the Linux servers (every other one with LUKS) and of the Macs (every 4th without
    FileVault), the OS version and uptime of every system but the last Linux server (its agent has not reported)."""
    rows = []
    for n in range(fleet.windows):
        rows.append({'_table': 'bitlocker_info', 'system_id': system_id(n), 'drive_letter': 'C:', 'protection_status': 1})
        if n % 5 == 0:
            rows.append({'_table': 'bitlocker_info', 'system_id': system_id(n), 'drive_letter': 'D:', 'protection_status': 0})
    for n in range(fleet.windows, fleet.windows + fleet.linux):
        rows.append({'_table': 'disk_encryption', 'system_id': system_id(n), 'name': '/dev/sda1', 'encrypted': 0})
        if n % 2 == 0:
            rows.append({'_table': 'disk_encryption', 'system_id': system_id(n), 'name': '/dev/dm-0', 'encrypted': 1})
    for m in range(fleet.macs):
        n = fleet.windows + fleet.linux + m
        rows.append({'_table': 'disk_encryption', 'system_id': system_id(n), 'name': '/dev/disk3s2', 'encrypted': 0})
        rows.append({'_table': 'disk_encryption', 'system_id': system_id(n), 'name': '/dev/disk3s5', 'encrypted': int(m % 4 != 0)})
    for n in range(fleet.systems):
        if n != fleet.windows + fleet.linux - 1:
            rows.append({'_table': 'os_version', 'system_id': system_id(n), 'name': 'OS {0}'.format(n), 'build': 'B{0}'.format(n)})
            rows.append({'_table': 'uptime', 'system_id': system_id(n), 'days': n % 30, 'total_seconds': str(n % 30 * 86400)})
    return rows


def expected_encryption(fleet, n):
    if n < fleet.windows:
        return 'false' if n % 5 == 0 else 'true'
    if n < fleet.windows + fleet.linux:
        return 'true' if n % 2 == 0 else 'false'
    return 'false' if (n - fleet.windows - fleet.linux) % 4 == 0 else 'true'


def test_system_insights_columns_joined_into_the_report(simulator, run_playbook, tmp_path):
    """100 devices with four System Insights tables: one request more per table; filtered to the Windows PCs, two per
    table (their ids looked up, then their rows)."""
    fleet = Fleet(100)
    simulator.reset()
    simulator.seed(dict(fleet.seed, systeminsights=insight_rows(fleet)))
    dest = tmp_path / 'fleet.csv'
    columns = ['device_serial', 'system_id', 'encrypted', 'os_name', 'os_build', 'uptime_days', 'bitlocker_info.drive_letter']
    options = {'fleet_report_dest': str(dest), 'fleet_report_columns': columns,
               'fleet_report_system_insights': ['bitlocker_info', 'disk_encryption', 'os_version', 'uptime']}
    simulator.clear_requests()
    result = run_playbook(ROOT / 'playbooks' / 'fleet_report.yml', '-e', json.dumps(options))
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    log = simulator.requests()
    insights = [entry for entry in log if entry['path'].startswith('/api/v2/systeminsights/')]
    assert len(log) == fleet.request_bound() + 4 and len(insights) == 4
    assert all('filter' not in entry['query'] for entry in insights)     # the whole fleet: each table read whole
    assert re.search(r'; {0} requests to JumpCloud'.format(len(log)), result.stdout), tail(result.stdout)

    rows = list(csv.DictReader(io.StringIO(dest.read_text())))
    assert len(rows) == fleet.devices and list(rows[0]) == columns
    by_system = {row['system_id']: row for row in rows}
    silent = fleet.windows + fleet.linux - 1
    for n in range(fleet.systems):
        row = by_system[system_id(n)]
        assert row['encrypted'] == expected_encryption(fleet, n), (n, row)
        assert (row['os_name'], row['os_build'], row['uptime_days']) == (
            ('', '', '') if n == silent else ('OS {0}'.format(n), 'B{0}'.format(n), str(n % 30))), (n, row)
        assert row['bitlocker_info.drive_letter'] == ('' if n >= fleet.windows else 'C:;D:' if n % 5 == 0 else 'C:')
    iphones = [row for row in rows if row['device_serial'].startswith('DMP')]
    assert len(iphones) == fleet.iphones and {(row['encrypted'], row['os_name']) for row in iphones} == {('', '')}

    # the Windows PCs only: the report's systems are looked up (one request per 100) and their rows read (one per 100)
    simulator.clear_requests()
    windows = dict(options, fleet_report_filter={'os': 'Windows'}, fleet_report_system_insights=['bitlocker_info', 'os_version'],
                   fleet_report_columns=['system_id', 'encrypted', 'os_name', 'bitlocker_info.protection_status'])
    result = run_playbook(ROOT / 'playbooks' / 'fleet_report.yml', '-e', json.dumps(windows))
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    insights = [entry for entry in simulator.requests() if entry['path'].startswith('/api/v2/systeminsights/')]
    lookups = [entry for entry in simulator.requests() if entry['path'] == '/api/systems' and '_id:$in:' in str(entry['query'])]
    assert len(insights) == len(lookups) == 2
    assert all(entry['query']['filter'][0].startswith('system_id:in:') for entry in insights)
    rows = list(csv.DictReader(io.StringIO(dest.read_text())))
    assert [row['system_id'] for row in rows] == sorted(system_id(n) for n in range(fleet.windows))
    assert all(row['encrypted'] == expected_encryption(fleet, int(row['system_id'], 16) - int(system_id(0), 16)) for row in rows)
    assert [row['bitlocker_info.protection_status'] for row in rows].count('1;0') == len(range(0, fleet.windows, 5))
    assert simulator.violations() == []
