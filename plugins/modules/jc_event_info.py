#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_event_info
short_description: Read the JumpCloud Directory Insights event log
version_added: 0.2.0
description:
  - Returns the Directory Insights events of a time range (who did what, to what, when), for example to prove to an
    auditor that a leaver was suspended, removed from their groups and had their devices locked.
  - Events are narrowed by service, event type, who initiated them and what they concern, or by any Directory Insights
    search term; every page is read (as many events as O(limit) allows).
  - Directory Insights is JumpCloud's API host of the region (U(https://api.jumpcloud.com/insights/directory/v1),
    C(api.eu.) or C(api.in.)), or O(api_url) when it is set. The query is a POST that only reads, so it runs in check
    mode too.
  - JumpCloud keeps events for 90 days.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  start_time:
    description:
      - Events from this time on. An RFC 3339 time (V(2026-01-31T14:00:00Z)) or a duration ago (V(30m), V(24h), V(7d),
        V(2w)).
    type: str
    default: 24h
  end_time:
    description: Events up to this time (same forms as O(start_time)). By default, up to now.
    type: str
  service:
    description: The services whose events to read; V(all) is every service.
    type: list
    elements: str
    default: [all]
    choices: [access_management, ai_admin, aigw, alerts, all, asset_management, directory, genai, generic_di, ldap, mdm,
              notifications, object_storage, password_manager, password_vault, radius, reports, saas_app_management,
              software, sso, systems, workflows]
  event_type:
    description:
      - Only events of these types, for example V(user_create), V(user_suspended), V(user_delete),
        V(association_change) (a user added to or removed from a group, a device bound or unbound), V(command_run),
        V(mdm_command_result), V(user_login_attempt).
    type: list
    elements: str
  initiated_by:
    description:
      - Only events initiated by this administrator, user or service account, by id, e-mail address or username.
    type: str
  resource:
    description:
      - Only events about this object, by id or name (a user's id, username or e-mail address; a group's or device's id
        or name). It matches the event's C(resource), either end of an association change, and the device of an MDM
        event.
    type: str
  search_term:
    description:
      - "A Directory Insights search term, C({and|or|not: [terms]}), combined with the options above (all must match).
        A term is C({field: value}), C({field: [values]}) or C({field, operator, value}), fields in dot notation
        (C(initiated_by.email)). JumpCloud stores text in lower case, so search in lower case."
    type: dict
  fields:
    description: Return only these fields of each event (C(timestamp) and C(id) are useful to keep).
    type: list
    elements: str
  sort:
    description: V(ASC) returns the oldest events first, V(DESC) the newest first.
    type: str
    choices: [ASC, DESC]
    default: ASC
  limit:
    description:
      - At most this many events (with V(DESC), the newest ones). By default every event of the query; each request
        reads up to 10000. RV(truncated) tells whether more events matched.
    type: int
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
notes:
  - A service account needs the C(directoryinsights.readonly) scope (an administrator's API key has it).
seealso:
  - module: jcops.jumpcloud.jc_user
  - module: jcops.jumpcloud.jc_apple_mdm_device
  - name: Directory Insights API
    description: JumpCloud's documentation of the event query, its search terms and event types.
    link: https://docs.jumpcloud.com/api/insights/directory/1.0/index.html
'''

EXAMPLES = r'''
- name: What happened to a leaver since the offboarding started
  jcops.jumpcloud.jc_event_info:
    start_time: "{{ offboarding_started }}"
    service: [directory, mdm]
    resource: "{{ leaver.user._id }}"
  register: leaver_events

- name: Prove it to the auditor
  ansible.builtin.assert:
    that:
      - leaver_events.events | selectattr('event_type', 'equalto', 'user_suspended') | list | length > 0
      - >-
        leaver_events.events | selectattr('event_type', 'equalto', 'association_change')
        | map(attribute='association.op') | select('equalto', 'remove') | list | length > 0

- name: The last 50 failed logins to the user portal this week
  jcops.jumpcloud.jc_event_info:
    start_time: 7d
    service: [directory]
    event_type: [user_login_attempt]
    search_term:
      and:
        - success: false
    sort: DESC
    limit: 50
    fields: [timestamp, initiated_by, client_ip, geoip]

- name: Everything a service account did today
  jcops.jumpcloud.jc_event_info:
    start_time: 24h
    initiated_by: "{{ lookup('ansible.builtin.env', 'JUMPCLOUD_CLIENT_ID') }}"
'''

RETURN = r'''
events:
  description: The events, as Directory Insights returns them, oldest first (newest first with O(sort=DESC)).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6490f0f5a2d539837a30aaad
      event_type: user_suspended
      timestamp: '2026-06-20T00:21:09.162Z'
      service: directory
      organization: 641b3db57090821c0b2f8183
      initiated_by:
        type: admin
        id: 603e0c284295c570a179ef4a
        email: admin@example.com
      auth_method: api key
      resource:
        type: user
        id: 6127579ec58b6d6144c06492
        username: jane.doe
      success: true
count:
  description: How many events were returned.
  returned: always
  type: int
  sample: 1
truncated:
  description: Whether O(limit) left out further events of the query.
  returned: always
  type: bool
  sample: false
query:
  description: The query sent (without its paging fields), with the times as sent.
  returned: always
  type: dict
  sample:
    service: [directory]
    start_time: '2026-06-19T00:00:00Z'
    search_term:
      and:
        - event_type: [user_suspended]
    sort: ASC
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._insights import SERVICES, event_query, read_events
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(
        argument_spec=dict(
            start_time=dict(type='str', default='24h'),
            end_time=dict(type='str'),
            service=dict(type='list', elements='str', default=['all'], choices=list(SERVICES)),
            event_type=dict(type='list', elements='str'),
            initiated_by=dict(type='str'),
            resource=dict(type='str'),
            search_term=dict(type='dict'),
            fields=dict(type='list', elements='str'),
            sort=dict(type='str', choices=['ASC', 'DESC'], default='ASC'),
            limit=dict(type='int'),
        ),
    )
    if module.params['limit'] is not None and module.params['limit'] < 1:
        module.fail_json(msg='limit must be at least 1')
    with module.api_errors():
        query = event_query(module.params)
        events, truncated = read_events(module.client, query, module.params['limit'])
    module.exit_json(changed=False, events=events, count=len(events), truncated=truncated, query=query)


if __name__ == '__main__':
    main()
