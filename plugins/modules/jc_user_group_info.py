#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_user_group_info
short_description: Read JumpCloud user groups and their members
version_added: 0.1.0
description:
  - Returns one user group by O(name) or O(id), or every user group matching O(filter), or all of them, optionally
    with their members (users).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description: The group's name (exact, case-sensitive match).
    type: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info
  - jcops.jumpcloud.jumpcloud.group_info
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_user_group
  - module: jcops.jumpcloud.jc_association_info
'''

EXAMPLES = r'''
- name: One group with its members
  jcops.jumpcloud.jc_user_group_info:
    name: Engineering
    include_members: true
  register: result

- name: The names of its members
  ansible.builtin.debug:
    msg: "{{ result.user_groups[0].members | map(attribute='name') | list }}"

- name: Every user group
  jcops.jumpcloud.jc_user_group_info:
  register: all_groups
'''

RETURN = r'''
user_groups:
  description: The groups found, as JumpCloud returns them. Empty when none match.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5f0c1b2a3d4e5f6a7b8c9d0f
      name: Engineering
      type: user_group
      members:
        - id: 5f0c1b2a3d4e5f6a7b8c9d0e
          name: jdoe
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import InfoModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind


def main():
    InfoModule(get_kind('user_group'), 'name', 'user_groups').run()


if __name__ == '__main__':
    main()
