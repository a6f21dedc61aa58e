#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_users
short_description: Manage many JumpCloud users in one task
version_added: 0.2.0
description:
  - Creates, updates, suspends and deletes a list of JumpCloud users in one task, with the requests the work needs,
    sent concurrently. Each item is a user as M(jcops.jumpcloud.jc_user) takes it, checked, compared, written and
    reported the same way.
  - Every item is checked and every reference (a manager) resolved before the first write; bad input in any item fails
    the task with nothing changed, naming each item at fault (for example C(users[3]).
  - The users are read with one request per 100 usernames (and per 100 ids), references the same way; the writes are
    sent at most O(workers) at a time. A rate limit (HTTP 429) pauses every request in flight and honours
    C(Retry-After).
  - An item whose C(manager) is another item of the list that does not exist yet is written after it.
  - A failed item does not stop the others, as in a loop; the task then fails, naming the failed items, and a rerun
    finishes the work without repeating what was done.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  users:
    description:
      - The users. Each item is a dict with the options of M(jcops.jumpcloud.jc_user) (without the connection
        options), with the same types, defaults and checks; C(username) or C(id) is required in each.
      - Two items may not name the same user.
      - C(password) is a secret in every item; it is never logged or returned.
    type: list
    elements: dict
    required: true
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.workers
  - jcops.jumpcloud.jumpcloud.attributes
notes:
  - With C(--diff), each changed user is shown as its own diff, headed with the username.
  - JumpCloud's bulk user jobs (C(/api/v2/bulk/users)) are not used; they run asynchronously and their results are
    not documented enough to tell which user failed and why.
seealso:
  - module: jcops.jumpcloud.jc_user
  - module: jcops.jumpcloud.jc_association
'''

EXAMPLES = r'''
- name: Onboard the hires of a CSV file (username,email,firstname,lastname,department,manager)
  jcops.jumpcloud.jc_users:
    users: "{{ lookup('ansible.builtin.file', 'hires.csv') | jcops.jumpcloud.from_csv }}"
  register: hires

- name: Suspend a list of leavers
  jcops.jumpcloud.jc_users:
    users:
      - {username: jdoe, suspended: true}
      - {username: rroe, suspended: true}

- name: A manager and a report hired together (the manager is created first)
  jcops.jumpcloud.jc_users:
    users:
      - {username: barbara.liskov, email: barbara.liskov@example.com, manager: ken.thompson}
      - {username: ken.thompson, email: ken.thompson@example.com}
'''

RETURN = r'''
results:
  description:
    - One result per item, in the order of O(users), as M(jcops.jumpcloud.jc_user) returns it (C(changed), C(msg),
      C(diff) and C(user)), with the item's C(username); a failed item has C(failed) and its C(msg).
  returned: always
  type: list
  elements: dict
  sample:
    - username: jdoe
      changed: true
      msg: "User 'jdoe' created"
      diff: {before: {}, after: {username: jdoe, email: jdoe@example.com}}
      user: {_id: 5f0c1b2a3d4e5f6a7b8c9d0e, username: jdoe, email: jdoe@example.com, state: ACTIVATED}
created:
  description: Usernames of the users created (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: [jdoe]
updated:
  description: Usernames of the users changed.
  returned: always
  type: list
  elements: str
  sample: []
deleted:
  description: Usernames of the users deleted.
  returned: always
  type: list
  elements: str
  sample: []
unchanged:
  description: Usernames of the users that were already as asked.
  returned: always
  type: list
  elements: str
  sample: [rroe]
msg:
  description: What happened, counted.
  returned: always
  type: str
  sample: "2 users: 1 created, 1 unchanged"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._bulk import EntityListModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._users import ENTITY, USER_OPTIONS, UserEnsure


def main():
    EntityListModule(ENTITY, UserEnsure, list_option='users', item_spec=USER_OPTIONS).run()


if __name__ == '__main__':
    main()
