#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_system_insights_info
short_description: Read JumpCloud System Insights tables (disk encryption, OS versions, software, users, uptime...)
version_added: 0.2.0
description:
  - Returns the rows of one System Insights table, the facts the JumpCloud agent collects on each device with osquery
    (disk encryption, OS version, installed applications and programs, local users, uptime and the other tables
    JumpCloud documents), for every device, for the devices named, or for the members of device groups.
  - Each row carries the C(system_id) of its device, so a report joins it with M(jcops.jumpcloud.jc_fleet_info) or
    M(jcops.jumpcloud.jc_system_info) on the device's id.
  - "Cost: one request per page of 1000 rows per 100 devices (the batches of devices are read concurrently), plus the
    lookups of the devices and groups named by name (one request each, or one listing for more than 20) and one request
    per 100 members of each device group."
  - System Insights must be enabled for the organization; a device reports its tables some minutes after the agent
    starts, and refreshes them on its own schedule (C(collection_time) says when).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  table:
    description:
      - The table, as JumpCloud names it. For a fleet owner, V(bitlocker_info) (Windows) and V(disk_encryption)
        (macOS, Linux) for disk encryption, V(os_version), V(apps) (macOS) and V(programs) (Windows) for software,
        V(users) for local accounts, V(uptime), V(system_info) for hardware.
    type: str
    required: true
    choices: [alf, alf_exceptions, alf_explicit_auths, appcompat_shims, apps, authorized_keys,
              azure_instance_metadata, azure_instance_tags, battery, bitlocker_info, browser_plugins, certificates,
              chassis_info, chrome_extensions, connectivity, crashes, cups_destinations, disk_encryption, disk_info,
              dns_resolvers, etc_hosts, firefox_addons, groups, ie_extensions, interface_addresses,
              interface_details, kernel_info, launchd, linux_packages, logged_in_users, logical_drives,
              managed_policies, mounts, os_version, patches, programs, python_packages, safari_extensions,
              scheduled_tasks, secureboot, services, shadow, shared_folders, shared_resources, sharing_preferences,
              sip_config, startup_items, system_controls, system_info, tpm_info, uptime, usb_devices, user_groups,
              user_ssh_keys, userassist, users, wifi_networks, wifi_status, windows_security_center,
              windows_security_products]
  systems:
    description:
      - Only the rows of these devices, by id, display name or hostname (exact match; a name several devices share is
        an error that lists their ids).
      - With O(system_groups), the devices of both.
    type: list
    elements: str
  system_groups:
    description: Only the rows of the members of these device groups, by name or id.
    type: list
    elements: str
  filter:
    description:
      - "Fields and values every row matches: a value exactly, a list any of its items, for example
        C({encryption_status: encrypted}). JumpCloud filters each table on C(system_id) and one further field its
        documentation names (C(bundle_name) for V(apps), C(name) for V(programs), C(protection_status) for
        V(bitlocker_info), C(encryption_status) for V(disk_encryption), C(version) for V(os_version), C(username) for
        V(users)); another field is refused by JumpCloud with HTTP 400."
    type: dict
  limit:
    description: At most this many rows. By default every row.
    type: int
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
notes:
  - JumpCloud does not filter V(linux_packages) by device; O(systems) and O(system_groups) are refused for it.
seealso:
  - module: jcops.jumpcloud.jc_fleet_info
  - module: jcops.jumpcloud.jc_system_info
'''

EXAMPLES = r'''
- name: Disk encryption of the laptops
  jcops.jumpcloud.jc_system_insights_info:
    table: disk_encryption
    system_groups: [Laptops]
  register: encryption

- name: BitLocker status of the Windows laptops that are not protected
  jcops.jumpcloud.jc_system_insights_info:
    table: bitlocker_info
    system_groups: [Windows laptops]
    filter:
      protection_status: 0
  register: unprotected

- name: Join the OS version with the fleet report, by device id
  jcops.jumpcloud.jc_system_insights_info:
    table: os_version
  register: os_versions

- name: OS version per device id
  ansible.builtin.set_fact:
    os_by_system: "{{ os_versions.rows | items2dict(key_name='system_id', value_name='version') }}"

- name: Which devices have Slack installed
  jcops.jumpcloud.jc_system_insights_info:
    table: apps
    filter:
      bundle_name: Slack
  register: slack
'''

RETURN = r'''
rows:
  description: The rows, as JumpCloud returns them; each has the C(system_id) of its device and a C(collection_time).
  returned: always
  type: list
  elements: dict
  sample:
    - system_id: 63f1c2d3e4f5a6b7c8d9e0f1
      collection_time: '2026-06-20T08:14:03.000Z'
      name: /dev/disk3s1
      uuid: 0F2B5C55-2B41-4B37-8B1E-4A7C5F0B1A7E
      encrypted: 1
      type: APFS Encryption
      encryption_status: encrypted
count:
  description: How many rows were returned.
  returned: always
  type: int
  sample: 1
system_ids:
  description: The ids of the devices asked for (from O(systems) and O(system_groups)); C(null) when every device was.
  returned: always
  type: list
  elements: str
  sample: [63f1c2d3e4f5a6b7c8d9e0f1]
requests:
  description: How many HTTP requests the task sent to JumpCloud (the lookups of the devices and groups named included).
  returned: always
  type: int
  sample: 2
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._fleet import system_ids
from ansible_collections.jcops.jumpcloud.plugins.module_utils._insights import TABLES, refuse_system_filter, table_rows
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(
        argument_spec=dict(
            table=dict(type='str', required=True, choices=list(TABLES)),
            systems=dict(type='list', elements='str'),
            system_groups=dict(type='list', elements='str'),
            filter=dict(type='dict'),
            limit=dict(type='int'),
        ),
    )
    params = module.params
    if params['limit'] is not None and params['limit'] < 1:
        module.fail_json(msg='limit must be at least 1')
    with module.api_errors():
        refuse_system_filter(params['table'], params['systems'] is not None or params['system_groups'] is not None)
        ids = system_ids(module.client, module.resolver, params['systems'], params['system_groups'])
        rows = table_rows(module.client, params['table'], ids, params['filter'], params['limit'])
    module.exit_json(changed=False, rows=rows, count=len(rows), system_ids=ids, requests=module.client.request_count)


if __name__ == '__main__':
    main()
