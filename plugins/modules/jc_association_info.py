#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_association_info
short_description: Read the links of a JumpCloud directory object (the JumpCloud graph)
version_added: 0.1.0
description:
  - Returns what one object is linked to, by type; direct links by default, or everything reachable through
    groups with O(indirect=true).
  - The reverse view works the same way; for example the user groups a user is in are the C(user_group) targets
    of that user, and the devices a user can log in to are the C(system) targets with O(indirect=true).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  source_type:
    description: The type of the object.
    type: str
    required: true
    choices: [active_directory, application, command, g_suite, ldap_server, office_365, policy, policy_group,
              radius_server, system, system_group, user, user_group]
  source:
    description: The object, by name or id.
    type: str
    required: true
  target_types:
    description:
      - The types of linked objects to return. By default, every type the source can be linked to.
    type: list
    elements: str
    choices: [active_directory, application, command, g_suite, ldap_server, office_365, policy, policy_group,
              radius_server, system, system_group, user, user_group]
  indirect:
    description:
      - Return every object reachable from the source, directly or through group membership (for example the
        devices a user reaches through their user groups and device groups), each with the number of paths.
    type: bool
    default: false
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_association
'''

EXAMPLES = r'''
- name: Which groups is jdoe in?
  jcops.jumpcloud.jc_association_info:
    source_type: user
    source: jdoe
    target_types: [user_group]
  register: groups

- name: Show them
  ansible.builtin.debug:
    msg: "{{ groups.targets.user_group | map(attribute='name') | list }}"

- name: Every device jdoe can log in to, directly or through groups
  jcops.jumpcloud.jc_association_info:
    source_type: user
    source: jdoe
    target_types: [system]
    indirect: true
  register: devices

- name: Everything the Engineering group is bound to
  jcops.jumpcloud.jc_association_info:
    source_type: user_group
    source: Engineering
  register: bindings
'''

RETURN = r'''
source:
  description: The object read.
  returned: always
  type: dict
  sample:
    type: user
    id: 5f0c1b2a3d4e5f6a7b8c9d0e
    name: jdoe
targets:
  description:
    - The linked objects by type, each C({id, name, attributes}) for direct links, or C({id, name, paths}) with
      O(indirect=true). Every requested type is present, with an empty list when nothing is linked.
  returned: always
  type: dict
  sample:
    user_group:
      - id: 5f0c1b2a3d4e5f6a7b8c9d0f
        name: Engineering
        attributes: {}
    system:
      - id: 5f0c1b2a3d4e5f6a7b8c9d1a
        name: build-01
        attributes:
          sudo:
            enabled: true
            withoutPassword: false
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._association import AssociationInfoModule


def main():
    AssociationInfoModule().run()


if __name__ == '__main__':
    main()
