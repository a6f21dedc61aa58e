# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Directory Insights (the event log) and System Insights (the agents' osquery tables): queries and paging.

Directory Insights is one POST that reads, ``/insights/directory/v1/events`` on the region's API host: a body names
the services and the time range, a ``search_term`` narrows it; pages continue with the ``X-Search_after`` value of the
previous answer until an answer holds fewer rows (``X-Result-Count``) than its ``X-Limit``.

System Insights tables are v2 lists (``/api/v2/systeminsights/<table>``), filtered by ``system_id`` with ``in`` (100
systems per request, sent concurrently) and paged with ``limit`` (up to 10000 rows per page) and ``skip``.

Nothing here imports AnsibleModule.
"""

from __future__ import annotations

import datetime
import json
import re

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import IDS_PER_REQUEST, filter_terms

EVENTS_PATH = '/insights/directory/v1/events'
# the services of the document's EventServiceTimeQuery
SERVICES = ('access_management', 'ai_admin', 'aigw', 'alerts', 'all', 'asset_management', 'directory', 'genai',
            'generic_di', 'ldap', 'mdm', 'notifications', 'object_storage', 'password_manager', 'password_vault', 'radius',
            'reports', 'saas_app_management', 'software', 'sso', 'systems', 'workflows')
MAX_EVENTS_PER_PAGE = 10000   # the document's largest row limit
# the fields that name who initiated an event, and the object an event is about
INITIATOR_FIELDS = ('initiated_by.id', 'initiated_by.email', 'initiated_by.username')
RESOURCE_FIELDS = ('resource.id', 'resource.username', 'resource.email', 'resource.name',
                   'association.connection.from.object_id', 'association.connection.from.name',
                   'association.connection.to.object_id', 'association.connection.to.name', 'device_object_id')
RELATIVE = re.compile(r'^(\d+)\s*([smhdw])$')
UNITS = {'s': 'seconds', 'm': 'minutes', 'h': 'hours', 'd': 'days', 'w': 'weeks'}

SYSTEM_INSIGHTS_PATH = '/api/v2/systeminsights/'
ROWS_PER_PAGE = 1000
# the tables of the v2 document (GET /api/v2/systeminsights/<table>); a unit test holds this to the operation index
TABLES = (
    'alf', 'alf_exceptions', 'alf_explicit_auths', 'appcompat_shims', 'apps', 'authorized_keys', 'azure_instance_metadata',
    'azure_instance_tags', 'battery', 'bitlocker_info', 'browser_plugins', 'certificates', 'chassis_info', 'chrome_extensions',
    'connectivity', 'crashes', 'cups_destinations', 'disk_encryption', 'disk_info', 'dns_resolvers', 'etc_hosts',
    'firefox_addons', 'groups', 'ie_extensions', 'interface_addresses', 'interface_details', 'kernel_info', 'launchd',
    'linux_packages', 'logged_in_users', 'logical_drives', 'managed_policies', 'mounts', 'os_version', 'patches', 'programs',
    'python_packages', 'safari_extensions', 'scheduled_tasks', 'secureboot', 'services', 'shadow', 'shared_folders',
    'shared_resources', 'sharing_preferences', 'sip_config', 'startup_items', 'system_controls', 'system_info', 'tpm_info',
    'uptime', 'usb_devices', 'user_groups', 'user_ssh_keys', 'userassist', 'users', 'wifi_networks', 'wifi_status',
    'windows_security_center', 'windows_security_products',
)
# tables the document does not let filter on system_id
NO_SYSTEM_FILTER = ('linux_packages',)


# -- Directory Insights ----------------------------------------------------------------------------

def event_time(value, now=None):
    """An RFC 3339 time as given, or a duration ago (``30m``, ``24h``, ``7d``, ``2w``) as RFC 3339 UTC."""
    text = str(value).strip()
    found = RELATIVE.match(text)
    if found:
        now = now or datetime.datetime.now(datetime.timezone.utc)
        moment = now - datetime.timedelta(**{UNITS[found.group(2)]: int(found.group(1))})
        return moment.strftime('%Y-%m-%dT%H:%M:%SZ')
    if not re.match(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$', text):
        raise JumpCloudValueError('{0!r} is not a time: give an RFC 3339 time (2026-01-31T14:00:00Z) or a duration ago '
                                  '(30m, 24h, 7d, 2w)'.format(value))
    return text


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _any_of(fields, value):
    """A term matching ``value`` in any of ``fields`` (values are stored lower-cased, so the search is too)."""
    return {'or': [{field: _lower(value)} for field in fields]}


def event_query(params, now=None):
    """The ``/events`` body of the module's options (without paging)."""
    body = {'service': list(params.get('service') or ['all']), 'start_time': event_time(params['start_time'], now)}
    if params.get('end_time'):
        body['end_time'] = event_time(params['end_time'], now)
    terms = []
    if params.get('event_type'):
        terms.append({'event_type': [_lower(event_type) for event_type in params['event_type']]})
    if params.get('initiated_by'):
        terms.append(_any_of(INITIATOR_FIELDS, params['initiated_by']))
    if params.get('resource'):
        terms.append(_any_of(RESOURCE_FIELDS, params['resource']))
    if params.get('search_term'):
        terms.append(params['search_term'])
    if terms:
        body['search_term'] = {'and': terms}
    if params.get('fields'):
        body['fields'] = list(params['fields'])
    body['sort'] = params.get('sort') or 'ASC'
    return body


def _header(headers, name):
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def _int_header(headers, name):
    try:
        return int(_header(headers, name))
    except (TypeError, ValueError):
        return None


def read_events(client, body, limit=None):
    """Every event of the query (at most ``limit``), page after page: (events, whether ``limit`` left out further
    events). With a limit, one event more than the limit is asked for, to know whether there are more."""
    events, after = [], None
    while True:
        wanted = MAX_EVENTS_PER_PAGE if limit is None else min(MAX_EVENTS_PER_PAGE, limit + 1 - len(events))
        page_body = dict(body, limit=wanted)
        if after is not None:
            page_body['search_after'] = after
        rows, headers = client.request('POST', EVENTS_PATH, body=page_body, operation='query Directory Insights events',
                                       reads=True, with_headers=True)
        rows = rows if isinstance(rows, list) else []
        events.extend(rows)
        if limit is not None and len(events) > limit:
            return events[:limit], True
        count, page_limit = _int_header(headers, 'X-Result-Count'), _int_header(headers, 'X-Limit') or wanted
        raw_after = _header(headers, 'X-Search_after')
        try:
            after = json.loads(raw_after) if raw_after else None
        except ValueError:
            after = None
        if (len(rows) if count is None else count) < page_limit or not rows or not after:
            return events, False


# -- System Insights --------------------------------------------------------------------------------

def refuse_system_filter(table, by_system):
    """A table the documents do not filter on system_id cannot be read for some systems only."""
    if by_system and table in NO_SYSTEM_FILTER:
        raise JumpCloudValueError('JumpCloud does not filter the {0} table by system; read it without systems or '
                                  'system_groups and select the rows by system_id'.format(table))


def table_rows(client, table, ids=None, filters=None, limit=None):
    """The rows of a System Insights table for the systems ``ids`` (None: every system) matching ``filters``
    (``{field: value or [values]}``), at most ``limit``; one request per page of 1000 rows per 100 systems."""
    if table not in TABLES:
        raise JumpCloudValueError('Unknown System Insights table {0!r}'.format(table))
    refuse_system_filter(table, ids is not None)
    if ids is not None and not ids:
        return []
    terms = filter_terms(filters)
    operation = 'read the System Insights table {0}'.format(table)
    page_size = ROWS_PER_PAGE if limit is None else max(1, min(ROWS_PER_PAGE, limit))

    def read(batch):
        query = {}
        filter_list = list(terms) + (['system_id:in:' + '|'.join(batch)] if batch else [])
        if filter_list:
            query['filter'] = ','.join(filter_list)
        rows = []
        for row in client.paginate(SYSTEM_INSIGHTS_PATH + table, params=query, operation=operation, page_size=page_size):
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
        return rows

    batches = [None] if ids is None else [ids[start:start + IDS_PER_REQUEST] for start in range(0, len(ids), IDS_PER_REQUEST)]
    rows = [row for found in client.map_concurrent(read, batches) for row in found]
    return rows if limit is None else rows[:limit]
