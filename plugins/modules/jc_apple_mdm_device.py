#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_apple_mdm_device
short_description: Lock, erase, restart, shut down or unenroll an Apple device managed by JumpCloud MDM
version_added: 0.1.0
description:
  - Sends one MDM action to one Apple device (Mac, iPhone, iPad) enrolled in a JumpCloud Apple MDM server, found by
    its serial number or its MDM device id.
  - The device is looked for in every Apple MDM server of the organization, or in the one O(mdm) names. A serial
    number found under more than one server is an error that names them, never a guess.
  - "Actions are as idempotent as the API shows state, so a play stopped half-way can be run again:
    V(lock) is skipped when JumpCloud reports the Mac locked, or a lock sent and not yet acknowledged;
    V(erase) is skipped when the device is no longer enrolled (an erased device leaves MDM);
    V(unenroll) is skipped when the device is not enrolled or no longer exists.
    V(restart), V(shutdown) and V(clear_passcode) leave no state to compare and are sent each time they are asked."
  - V(lock), V(erase) and V(unenroll) take the device out of its user's hands, and are refused without
    O(confirm=true), before any request, with a message saying what they would do.
  - Input that needs no request (the PIN's form, O(confirm), options that do not go with the action) is checked
    before any request. A Mac without O(pin) for V(lock) or V(erase) is refused once the device is read, before
    anything is sent.
  - In check mode nothing is sent; the task reports C(changed) and what would be done (C(would lock device C02XYZ)).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  serial_number:
    description:
      - The device's serial number (exact, case-sensitive match).
      - Exactly one of O(serial_number) and O(id) is required.
    type: str
  id:
    description:
      - The device's Apple MDM device id (the C(id) that M(jcops.jumpcloud.jc_apple_mdm_device_info) returns), not the
        id of its JumpCloud system record.
    type: str
  mdm:
    description:
      - The Apple MDM server holding the device, by id or by exact name.
      - When not set, every Apple MDM server of the organization is searched (JumpCloud normally has one).
    type: str
  action:
    description:
      - V(lock) locks the device. A Mac restarts into a lock screen that only O(pin) opens; an iPhone or iPad locks
        its screen. Needs O(confirm=true).
      - V(erase) wipes all content and settings; the device leaves MDM. Needs O(confirm=true) and, on a Mac, O(pin)
        (the PIN that unlocks the Mac after the erase).
      - V(restart) and V(shutdown) restart or shut the device down.
      - V(clear_passcode) removes the passcode of an iPhone or iPad (JumpCloud refuses it for a Mac).
      - V(unenroll) removes the device's MDM enrollment; JumpCloud deletes its MDM device record. Needs
        O(confirm=true). A device that does not exist counts as already unenrolled.
    type: str
    required: true
    choices: [lock, erase, restart, shutdown, clear_passcode, unenroll]
  pin:
    description:
      - The 6-digit PIN (six characters 0-9) of V(lock) and V(erase); required for a Mac, not sent to an iPhone or iPad.
      - Never logged or returned. Quote it in YAML (V("012345")) so that a leading zero is kept.
      - Refused with any other action.
    type: str
  confirm:
    description:
      - Must be V(true) for V(lock), V(erase) and V(unenroll); without it the task fails before any request.
    type: bool
    default: false
  kext_paths:
    description:
      - With V(restart), kernel extension paths for which the Mac rebuilds its kernel cache while restarting.
    type: list
    elements: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
notes:
  - An MDM command reaches a device when the device is online; JumpCloud keeps it queued until then. A lock queued
    that way shows as pending in JumpCloud's lock state, and counts as done.
  - JumpCloud reports a lock state for Macs only. An iPhone or iPad is sent V(lock) every time it is asked.
  - An erase queued for a device that is switched off does not show in the API; a second run sends it again (the
    device runs the first it receives, then leaves MDM).
  - A device that is not enrolled fails V(lock), V(restart), V(shutdown) and V(clear_passcode); V(erase) and
    V(unenroll) report it unchanged. A device that does not exist fails every action but V(unenroll).
seealso:
  - module: jcops.jumpcloud.jc_apple_mdm_device_info
'''

EXAMPLES = r'''
- name: Lock a leaver's Mac; the PIN comes from the vault
  jcops.jumpcloud.jc_apple_mdm_device:
    serial_number: C02XYZ123ABC
    action: lock
    pin: "{{ vault_leaver_lock_pin }}"
    confirm: true
  register: locked

- name: Preview erasing every Mac of a leaver (check mode, nothing is sent)
  jcops.jumpcloud.jc_apple_mdm_device:
    serial_number: "{{ item }}"
    action: erase
    pin: "{{ vault_leaver_lock_pin }}"
    confirm: true
  loop: "{{ leaver_serial_numbers }}"
  check_mode: true

- name: Restart a device of the second MDM server, by its MDM device id
  jcops.jumpcloud.jc_apple_mdm_device:
    id: 64b7f0c2e4b0a1d2c3e4f5a6
    mdm: EU devices
    action: restart

- name: Remove the MDM enrollment of a returned iPad
  jcops.jumpcloud.jc_apple_mdm_device:
    serial_number: DMPXK2ABCD12
    action: unenroll
    confirm: true
'''

RETURN = r'''
device:
  description:
    - The device as JumpCloud returned it when the task read it (before the action), with C(mdm_id), the id of its
      Apple MDM server. For V(unenroll), the device JumpCloud answered the removal with.
    - Empty when V(unenroll) found no device.
  returned: always
  type: dict
  sample:
    id: 64b7f0c2e4b0a1d2c3e4f5a6
    serialNumber: C02XYZ123ABC
    udid: 00008112-001A2C3E0C38001E
    osVersion: '14.5'
    depRegistered: true
    enrolled: true
    modelFamily: Mac
    mdmOsFamily: macOS
    deviceInformation:
      deviceName: MacBook Pro 23ABC
    securityInfo:
      filevaultEnabled: true
    mdm_id: 64b7f0c2e4b0a1d2c3e4f500
action:
  description: The action asked for.
  returned: always
  type: str
  sample: lock
lock_state:
  description:
    - With V(lock), the device's lock state before the task, as JumpCloud derives it; one of V(locked), V(pending)
      (a lock sent and not yet acknowledged), V(unlocked), or V(unknown) where JumpCloud reports none (an iPhone or
      iPad).
  returned: when O(action=lock) and the device is enrolled
  type: str
  sample: unlocked
msg:
  description: What was done, would be done, or why nothing was needed.
  returned: always
  type: str
  sample: would lock device C02XYZ123ABC
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._mdm import ACTIONS, DEVICE_IDS, device_action
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(
        argument_spec=dict(
            serial_number=dict(type='str'),
            id=dict(type='str'),
            mdm=dict(type='str'),
            action=dict(type='str', required=True, choices=list(ACTIONS)),
            pin=dict(type='str', no_log=True),
            confirm=dict(type='bool', default=False),
            kext_paths=dict(type='list', elements='str', no_log=False),
        ),
        required_one_of=[('serial_number', 'id')],
        mutually_exclusive=[('serial_number', 'id')],
        ids=DEVICE_IDS,
    )
    with module.api_errors():
        result = device_action(module.client, module.params)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
