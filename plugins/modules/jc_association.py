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
  - Two forms. With O(source) and O(targets), the links of one object to objects of one type (with O(purge), exactly
    those). With O(links), any number of (source, target) pairs in one task, for example every new hire into their
    groups and applications; the links it names are made present or absent, and no other link is touched.
  - With O(links), the current links are read once per object, on the side of each pair of types that has fewer
    objects (for 500 hires into 3 groups, the 3 groups' members are read, not the 500 users' groups), and only what
    differs is written.
  - Writes are sent at most O(workers) at a time; a rate limit (HTTP 429) pauses them all and honours C(Retry-After).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  source_type:
    description:
      - The type of the object whose links are managed. Required with O(source); with O(links), the type of every
        link's source unless the link gives its own C(source_type).
    type: str
    choices: [active_directory, application, command, g_suite, ldap_server, office_365, policy, policy_group,
              radius_server, system, system_group, user, user_group]
  source:
    description:
      - The source object, by name or id (a user by username, a device by display name or hostname, an application
        by its label, an Active Directory by its domain, anything else by its name).
      - One of O(source) and O(links) is required.
    type: str
  target_type:
    description:
      - The type of the objects it is linked to. Required with O(source); with O(links), the type of every link's
        target unless the link gives its own C(target_type).
    type: str
    choices: [active_directory, application, command, g_suite, ldap_server, office_365, policy, policy_group,
              radius_server, system, system_group, user, user_group]
  targets:
    description:
      - With O(source), the objects of O(target_type) to link, each a name or id, or a dict with C(name) (or C(id))
        and C(attributes). Without it, none (with O(purge), every link of that type is removed).
      - "C(attributes) are the link's own attributes, as JumpCloud names them; for example sudo on a user-to-device or
        user-to-device-group link is C({sudo: {enabled: true, withoutPassword: false}}). Given attributes are kept
        in step (an existing link with other attributes is updated); without them, existing attributes are left alone."
    type: list
    elements: raw
  links:
    description:
      - A list of links, each a dict with C(source) and C(target) (names or ids) and optionally C(source_type) and
        C(target_type) (default O(source_type) and O(target_type)), C(attributes) (as in O(targets)) and C(state)
        (V(present) or V(absent), default O(state)).
      - Every source and target is resolved before the first write; an unknown or ambiguous name fails the task with
        nothing changed. A link both present and absent in the same list is refused.
      - Cannot be used with O(source), O(targets) or O(purge).
    type: list
    elements: dict
  planned:
    description:
      - With O(links), names of sources or targets that an earlier task of the play creates, such as the users a
        M(jcops.jumpcloud.jc_users) task creates (its RV(jcops.jumpcloud.jc_users#module:created)).
      - In check mode those objects do not exist yet; their links are previewed as additions instead of failing as
        unknown. Outside check mode they must exist like every other name.
    type: list
    elements: str
    default: []
  state:
    description:
      - V(present) adds the links that are missing; V(absent) removes the listed links.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(source) and O(state=present), also remove the links from the source to objects of O(target_type)
        that are not in O(targets), making them the exact set. Links to other types are never touched.
      - O(targets) left out (or V([])) with V(purge=true) removes every link of that type.
    type: bool
    default: false
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.workers
  - jcops.jumpcloud.jumpcloud.attributes
notes:
  - A group whose membership is dynamic (from a member query) refuses membership changes, whichever side they
    are made from.
  - With O(links) and C(--diff), one diff per object whose links change, on the side that was read (for example
    C(user group 'Engineering')), listing the objects the task names that are linked to it before and after.
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

- name: Every new hire into their department's groups and applications, in one task
  jcops.jumpcloud.jc_association:
    source_type: user
    links:
      - {source: jdoe, target_type: user_group, target: Engineering}
      - {source: jdoe, target_type: application, target: GitHub}
      - {source: rroe, target_type: user_group, target: Sales}
      - {source: asmith, target_type: user_group, target: Sales, state: absent}

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
  returned: with O(source)
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
  description:
    - With O(source), the names of the targets linked by this task.
    - With O(links), the links added, each a dict with C(source_type), C(source), C(target_type) and C(target) as the
      task names them.
  returned: always
  type: list
  elements: raw
  sample: [Engineering laptops]
updated:
  description: The targets (with O(links), the links) whose link attributes were changed.
  returned: always
  type: list
  elements: raw
  sample: []
removed:
  description: The targets (with O(links), the links) unlinked by this task.
  returned: always
  type: list
  elements: raw
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
