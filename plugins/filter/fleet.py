# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_insights and fleet_column_errors: System Insights columns in the fleet report's rows."""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._fleet import insight_column_errors, join_insights


def _table_of(result):
    table = ((result.get('invocation') or {}).get('module_args') or {}).get('table') or result.get('item')
    if not isinstance(table, str) or not isinstance(result.get('rows'), list):
        raise AnsibleFilterError('fleet_insights expects registered results of jcops.jumpcloud.jc_system_insights_info '
                                 '(with their table and rows)')
    return table


def _rows_by_table(insights):
    """{table: rows} from a {table: rows} dict, or from the registered result of a jc_system_insights_info loop."""
    if not isinstance(insights, Mapping):
        raise AnsibleFilterError('fleet_insights expects {{table: rows}} or the registered result of a '
                                 'jcops.jumpcloud.jc_system_insights_info loop, got {0}'.format(type(insights).__name__))
    if 'results' not in insights:
        return dict(insights)
    rows = {}
    for result in insights['results'] or []:
        if isinstance(result, Mapping) and not result.get('skipped'):
            rows.setdefault(_table_of(result), []).extend(result['rows'])
    return rows


def fleet_insights(devices, insights, columns):
    """Fleet report rows (jc_fleet_info's devices) with the System Insights ``columns`` joined in on system_id."""
    if not isinstance(devices, list) or not isinstance(columns, list):
        raise AnsibleFilterError('fleet_insights expects the devices of jcops.jumpcloud.jc_fleet_info and a list of columns')
    try:
        return join_insights(devices, _rows_by_table(insights), columns)
    except JumpCloudValueError as error:
        raise AnsibleFilterError('fleet_insights: {0}'.format(error)) from None


def fleet_column_errors(columns, tables):
    """What is wrong with report columns when the System Insights tables are read (an empty list: nothing)."""
    if not isinstance(columns, list) or not isinstance(tables, list):
        raise AnsibleFilterError('fleet_column_errors expects a list of columns and a list of tables')
    return insight_column_errors(columns, tables)


class FilterModule:
    def filters(self):
        return {'fleet_insights': fleet_insights, 'fleet_column_errors': fleet_column_errors}
