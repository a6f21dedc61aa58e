# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The device fleet: systems and Apple MDM devices, merged into devices, joined with their users.

Used by jc_fleet_info (the fleet report) and the systems inventory plugin. Nothing here imports
AnsibleModule.

What it costs (requests):

* systems: one per page of 100 (v1 ``/systems``, ``sort=_id``, only the fields the fleet uses), the pages
  after the first read concurrently;
* Apple MDM: one for the servers, then per server one per page of 100 devices (plus an empty page when
  the count is a multiple of 100);
* users, only when they are joined and there are systems: the join reads each user's devices or each
  device's users, whichever side is smaller, so with S systems and U users it sends min(S, U) graph
  requests (plus a page per further 100 links of one object), at most ``workers`` at a time. Going by
  user needs every user (one request per page of 100); going by device needs only the users found, read
  100 ids per request when that is cheaper than the remaining pages.

Which users are a device's users (``through_groups``):

* ``True`` (JumpCloud's meaning of the users bound to a device, the ones who can log in to it): bound
  directly, or through groups on either side (a user group bound to the device, a device group bound to
  the user, a user group bound to a device group). Read with the graph traversals
  ``/users/{id}/systems`` or ``/systems/{id}/users``.
* ``False``: bound directly only (``/users/{id}/associations?targets=system`` or
  ``/systems/{id}/associations?targets=user``): the device's own users, without everyone a group gives
  access to.

Both directions give the same answer, so the choice of direction changes the cost only.

Merging: an Apple MDM device belongs to the v1 system whose ``mdm.internal.deviceId`` is its id, else to
the system with its serial number (when exactly one MDM device has that serial number). MDM devices that
belong to no system (iPhones and iPads, Macs whose agent is not installed) are devices of their own;
JumpCloud records no user for them, so they have none. With a systems filter they are left out, since
the filter cannot be applied to them.
"""

from __future__ import annotations

import json
import math

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _mdm
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import PAGE_SIZE, JumpCloudNotFound, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import DEFAULT_WORKERS, Edges, check_workers
from ansible_collections.jcops.jumpcloud.plugins.module_utils._insights import TABLES
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import field_filters, list_by_ids, list_objects, list_params
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind

SYSTEM = get_kind('system')
USER = get_kind('user')

# The system fields the fleet uses (v1 ``fields``: the rest of a system, a few kB each, is not sent).
SYSTEM_FIELDS = ('_id', 'active', 'agentVersion', 'arch', 'displayName', 'hostname', 'lastContact', 'mdm',
                 'networkInterfaces', 'os', 'osFamily', 'remoteIP', 'serialNumber', 'tags', 'version')
USER_FIELDS = ('_id', 'email', 'username')

# The columns of a report row, in order.
COLUMNS = ('user_email', 'username', 'device_serial', 'os', 'os_version', 'os_family', 'last_contact', 'hostname',
           'display_name', 'system_id', 'mdm_device_id', 'agent_version', 'active')


class Device:
    """One device: its v1 system, its Apple MDM device (either may be None, not both), its users."""

    __slots__ = ('system', 'mdm_device', 'users')

    def __init__(self, system=None, mdm_device=None, users=None):
        self.system = system
        self.mdm_device = mdm_device
        self.users = users or []

    @property
    def system_id(self):
        return (self.system or {}).get('_id')

    @property
    def serial_number(self):
        return (self.system or {}).get('serialNumber') or (self.mdm_device or {}).get('serialNumber')

    @property
    def mdm_device_id(self):
        if self.mdm_device:
            return self.mdm_device.get('id')
        return internal_device_id(self.system)

    @property
    def id(self):
        """The id of its system, else of its MDM device."""
        return self.system_id or (self.mdm_device or {}).get('id')

    def sort_key(self):
        return (self.serial_number or '', self.system_id or '', self.mdm_device_id or '')

    def view(self):
        """What the fleet report and the inventory show of the device, the same way in both: its ids, names and
        operating system, from its system, else from its MDM device (the OS family as JumpCloud's ``osFamily``
        spells it: an MDM device's ``mdmOsFamily`` in lower case). A value the device does not have is None."""
        system = self.system or {}
        mdm_device = self.mdm_device or {}
        mdm_family = mdm_device.get('mdmOsFamily')
        values = {
            'system_id': self.system_id,
            'mdm_device_id': self.mdm_device_id,
            'serial_number': self.serial_number,
            'hostname': system.get('hostname'),
            'display_name': system.get('displayName') or (mdm_device.get('deviceInformation') or {}).get('deviceName'),
            'os': system.get('os') or mdm_family,
            'os_family': system.get('osFamily') or (mdm_family.lower() if mdm_family else None),
            'os_version': system.get('version') or mdm_device.get('osVersion'),
            'arch': system.get('arch'),
            'last_contact': system.get('lastContact'),
            'agent_version': system.get('agentVersion'),
            'remote_ip': system.get('remoteIP'),
        }
        values = {name: value or None for name, value in values.items()}
        values['active'] = system.get('active') if self.system else None
        return values


def internal_device_id(system):
    """The Apple MDM device id a v1 system records (``mdm.internal.deviceId``), or None."""
    mdm = (system or {}).get('mdm')
    internal = mdm.get('internal') if isinstance(mdm, dict) else None
    if not isinstance(internal, dict):
        return None
    return internal.get('deviceId') or None


# -- listings ----------------------------------------------------------------------------------------

def list_systems(client, filters=None, fields=SYSTEM_FIELDS, workers=DEFAULT_WORKERS):
    """The systems matching the v1 ``filters`` (strings), with ``fields`` only, ordered by id."""
    return client.list(SYSTEM.path, params=list_params(SYSTEM, filters, fields), operation='list systems', workers=workers)


def list_mdm_devices(client):
    """Every device of every Apple MDM server (none when the organization has no server)."""
    return _mdm.all_devices(client, _mdm.resolve_servers(client, required=False))


# -- merging -------------------------------------------------------------------------------------------

def merge(systems, mdm_devices, mdm_only=True):
    """Devices from systems and MDM devices (see the module docstring); ``mdm_only``: keep the MDM devices of no system."""
    by_id = {device['id']: device for device in mdm_devices if device.get('id')}
    by_serial = {}
    for device in mdm_devices:
        if device.get('serialNumber'):
            by_serial.setdefault(device['serialNumber'], []).append(device)
    devices, used = [], set()
    for system in systems:
        device = by_id.get(internal_device_id(system))
        if device is None and system.get('serialNumber'):
            candidates = by_serial.get(system['serialNumber'], [])
            device = candidates[0] if len(candidates) == 1 else None
        if device is not None:
            used.add(device['id'])
        devices.append(Device(system, device))
    if mdm_only:
        devices.extend(Device(None, device) for device in mdm_devices if device.get('id') not in used)
    return devices


# -- the user join -------------------------------------------------------------------------------------

def system_ids(client, resolver, systems=None, system_groups=None):
    """The ids of the systems named (ids, display names or hostnames) and of the members of the device groups named
    (names or ids), sorted; None when neither is given (every system). Unknown names fail before anything is written."""
    if systems is None and system_groups is None:
        return None
    ids = set(resolver.ids(SYSTEM, systems or [], 'systems'))
    for group_id in resolver.ids(get_kind('system_group'), system_groups or [], 'system_groups'):
        ids.update(Edges(client, 'system_group', group_id, 'system').read())
    return sorted(ids)


def join_direction(systems, users):
    """``'user'`` (one graph request per user) when there are fewer users than systems, else ``'system'``."""
    return 'user' if users < systems else 'system'


def linked(client, source_type, source_id, target_type, through_groups):
    """Ids of the targets linked to one object: reachable through groups too, or directly bound only.
    An object deleted since it was listed has none."""
    edges = Edges(client, source_type, source_id, target_type)
    try:
        return edges.reachable() if through_groups else edges.read()
    except JumpCloudNotFound:
        return {}


def _first_user_page(client):
    users, total = client.page(USER.path, params=list_params(USER, fields=USER_FIELDS), operation='list users')
    return users, int(total or 0)


def _rest_of_users(client, skip, workers):
    return client.list(USER.path, params=list_params(USER, fields=USER_FIELDS), operation='list users', workers=workers, skip=skip)


def join_users(client, devices, through_groups=True, workers=DEFAULT_WORKERS):
    """Set ``users`` ([{_id, email, username}] sorted by e-mail) on the devices that have a system.

    Returns the direction used (``'user'``, ``'system'``, or None when nothing was read).
    """
    with_system = [device for device in devices if device.system_id]
    if not with_system:
        return None
    first_page, total = _first_user_page(client)
    users = {user['_id']: user for user in first_page}
    system_ids = sorted({device.system_id for device in with_system})
    links = {}
    direction = join_direction(len(system_ids), total)
    if direction == 'user':
        if len(users) < total:
            users.update((user['_id'], user) for user in _rest_of_users(client, len(first_page), workers))
        user_ids = sorted(users)
        wanted = set(system_ids)
        reached = client.map_concurrent(lambda user_id: linked(client, 'user', user_id, 'system', through_groups), user_ids, workers=workers)
        for user_id, targets in zip(user_ids, reached):
            for system_id in targets:
                if system_id in wanted:
                    links.setdefault(system_id, set()).add(user_id)
    else:
        reached = client.map_concurrent(lambda system_id: linked(client, 'system', system_id, 'user', through_groups), system_ids,
                                        workers=workers)
        links = {system_id: set(targets) for system_id, targets in zip(system_ids, reached) if targets}
        missing = sorted({user_id for targets in links.values() for user_id in targets} - set(users))
        remaining_pages = int(math.ceil((total - len(first_page)) / float(PAGE_SIZE)))
        if missing and remaining_pages > 0:
            # the users found, 100 ids per request, or the rest of the list, whichever costs fewer requests
            if int(math.ceil(len(missing) / float(PAGE_SIZE))) < remaining_pages:
                found = list_by_ids(client, USER, missing, operation='read the users of the devices')
            else:
                found = _rest_of_users(client, len(first_page), workers)
            users.update((user['_id'], user) for user in found)
    for device in with_system:
        known = [users[user_id] for user_id in links.get(device.system_id, ()) if user_id in users]
        device.users = sorted(known, key=lambda user: (user.get('email') or '', user.get('username') or '', user['_id']))
    return direction


# -- the whole fleet -----------------------------------------------------------------------------------

def read_fleet(client, filters=None, include_mdm=True, include_users=True, through_groups=True, workers=DEFAULT_WORKERS,
               system_fields=SYSTEM_FIELDS):
    """The devices of the organization (or the systems matching ``filters``), sorted by serial number and system id."""
    check_workers(workers)
    systems = list_systems(client, filters, system_fields, workers)
    mdm_devices = list_mdm_devices(client) if include_mdm else []
    devices = merge(systems, mdm_devices, mdm_only=not filters)
    if include_users:
        join_users(client, devices, through_groups, workers)
    return sorted(devices, key=Device.sort_key)


def _joined(values):
    values = [value for value in values if value]
    return ';'.join(values) if values else None


def row(device):
    """One report row: the columns of ``COLUMNS``, in that order; a missing value is None."""
    values = device.view()
    values.update(device_serial=values['serial_number'],
                  user_email=_joined(user.get('email') for user in device.users),
                  username=_joined(user.get('username') for user in device.users))
    return {column: values[column] for column in COLUMNS}


def fleet_report(client, params):
    """The jc_fleet_info routine: ``devices`` (report rows) and ``requests`` (HTTP requests sent)."""
    filters = field_filters(SYSTEM, params.get('filter')) or None
    devices = read_fleet(client, filters=filters, include_mdm=params.get('include_mdm', True),
                         include_users=params.get('include_users', True), through_groups=params.get('users_through_groups', True),
                         workers=params.get('workers', DEFAULT_WORKERS))
    return dict(changed=False, devices=[row(device) for device in devices], requests=client.request_count)


# -- System Insights columns ---------------------------------------------------------------------------
#
# A report row gains System Insights values in two ways: ``<table>.<field>`` (any field of a table read, e.g.
# ``os_version.version``, ``bitlocker_info.protection_status``), or a friendly column of INSIGHT_COLUMNS. Rows are
# joined on ``system_id``; a device without rows (an Apple MDM device without a system, an agent that has not reported
# the table) has no value. A device with several rows of a table (one per drive, per volume) gets the list of their
# values, in a fixed order (``_ordered``), so that two fields of one table line up and the same rows give the same
# report.

# the fields that tell apart the rows of one device (a drive, a volume, a program, an account), in that order
ROW_NAMES = ('drive_letter', 'device_id', 'name', 'path', 'username')


def _ordered(rows):
    """A device's rows by drive, device, name, path or username, then their other values (not the collection time)."""
    def key(row):
        rest = json.dumps(dict((k, v) for k, v in row.items() if k != 'collection_time'), sort_keys=True, default=str)
        return tuple(str(row.get(field) or '') for field in ROW_NAMES) + (rest,)
    return sorted(rows, key=key)


def _values(rows, field):
    """One row's value, several rows' values as a list (None for a row without it), None without rows."""
    values = [row.get(field) for row in rows]
    return values[0] if len(values) == 1 else (values or None)


def _protected(row):
    return str(row.get('protection_status')) == '1'


def _encrypted(rows):
    """Encrypted when every drive BitLocker reports has protection on (a drive that is not, a removable one included,
    makes the device unencrypted) and, on macOS and Linux, when some volume is encrypted (FileVault encrypts the Data
    volume only, LUKS the mapped device: the Preboot, Recovery, VM and /boot volumes always read unencrypted).
    None when neither table has a row of the device."""
    verdicts = []
    if rows.get('bitlocker_info'):
        verdicts.append(all(_protected(row) for row in rows['bitlocker_info']))
    if rows.get('disk_encryption'):
        verdicts.append(any(str(row.get('encrypted')) == '1' for row in rows['disk_encryption']))
    return all(verdicts) if verdicts else None


# friendly column -> (the tables it reads, any of which may be read; its value from the device's rows by table)
INSIGHT_COLUMNS = {
    'encrypted': (('bitlocker_info', 'disk_encryption'), _encrypted),
    'os_name': (('os_version',), lambda rows: _values(rows.get('os_version') or [], 'name')),
    'os_build': (('os_version',), lambda rows: _values(rows.get('os_version') or [], 'build')),
    'uptime_days': (('uptime',), lambda rows: _values(rows.get('uptime') or [], 'days')),
}


def insight_column_errors(columns, tables):
    """What is wrong with report ``columns`` when the System Insights ``tables`` are read (empty: nothing)."""
    errors = ['{0!r} is not a System Insights table'.format(table) for table in tables if table not in TABLES]
    for column in columns:
        if column in COLUMNS:
            continue
        if column in INSIGHT_COLUMNS:
            needs = INSIGHT_COLUMNS[column][0]
            if not set(needs) & set(tables):
                errors.append('column {0!r} is read from the System Insights table {1}: add it to the tables read'.format(
                    column, ' or '.join(needs)))
        elif '.' in column:
            table, field = column.split('.', 1)
            if not field:
                errors.append('column {0!r} names no field'.format(column))
            elif table not in tables:
                errors.append('column {0!r} is a field of the System Insights table {1!r}: add it to the tables read'.format(column, table))
        else:
            errors.append('unknown column {0!r}: give one of {1}, a System Insights column ({2}) or <table>.<field>'.format(
                column, ', '.join(COLUMNS), ', '.join(sorted(INSIGHT_COLUMNS))))
    return errors


def join_insights(devices, rows_by_table, columns):
    """The report rows ``devices`` with the System Insights ``columns`` (the others as they are), from the rows of each
    table read (``{table: rows}``). A ``<table>.<field>`` column whose table has rows none of which has the field is
    an error naming the table's fields."""
    errors = insight_column_errors(columns, list(rows_by_table))
    for column in columns:
        table, dummy, field = column.partition('.')
        if field and rows_by_table.get(table) and not any(field in row for row in rows_by_table[table]):
            fields = sorted(set(key for row in rows_by_table[table] for key in row))
            errors.append('no row of the System Insights table {0} has the field {1!r}; its fields: {2}'.format(
                table, field, ', '.join(fields)))
    if errors:
        raise JumpCloudValueError('; '.join(errors))
    by_system = {}
    for table, rows in rows_by_table.items():
        for found in rows:
            by_system.setdefault((table, found.get('system_id')), []).append(found)
    joined = []
    for device in devices:
        system_id, row = device.get('system_id'), dict(device)
        mine = dict((table, _ordered(by_system.get((table, system_id), [])) if system_id else []) for table in rows_by_table)
        for column in columns:
            if column in INSIGHT_COLUMNS:
                row[column] = INSIGHT_COLUMNS[column][1](mine)
            elif '.' in column and column not in COLUMNS:
                table, field = column.split('.', 1)
                row[column] = _values(mine[table], field)
        joined.append(row)
    return joined


# -- device groups -------------------------------------------------------------------------------------

def system_group_names(client, workers=DEFAULT_WORKERS):
    """system id -> the names of the device groups it is a direct member of, sorted.

    One request per page of 100 groups, then one per group (and per further 100 members), concurrently.
    """
    kind = get_kind('system_group')
    groups = list_objects(client, kind)
    members = client.map_concurrent(lambda group: Edges(client, kind.name, group['id'], 'system').read(), groups, workers=workers)
    names = {}
    for group, system_ids in zip(groups, members):
        for system_id in system_ids:
            names.setdefault(system_id, []).append(group['name'])
    return {system_id: sorted(group_names) for system_id, group_names in names.items()}
