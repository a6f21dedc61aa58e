#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_association
short_description: Link JumpCloud directory objects to each other (the JumpCloud graph)
version_added: 0.1.0
description:
  - Ensures the direct links (JumpCloud graph edges) from one source object to the listed targets of one type;
    a user or user group to devices, device groups, SSO applications, RADIUS servers, LDAP, Active Directory,
    Google Workspace, Microsoft 365, policies and policy groups; a device or device group to users, policies and
    commands; a policy to device groups; a group to its members, or a member to its groups.
  - The pair of types is checked before any request; a pair JumpCloud does not allow fails naming the types the
    source can be linked to.
  - The source and every target are resolved (by name or id) before anything is written; an unknown or ambiguous
    name fails the task with nothing changed.
  - Links are directional in the playbook but not in JumpCloud; linking a user to a device is the same link as
    linking the device to the user.
  - Group membership (a user in a user group, a device in a device group, a policy in a policy group) goes through
    JumpCloud's membership endpoints; every other pair is an association.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  source_type:
    description: The type of the object whose links are managed.
    type: str
    required: true
    choices: [active_directory, application, command, g_suite, ldap_server, office_365, policy, policy_group,
              radius_server, system, system_group, user, user_group]
  source:
    description:
      - The source object, by name or id (a user by username, a device by display name or hostname, an application
        by its label, an Active Directory by its domain, anything else by its name).
    type: str
    required: true
  target_type:
    description: The type of the objects it is linked to.
    type: str
    required: true
    choices: [active_directory, application, command, g_suite, ldap_server, office_365, policy, policy_group,
              radius_server, system, system_group, user, user_group]
  targets:
    description:
      - The objects of O(target_type) to link, each a name or id, or a dict with C(name) (or C(id)) and C(attributes).
      - "C(attributes) are the link's own attributes, as JumpCloud names them; for example sudo on a user-to-device or
        user-to-device-group link is C({sudo: {enabled: true, withoutPassword: false}}). Given attributes are kept
        in step (an existing link with other attributes is updated); without them, existing attributes are left alone."
    type: list
    elements: raw
    default: []
  state:
    description:
      - V(present) adds the links that are missing; V(absent) removes the listed links.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), also remove the links from the source to objects of O(target_type) that are not in
        O(targets), making them the exact set. Links to other types are never touched.
      - V(targets=[]) with V(purge=true) removes every link of that type.
    type: bool
    default: false
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
notes:
  - A group whose membership is dynamic (from a member query) refuses membership changes, whichever side they
    are made from.
seealso:
  - module: jcops.jumpcloud.jc_association_info
  - module: jcops.jumpcloud.jc_user_group
  - module: jcops.jumpcloud.jc_system_group
'''

EXAMPLES = r'''
- name: Give the Engineering group its device groups, SSO apps and Wi-Fi
  jcops.jumpcloud.jc_association:
    source_type: user_group
    source: Engineering
    target_type: "{{ item.type }}"
    targets: "{{ item.targets }}"
  loop:
    - type: system_group
      targets: [Engineering laptops, Build servers]
    - type: application
      targets: [GitHub, Slack]
    - type: radius_server
      targets: [Office Wi-Fi]

- name: Sudo on one server for one user
  jcops.jumpcloud.jc_association:
    source_type: user
    source: jdoe
    target_type: system
    targets:
      - name: build-01
        attributes:
          sudo:
            enabled: true
            withoutPassword: false

- name: Exactly these user groups for jdoe (removes any other group membership)
  jcops.jumpcloud.jc_association:
    source_type: user
    source: jdoe
    target_type: user_group
    targets: [Engineering, VPN users]
    purge: true

- name: Apply the FileVault policy to the macOS device group
  jcops.jumpcloud.jc_association:
    source_type: policy
    source: FileVault
    target_type: system_group
    targets: [Engineering laptops]

- name: Unbind a leaver from every device
  jcops.jumpcloud.jc_association:
    source_type: user
    source: leaver
    target_type: system
    targets: []
    purge: true
'''

RETURN = r'''
association:
  description: The source and its links of O(target_type) after the task (as they would be, in check mode).
  returned: always
  type: dict
  sample:
    source:
      type: user_group
      id: 5f0c1b2a3d4e5f6a7b8c9d0f
      name: Engineering
    target_type: system_group
    targets:
      - id: 5f0c1b2a3d4e5f6a7b8c9d1f
        name: Engineering laptops
        attributes: {}
added:
  description: Names of the targets linked by this task.
  returned: always
  type: list
  elements: str
  sample: [Engineering laptops]
updated:
  description: Names of the targets whose link attributes were changed.
  returned: always
  type: list
  elements: str
  sample: []
removed:
  description: Names of the targets unlinked by this task.
  returned: always
  type: list
  elements: str
  sample: [Old laptops]
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "System group links of user group 'Engineering' changed"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._association import AssociationModule


def main():
    AssociationModule().run()


if __name__ == '__main__':
    main()
