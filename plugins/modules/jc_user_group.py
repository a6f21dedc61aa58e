#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_user_group
short_description: Manage JumpCloud user groups and their members
version_added: 0.1.0
description:
  - Create, update and delete JumpCloud user groups, their attributes (sudo, POSIX groups, LDAP groups,
    RADIUS reply attributes, Samba) and their members.
  - The group is found by O(id), or by O(name) with an exact, case-sensitive match.
  - Only the options you give are managed. JumpCloud replaces a whole group on update, so the module reads
    the group, changes what differs and writes it back complete; attributes you do not manage are kept.
  - What the group gives access to (devices, applications, RADIUS servers, directories, policies) is set
    with M(jcops.jumpcloud.jc_association).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The group's name, unique among user groups. Required unless O(id) is given.
      - With O(id), a different O(name) renames the group.
    type: str
  description:
    description: Description.
    type: str
  email:
    description: E-mail address of the group.
    type: str
  sudo:
    description: Administrator (sudo) rights that members get on the devices bound to the group.
    type: dict
    suboptions:
      enabled:
        description: Whether members get sudo.
        type: bool
        required: true
      without_password:
        description: Whether sudo works without a password (needs O(sudo.enabled)).
        type: bool
        required: true
  posix_groups:
    description:
      - POSIX groups provisioned on Linux and macOS devices bound to the group. The list is the exact set.
    type: list
    elements: dict
    suboptions:
      id:
        description: POSIX group id (gid).
        type: int
        required: true
      name:
        description: POSIX group name.
        type: str
        required: true
  ldap_groups:
    description:
      - Names of the LDAP groups provisioned when the group is bound to JumpCloud LDAP. The list is the exact set.
    type: list
    elements: str
  radius_reply_attributes:
    description:
      - RADIUS reply attributes returned in Access-Accept messages to members (for example VLAN assignment).
        The list is the exact set.
    type: list
    elements: dict
    suboptions:
      name:
        description: Attribute name, for example V(Tunnel-Private-Group-Id).
        type: str
        required: true
      value:
        description: Attribute value.
        type: str
        required: true
  samba_enabled:
    description: Whether members get Samba attributes in JumpCloud LDAP.
    type: bool
  members:
    description:
      - Users in the group, by username or id. Every name is resolved before anything is written; an unknown
        user fails the task.
      - By default the listed users are added and other members are kept; with O(purge_members=true) the list is
        the exact membership (V([]) then empties the group).
      - Refused for a group whose membership is dynamic (its members come from a member query).
    type: list
    elements: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.group
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_user_group_info
  - module: jcops.jumpcloud.jc_association
'''

EXAMPLES = r'''
- name: A department group with sudo on its devices and a VLAN for Wi-Fi
  jcops.jumpcloud.jc_user_group:
    name: Engineering
    description: Everyone in engineering
    sudo:
      enabled: true
      without_password: false
    posix_groups:
      - id: 5000
        name: engineering
    radius_reply_attributes:
      - name: Tunnel-Private-Group-Id
        value: "20"
    members:
      - jdoe
      - asmith

- name: Exactly these members, no one else
  jcops.jumpcloud.jc_user_group:
    name: Break-glass admins
    members: [alice.admin, bob.admin]
    purge_members: true

- name: Delete a group
  jcops.jumpcloud.jc_user_group:
    name: Old project
    state: absent
'''

RETURN = r'''
user_group:
  description: The group as JumpCloud returns it; empty when it does not exist.
  returned: always
  type: dict
  sample:
    id: 5f0c1b2a3d4e5f6a7b8c9d0f
    name: Engineering
    type: user_group
    membershipMethod: STATIC
    attributes:
      sudo:
        enabled: true
        withoutPassword: false
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "User group 'Engineering' updated"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entities import USER_GROUP as ENTITY
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import EntityModule


def main():
    EntityModule(ENTITY).run()


if __name__ == '__main__':
    main()
