#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_fleet_info
short_description: Read the device fleet of a JumpCloud organization, each device with its users
version_added: 0.1.0
description:
  - Returns one row per device, ready for a report (the C(jcops.jumpcloud.fleet_report) role writes them to a CSV
    file) or for filtering in a playbook. A device is a JumpCloud system (a device with the agent), an Apple MDM device, or
    both merged into one row when they are the same machine (matched by the system's recorded MDM device id, else by
    serial number).
  - Apple MDM devices without a system (iPhones, iPads, Macs without the agent) have rows of their own, without users
    (JumpCloud records none for them).
  - Each device's users are joined in, their e-mail addresses and usernames separated by V(;). A device without a
    user has a row too.
  - "Cost: one request per page of 100 systems (the pages after the first are read concurrently), one for the Apple
    MDM servers and one per page of 100 devices per server; with users, one graph request per user or per device,
    whichever there are fewer of (at most O(workers) at a time), and the users read 100 per request. The number sent
    is returned in RV(requests)."
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  filter:
    description:
      - "System fields to match, as JumpCloud names them, for example C({osFamily: windows}), C({active: true}) or
        C({os: [Ubuntu, Windows]}). A value is matched exactly; a list value matches any of its items."
      - The filter applies to systems only, so with a filter Apple MDM devices without a system are left out.
    type: dict
  include_mdm:
    description:
      - Read the Apple MDM devices, merge them into their systems (RV(devices[].mdm_device_id)) and add the MDM devices
        that have no system.
    type: bool
    default: true
  include_users:
    description:
      - Join each device with its users (RV(devices[].user_email), RV(devices[].username)).
      - When false, no user and no graph request is read.
    type: bool
    default: true
  users_through_groups:
    description:
      - Which users a device's users are.
      - V(true) follows JumpCloud's meaning of the users bound to a device, the users who can log in to it; bound
        directly, or through groups (a user group bound to the device, a device group bound to the user, a user group
        bound to a device group).
      - V(false) counts only the users bound directly to the device, leaving out everyone a group gives access to
        (the device's own users).
      - Both cost the same.
    type: bool
    default: true
notes:
  - Rows are sorted by serial number, then system id.
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.workers
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_system_info
  - module: jcops.jumpcloud.jc_apple_mdm_device_info
  - plugin: jcops.jumpcloud.systems
    plugin_type: inventory
'''

EXAMPLES = r'''
- name: Every device, with its users
  jcops.jumpcloud.jc_fleet_info:
  register: fleet

- name: Devices nobody uses
  ansible.builtin.debug:
    msg: "{{ fleet.devices | rejectattr('user_email') | map(attribute='device_serial') | list }}"

- name: Write the fleet as CSV
  ansible.builtin.copy:
    dest: /srv/reports/fleet.csv
    content: "{{ fleet.devices | jcops.jumpcloud.to_csv(['user_email', 'device_serial', 'os', 'os_version', 'last_contact']) }}"
    mode: "0644"

- name: The Windows devices and the users bound to them directly, without MDM
  jcops.jumpcloud.jc_fleet_info:
    filter:
      osFamily: windows
    include_mdm: false
    users_through_groups: false
  register: windows
'''

RETURN = r'''
devices:
  description:
    - One row per device, sorted by serial number then system id. A value JumpCloud does not have for the device is
      null.
  returned: always
  type: list
  elements: dict
  contains:
    user_email:
      description: The e-mail addresses of the device's users, sorted, separated by V(;); null without users.
      type: str
      sample: ada@example.com;grace@example.com
    username:
      description: Their usernames, in the same order.
      type: str
      sample: ada.lovelace;grace.hopper
    device_serial:
      description: The serial number (of the system, else of the MDM device).
      type: str
      sample: C02XK1ZJJG5H
    os:
      description: The operating system (the system's C(os), else the MDM device's C(mdmOsFamily)).
      type: str
      sample: Mac OS X
    os_version:
      description: The system's C(version), else the MDM device's C(osVersion).
      type: str
      sample: '14.5'
    os_family:
      description: V(linux), V(windows), V(darwin), or for an MDM device without a system V(ios), V(ipados)...
      type: str
      sample: darwin
    last_contact:
      description: When the JumpCloud agent last checked in (null for MDM devices without a system).
      type: str
      sample: '2025-03-04T09:12:44.000Z'
    hostname:
      description: The system's hostname.
      type: str
      sample: ada-mbp.local
    display_name:
      description: The system's display name, else the MDM device name.
      type: str
      sample: Ada's MacBook Pro
    system_id:
      description: The JumpCloud system id; null for an MDM device without a system.
      type: str
      sample: 63f1c2d3e4f5a6b7c8d9e0f2
    mdm_device_id:
      description: The Apple MDM device id; null for a device not in Apple MDM.
      type: str
      sample: 64b7f0c2e4b0a1d2c3e4f5a6
    agent_version:
      description: The JumpCloud agent version.
      type: str
      sample: 2.12.0
    active:
      description: Whether the agent is connected now; null for an MDM device without a system.
      type: bool
      sample: true
requests:
  description: How many HTTP requests the module sent to JumpCloud (retries included).
  returned: always
  type: int
  sample: 27
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._fleet import DEFAULT_WORKERS, fleet_report
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(argument_spec=dict(
        filter=dict(type='dict'),
        include_mdm=dict(type='bool', default=True),
        include_users=dict(type='bool', default=True),
        users_through_groups=dict(type='bool', default=True),
        workers=dict(type='int', default=DEFAULT_WORKERS),
    ))
    with module.api_errors():
        result = fleet_report(module.client, module.params)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
