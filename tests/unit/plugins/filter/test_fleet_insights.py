"""fleet_insights and fleet_column_errors: System Insights values joined into the fleet report's rows on system_id,
with the documented rule for devices with several rows (one per drive or volume)."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.jcops.jumpcloud.plugins.filter.fleet import fleet_column_errors, fleet_insights
from ansible_collections.jcops.jumpcloud.plugins.filter.csv import to_csv
from ansible_collections.jcops.jumpcloud.plugins.module_utils._fleet import INSIGHT_COLUMNS
from ansible_collections.jcops.jumpcloud.plugins.module_utils._insights import TABLES

SYSTEMS = ['6a{0:022x}'.format(n) for n in range(1, 6)]
WIN, WIN2, MAC, MAC2, LINUX = SYSTEMS
DEVICES = [{'system_id': system_id, 'device_serial': 'S{0}'.format(n)} for n, system_id in enumerate(SYSTEMS)]
DEVICES.append({'system_id': None, 'device_serial': 'DMPIPHONE'})      # an Apple MDM device without a system


def bitlocker(system_id, drive, status):
    return {'system_id': system_id, 'collection_time': '2026-06-20T08:00:00Z', 'drive_letter': drive,
            'protection_status': status, 'conversion_status': 1 if status else 0}


def volume(system_id, name, encrypted):
    return {'system_id': system_id, 'collection_time': '2026-06-20T08:00:00Z', 'name': name, 'encrypted': encrypted,
            'encryption_status': 'encrypted' if encrypted else 'not encrypted'}


INSIGHTS = {
    # given out of order: each device's rows are put in a fixed order
    'bitlocker_info': [bitlocker(WIN, 'D:', 1), bitlocker(WIN, 'C:', 1), bitlocker(WIN2, 'E:', 0), bitlocker(WIN2, 'C:', 1)],
    'disk_encryption': [volume(MAC, '/dev/disk3s1', 0), volume(MAC, '/dev/disk3s5', 1), volume(MAC, '/dev/disk3s2', 0),
                        volume(MAC2, '/dev/disk1s1', 0), volume(MAC2, '/dev/disk1s2', 0),
                        volume(LINUX, '/dev/sda1', 0), volume(LINUX, '/dev/dm-0', 1)],
    'os_version': [{'system_id': WIN, 'name': 'Microsoft Windows 11 Pro', 'build': '22631', 'version': '10.0.22631'},
                   {'system_id': MAC, 'name': 'macOS', 'build': '23F79', 'version': '14.5'}],
    'uptime': [{'system_id': WIN, 'days': 3, 'total_seconds': '270000'}, {'system_id': LINUX, 'days': 41, 'total_seconds': '3542400'}],
}


def by_serial(rows):
    return dict((row['device_serial'], row) for row in rows)


def test_friendly_columns_and_the_rule_for_several_rows():
    columns = ['device_serial', 'encrypted', 'os_name', 'os_build', 'uptime_days']
    rows = by_serial(fleet_insights(DEVICES, INSIGHTS, columns))
    # Windows: every BitLocker drive protected; one unprotected drive (a data or removable drive) is enough to fail
    assert (rows['S0']['encrypted'], rows['S1']['encrypted']) == (True, False)
    # macOS and Linux: FileVault / LUKS encrypt one volume; Preboot, Recovery, /boot stay unencrypted
    assert (rows['S2']['encrypted'], rows['S3']['encrypted'], rows['S4']['encrypted']) == (True, False, True)
    assert rows['DMPIPHONE']['encrypted'] is None
    assert (rows['S0']['os_name'], rows['S0']['os_build'], rows['S0']['uptime_days']) == ('Microsoft Windows 11 Pro', '22631', 3)
    assert (rows['S4']['os_name'], rows['S4']['uptime_days'], rows['S2']['uptime_days']) == (None, 41, None)
    assert to_csv(fleet_insights(DEVICES, INSIGHTS, columns), columns).splitlines() == [
        'device_serial,encrypted,os_name,os_build,uptime_days',
        'S0,true,Microsoft Windows 11 Pro,22631,3',
        'S1,false,,,',
        'S2,true,macOS,23F79,',
        'S3,false,,,',
        'S4,true,,,41',
        'DMPIPHONE,,,,',
    ]


def test_table_fields_line_up_across_rows_and_the_same_rows_give_the_same_report():
    columns = ['device_serial', 'bitlocker_info.drive_letter', 'bitlocker_info.protection_status', 'os_version.version']
    first = to_csv(fleet_insights(DEVICES, INSIGHTS, columns), columns)
    reversed_rows = dict((table, list(reversed(rows))) for table, rows in INSIGHTS.items())
    assert to_csv(fleet_insights(DEVICES, reversed_rows, columns), columns) == first
    assert first.splitlines()[1:3] == ['S0,C:;D:,1;1,10.0.22631', 'S1,C:;E:,1;0,']
    row = by_serial(fleet_insights(DEVICES, INSIGHTS, columns))['S1']
    assert row['bitlocker_info.drive_letter'] == ['C:', 'E:'] and row['os_version.version'] is None


def test_the_registered_result_of_a_loop_over_the_tables():
    registered = {'results': [{'item': table, 'rows': rows, 'invocation': {'module_args': {'table': table}}}
                              for table, rows in INSIGHTS.items()], 'changed': False}
    columns = ['device_serial', 'encrypted', 'uptime.total_seconds']
    assert fleet_insights(DEVICES, registered, columns) == fleet_insights(DEVICES, INSIGHTS, columns)
    # no table read (an empty loop): the rows as they are
    assert fleet_insights(DEVICES, {'results': [], 'skipped': True}, ['device_serial']) == DEVICES


def test_columns_are_checked_against_the_tables_read():
    assert fleet_column_errors(['device_serial', 'encrypted', 'os_version.build'], ['disk_encryption', 'os_version']) == []
    assert fleet_column_errors(['encrypted', 'uptime.days', 'os_version.', 'serial', 'os_name'], ['nonsense']) == [
        "'nonsense' is not a System Insights table",
        "column 'encrypted' is read from the System Insights table bitlocker_info or disk_encryption: add it to the tables read",
        "column 'uptime.days' is a field of the System Insights table 'uptime': add it to the tables read",
        "column 'os_version.' names no field",
        "unknown column 'serial': give one of user_email, username, device_serial, os, os_version, os_family, last_contact, "
        "hostname, display_name, system_id, mdm_device_id, agent_version, active, a System Insights column (encrypted, "
        "os_build, os_name, uptime_days) or <table>.<field>",
        "column 'os_name' is read from the System Insights table os_version: add it to the tables read",
    ]
    assert all(set(tables) <= set(TABLES) for tables, dummy in INSIGHT_COLUMNS.values())


def test_a_field_no_row_has_is_refused_naming_the_fields():
    with pytest.raises(AnsibleFilterError, match=r"no row of the System Insights table uptime has the field 'day'; its fields: "
                                                 r"days, system_id, total_seconds"):
        fleet_insights(DEVICES, INSIGHTS, ['uptime.day'])
    # a table without rows cannot tell: its cells are empty
    assert fleet_insights(DEVICES, {'uptime': []}, ['uptime.day'])[0]['uptime.day'] is None
    with pytest.raises(AnsibleFilterError, match='not a System Insights table'):
        fleet_insights(DEVICES, {'nonsense': []}, ['device_serial'])
    with pytest.raises(AnsibleFilterError, match='registered results of jcops.jumpcloud.jc_system_insights_info'):
        fleet_insights(DEVICES, {'results': [{'msg': 'no rows'}]}, ['device_serial'])
