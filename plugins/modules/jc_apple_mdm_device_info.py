#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_apple_mdm_device_info
short_description: Read the Apple devices (Macs, iPhones, iPads) of JumpCloud's Apple MDM
version_added: 0.1.0
description:
  - Returns the devices of every Apple MDM server of the organization (or of the one O(mdm) names), each with
    C(mdm_id), the id of its server. Every list is paged through completely, however many devices there are.
  - Or the devices with one serial number (O(serial_number)) or MDM device id (O(id)); normally one, several when
    the same serial number is enrolled under more than one server.
  - An organization without an Apple MDM server returns no devices (unless O(mdm) names one, which then fails).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  serial_number:
    description: The serial number of the devices to return (exact, case-sensitive match).
    type: str
  id:
    description: The Apple MDM device id of the device to return.
    type: str
  mdm:
    description:
      - Return only the devices of this Apple MDM server, by id or by exact name.
      - When not set, every Apple MDM server is read.
    type: str
  filter:
    description:
      - "Field and value pairs that every returned device matches exactly, for example C({enrolled: true}) or
        C({osVersion: ['14.4', '14.5']}). A list value matches any of its items."
      - JumpCloud filters devices on V(createdAt), V(depRegistered), V(enrolled), V(id), V(osVersion),
        V(serialNumber) and V(udid) only; another field is refused before any request.
    type: dict
  include_lock_state:
    description:
      - Add to each device C(lock_state), JumpCloud's derived lock state (V(locked), V(pending), V(unlocked) or
        V(unknown) where JumpCloud reports none, as for an iPhone or iPad). Costs one request per device, sent
        concurrently.
    type: bool
    default: false
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_apple_mdm_device
'''

EXAMPLES = r'''
- name: Every Apple device under JumpCloud MDM
  jcops.jumpcloud.jc_apple_mdm_device_info:
  register: fleet

- name: Serial numbers of the enrolled Macs still on macOS 13
  ansible.builtin.debug:
    msg: "{{ fleet.devices | selectattr('enrolled') | selectattr('osVersion', 'match', '13[.]') | map(attribute='serialNumber') | list }}"

- name: Enrolled devices registered through Apple Business Manager
  jcops.jumpcloud.jc_apple_mdm_device_info:
    filter:
      enrolled: true
      depRegistered: true
  register: ade

- name: One device, with its lock state
  jcops.jumpcloud.jc_apple_mdm_device_info:
    serial_number: C02XYZ123ABC
    include_lock_state: true
  register: device
'''

RETURN = r'''
devices:
  description: The devices found, as JumpCloud returns them, each with C(mdm_id) (and C(lock_state) when asked).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 64b7f0c2e4b0a1d2c3e4f5a6
      serialNumber: C02XYZ123ABC
      udid: 00008112-001A2C3E0C38001E
      osVersion: '14.5'
      depRegistered: true
      enrolled: true
      createdAt: '2024-02-01T09:30:00.000Z'
      modelFamily: Mac
      mdmOsFamily: macOS
      deviceInformation:
        deviceName: MacBook Pro 23ABC
        modelName: MacBook Pro
      securityInfo:
        filevaultEnabled: true
      mdm_id: 64b7f0c2e4b0a1d2c3e4f500
mdm_servers:
  description: The Apple MDM servers that were read, with their id and name.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 64b7f0c2e4b0a1d2c3e4f500
      name: JumpCloud MDM
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._mdm import DEVICE_IDS, read_devices
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(
        argument_spec=dict(
            serial_number=dict(type='str'),
            id=dict(type='str'),
            mdm=dict(type='str'),
            filter=dict(type='dict'),
            include_lock_state=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('serial_number', 'id', 'filter')],
        ids=DEVICE_IDS,
    )
    with module.api_errors():
        result = read_devices(module.client, module.params)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
