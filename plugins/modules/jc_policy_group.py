#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_policy_group
short_description: Manage JumpCloud policy groups and their member policies
version_added: 0.1.0
description:
  - Create, rename and delete JumpCloud policy groups and set which policies are in them.
  - The group is found by O(id), or by O(name) with an exact, case-sensitive match.
  - Which devices, device groups, users and user groups the policy group applies to is set with
    M(jcops.jumpcloud.jc_association).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The group's name, unique among policy groups. Required unless O(id) is given.
      - With O(id), a different O(name) renames the group.
    type: str
  members:
    description:
      - Policies in the group, by name or id. Every policy is resolved before anything is written; an unknown
        policy fails the task.
      - By default the listed policies are added and others kept; with O(purge_members=true) the list is the exact set.
    type: list
    elements: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.group
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_policy_group_info
  - module: jcops.jumpcloud.jc_policy
  - module: jcops.jumpcloud.jc_association
'''

EXAMPLES = r'''
- name: A baseline of macOS policies
  jcops.jumpcloud.jc_policy_group:
    name: macOS baseline
    members:
      - FileVault
      - Screen lock (macOS)
    purge_members: true

- name: Apply the baseline to a device group
  jcops.jumpcloud.jc_association:
    source_type: policy_group
    source: macOS baseline
    target_type: system_group
    targets: [Engineering laptops]
'''

RETURN = r'''
policy_group:
  description: The group as JumpCloud returns it; empty when it does not exist.
  returned: always
  type: dict
  sample:
    id: 5f0c1b2a3d4e5f6a7b8c9d2f
    name: macOS baseline
    type: policy_group
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "Policy group 'macOS baseline' created"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entities import POLICY_GROUP as ENTITY
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import EntityModule


def main():
    EntityModule(ENTITY).run()


if __name__ == '__main__':
    main()
