#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_system_group
short_description: Manage JumpCloud device (system) groups and their members
version_added: 0.1.0
description:
  - Create, update and delete JumpCloud system groups and set which devices are in them.
  - The group is found by O(id), or by O(name) with an exact, case-sensitive match.
  - Only the options you give are managed; JumpCloud replaces a whole group on update, so the module reads
    the group, changes what differs and writes it back complete.
  - Which users, user groups, policies, commands and RADIUS servers the group is bound to is set with
    M(jcops.jumpcloud.jc_association).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The group's name, unique among system groups. Required unless O(id) is given.
      - With O(id), a different O(name) renames the group.
    type: str
  description:
    description: Description.
    type: str
  email:
    description: E-mail address of the group.
    type: str
  members:
    description:
      - Devices in the group, each by id, display name or hostname. Every device is resolved before anything is
        written; an unknown device, or a name shared by several devices (cloned machines often share one), fails
        the task listing the matching ids.
      - By default the listed devices are added and other members are kept; with O(purge_members=true) the list is
        the exact membership.
      - Refused for a group whose membership is dynamic (its members come from a member query).
    type: list
    elements: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.group
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_system_group_info
  - module: jcops.jumpcloud.jc_system_info
  - module: jcops.jumpcloud.jc_association
'''

EXAMPLES = r'''
- name: The engineering laptops
  jcops.jumpcloud.jc_system_group:
    name: Engineering laptops
    description: macOS laptops of the engineering department
    members:
      - ada-mbp            # display name
      - ada-mbp.local      # or hostname
      - 5f0c1b2a3d4e5f6a7b8c9d0a

- name: Exactly these servers
  jcops.jumpcloud.jc_system_group:
    name: Production web
    members: [web-1, web-2, web-3]
    purge_members: true
'''

RETURN = r'''
system_group:
  description: The group as JumpCloud returns it; empty when it does not exist.
  returned: always
  type: dict
  sample:
    id: 5f0c1b2a3d4e5f6a7b8c9d1f
    name: Engineering laptops
    type: system_group
    membershipMethod: STATIC
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "System group 'Engineering laptops' created"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entities import SYSTEM_GROUP as ENTITY
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import EntityModule


def main():
    EntityModule(ENTITY).run()


if __name__ == '__main__':
    main()
