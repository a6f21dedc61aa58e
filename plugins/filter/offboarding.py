# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""offboarding_events_query and offboarding_report: the Directory Insights events that prove what jc_leavers did."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._leavers import proof, proof_query


def offboarding_events_query(result):
    """jc_leavers result -> the jc_event_info options (service, event_type, search_term) of its leavers' events."""
    try:
        return proof_query(result)
    except JumpCloudValueError as error:
        raise AnsibleFilterError('offboarding_events_query: {0}'.format(error)) from None


def offboarding_report(result, events=None):
    """jc_leavers result (and the events read since before it ran) -> one entry per leaver, with its proof."""
    if events is not None and not isinstance(events, list):
        raise AnsibleFilterError('offboarding_report expects the events of jcops.jumpcloud.jc_event_info (a list), got {0}'.format(
            type(events).__name__))
    try:
        return proof(result, events)
    except JumpCloudValueError as error:
        raise AnsibleFilterError('offboarding_report: {0}'.format(error)) from None


class FilterModule:
    def filters(self):
        return {'offboarding_events_query': offboarding_events_query, 'offboarding_report': offboarding_report}
