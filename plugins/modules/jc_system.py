#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_system
short_description: Manage JumpCloud devices (systems) and run their built-in lock, restart, shutdown and erase commands
version_added: 0.1.0
description:
  - Updates a device's display name, tags, custom attributes and login settings, runs JumpCloud's built-in security
    commands on Windows and Linux devices, and removes device records.
  - The device's description is read-only through the API (the update operation does not take it).
  - Devices cannot be created through the API; they appear when the JumpCloud agent (or MDM) enrols them. A device
    that does not exist fails the task with O(state=present), and is already gone with O(state=absent).
  - The device is found by O(id), or by O(name), matched exactly against the display name and then the hostname.
    Cloned machines often share a display name; an ambiguous name fails listing the matching ids.
  - Macs take their security commands through Apple MDM; see M(jcops.jumpcloud.jc_apple_mdm_device).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The device's display name or hostname (exact match). Required unless O(id) is given. It only finds the device;
        use O(display_name) to rename it.
    type: str
  id:
    description: The device's id.
    type: str
  state:
    description:
      - V(present) updates the device; V(absent) deletes its record from JumpCloud (the agent stops being managed
        until it enrols again).
    type: str
    choices: [present, absent]
    default: present
  display_name:
    description: The name shown for the device in JumpCloud.
    type: str
  tags:
    description: Tags of the device. The list is the exact set; V([]) removes them all.
    type: list
    elements: str
  attributes:
    description: Custom attributes as name and value pairs. The list is the exact set; V([]) removes them all.
    type: list
    elements: dict
    suboptions:
      name:
        description: Attribute name.
        type: str
        required: true
      value:
        description: Attribute value.
        type: str
        required: true
  allow_multi_factor_authentication:
    description: Whether users must use multi-factor authentication to log in to the device.
    type: bool
  allow_public_key_authentication:
    description: Whether SSH public key authentication is allowed.
    type: bool
  allow_ssh_password_authentication:
    description: Whether SSH password authentication is allowed.
    type: bool
  allow_ssh_root_login:
    description: Whether root may log in over SSH.
    type: bool
  command:
    description:
      - A built-in security command to send to the device (Windows and Linux only; refused for a Mac before anything is
        sent). An offline device runs it when it next connects.
      - A command is an action, not a state; it is sent every time the task runs with it, and reported as a change.
      - V(lock) and V(erase) need O(confirm=true). V(erase) wipes the device.
    type: str
    choices: [lock, restart, shutdown, erase]
  confirm:
    description: Must be V(true) for O(command=lock) and O(command=erase); without it the task fails before any request.
    type: bool
    default: false
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_system_info
  - module: jcops.jumpcloud.jc_apple_mdm_device
  - module: jcops.jumpcloud.jc_system_group
'''

EXAMPLES = r'''
- name: Name and tag a server
  jcops.jumpcloud.jc_system:
    name: ip-10-0-1-23.ec2.internal
    display_name: build-01
    tags: [ci, linux]
    allow_ssh_root_login: false
    allow_ssh_password_authentication: false

- name: Lock a leaver's Windows laptop
  jcops.jumpcloud.jc_system:
    name: LAPTOP-4711
    command: lock
    confirm: true

- name: Remove the record of a decommissioned server
  jcops.jumpcloud.jc_system:
    name: old-web-3
    state: absent
'''

RETURN = r'''
system:
  description: The device as JumpCloud returns it; empty when it does not exist.
  returned: always
  type: dict
  sample:
    _id: 5f0c1b2a3d4e5f6a7b8c9d4a
    displayName: build-01
    hostname: ip-10-0-1-23.ec2.internal
    os: Ubuntu
    osFamily: linux
    version: "22.04"
    serialNumber: EC2-1234
    lastContact: "2026-11-30T08:15:00.000Z"
    tags: [ci, linux]
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "System 'build-01' updated"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Action, Entity, EntityModule, Field
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind

NOT_ON_MACS = 'built-in commands run on Windows and Linux devices only; send it to a Mac with jcops.jumpcloud.jc_apple_mdm_device'


def builtin(command, confirm=False):
    return Action('command', command, 'command/builtin/' + command, supported=lambda system: system.get('osFamily') != 'darwin',
                  unsupported=NOT_ON_MACS, confirm=confirm)


ENTITY = Entity(
    kind=get_kind('system'),
    key='name',
    creatable=False,
    key_renames=False,
    fields=dict(
        display_name=Field('displayName'),
        tags=Field(type='list', elements='str'),
        attributes=Field(type='list', elements='dict', options=dict(name=Field(required=True), value=Field(required=True))),
        allow_multi_factor_authentication=Field('allowMultiFactorAuthentication', type='bool'),
        allow_public_key_authentication=Field('allowPublicKeyAuthentication', type='bool'),
        allow_ssh_password_authentication=Field('allowSshPasswordAuthentication', type='bool', no_log=False),
        allow_ssh_root_login=Field('allowSshRootLogin', type='bool'),
    ),
    actions=[
        builtin('lock', confirm='it locks the device until an administrator unlocks it'),
        builtin('restart'),
        builtin('shutdown'),
        builtin('erase', confirm='it wipes the device'),
    ],
)


def main():
    EntityModule(ENTITY, argument_spec=dict(command=dict(type='str', choices=['lock', 'restart', 'shutdown', 'erase']))).run()


if __name__ == '__main__':
    main()
