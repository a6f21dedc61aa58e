#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_user_info
short_description: Read JumpCloud users
version_added: 0.1.0
description:
  - Returns one user by O(username) or O(id), or every user matching O(filter), or all users.
  - Lists are paged through completely, however many users the organization has.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  username:
    description: The user's login name (exact, case-sensitive match).
    type: str
  id:
    description: The user's id.
    type: str
  filter:
    description:
      - "Field and value pairs that every returned user matches exactly, for example C({department: Sales})."
      - Fields are named as JumpCloud names them (V(department), V(jobTitle), V(employeeIdentifier), V(state), V(manager)...).
      - A list value matches any of its items.
    type: dict
  include_groups:
    description:
      - Add to each user a C(groups) list with the id and name of every user group the user is a direct or
        indirect member of. Costs one request per user, sent concurrently.
    type: bool
    default: false
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_user
'''

EXAMPLES = r'''
- name: Read one user
  jcops.jumpcloud.jc_user_info:
    username: jdoe
  register: result

- name: Everyone in Sales or Marketing who is suspended
  jcops.jumpcloud.jc_user_info:
    filter:
      department: [Sales, Marketing]
      state: SUSPENDED
  register: suspended

- name: A user with the groups they belong to
  jcops.jumpcloud.jc_user_info:
    username: jdoe
    include_groups: true
  register: result

- name: Show their group names
  ansible.builtin.debug:
    msg: "{{ result.users[0].groups | map(attribute='name') | list }}"
'''

RETURN = r'''
users:
  description: The users found, as JumpCloud returns them (no passwords). Empty when none match.
  returned: always
  type: list
  elements: dict
  sample:
    - _id: 5f0c1b2a3d4e5f6a7b8c9d0e
      username: jdoe
      email: jdoe@example.com
      department: Sales
      state: ACTIVATED
      groups:
        - id: 5f0c1b2a3d4e5f6a7b8c9d0f
          name: Sales
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import InfoModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import GroupNames
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind


class UserInfoModule(InfoModule):

    def enrich(self, objects):
        if self.params['include_groups'] and objects:
            groups = GroupNames(self.client, get_kind('user_group'))
            memberships = self.client.map_concurrent(lambda user: groups.of_member('user', user['_id']), objects)
            for user, user_groups in zip(objects, memberships):
                user['groups'] = user_groups
        return objects


def main():
    UserInfoModule(get_kind('user'), 'username', 'users', argument_spec=dict(include_groups=dict(type='bool', default=False))).run()


if __name__ == '__main__':
    main()
