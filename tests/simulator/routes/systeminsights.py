"""v2 System Insights: ``GET /systeminsights/<table>``, the osquery tables the agent reports, one row per fact.

Rows come from the seed (``systeminsights``, each row with its ``_table`` and ``system_id``). Lists are bare arrays
with ``limit`` (default 10, at most 10000, as the document declares for these operations), ``skip``, ``sort`` on the
table's fields and ``filter`` with the ``eq`` and ``in`` operators on the fields each operation's description names
("Valid filter fields are ...", read from the v2 document when the simulator validates; any field otherwise); another
field or operator is 400.
"""

import re

from .. import query as q
from ..common import BadRequest, Response, now_iso, public
from ..seed import SeedError, completer
from . import route

KIND = 'systeminsights'
MAX_LIMIT = 10000
FILTER_FIELDS = re.compile(r'`([a-z_]+)`')

# the tables of the v2 document (GET /systeminsights/<table>)
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


@completer(KIND)
def complete(app, obj, _existing):
    if obj.get('_table') not in TABLES:
        raise SeedError('a systeminsights row needs "_table", one of the System Insights tables (got %r)' % obj.get('_table'))
    if not obj.get('system_id'):
        raise SeedError('a systeminsights row needs the "system_id" of its system')
    row = {'collection_time': now_iso()}
    row.update(obj)
    return row


def _filter_fields(req, table):
    specs = req.app.specs
    op = specs.get(2).operations.get(('GET', '/systeminsights/' + table)) if specs is not None else None
    if op is None:
        return None
    description = specs.get(2).doc['paths']['/systeminsights/' + table]['get'].get('description', '')
    sentence = description[description.find('filter'):] if 'filter' in description else ''
    return set(FILTER_FIELDS.findall(sentence)) or None


def _check_filters(req, table):
    allowed = _filter_fields(req, table)
    for raw in req.query.get('filter', []):
        for expr in raw.split(','):
            if not expr:
                continue
            clause = q.parse_v2_clause(expr)
            if clause.op not in ('eq', 'in'):
                raise BadRequest('invalid filter operator: %s (System Insights takes eq and in)' % clause.op)
            if allowed is not None and clause.field not in allowed:
                raise BadRequest('invalid filter field: %s (valid: %s)' % (clause.field, ', '.join(sorted(allowed))))


def _register(table):
    def list_rows(req):
        _check_filters(req, table)
        rows = [row for row in req.store.all(KIND) if row.get('_table') == table]
        predicate = q.v2_predicate(req.query)
        if predicate:
            rows = [row for row in rows if predicate(row)]
        fields = set(k for row in rows for k in row if not k.startswith('_')) | {'system_id', 'collection_time'}
        rows = q.apply_sort(rows, req.query, 2, fields)
        limit, skip = q.paging(req.query, MAX_LIMIT)
        return Response(200, [public(row) for row in rows[skip:skip + limit]])

    route('GET', 2, '/systeminsights/' + table)(list_rows)


for _table in TABLES:
    _register(_table)
