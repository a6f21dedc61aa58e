#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_resolve
short_description: Resolve names of JumpCloud objects to ids, exactly as the modules do
version_added: 0.2.0
description:
  - Turns a list of names (or ids) of one type of JumpCloud object into their ids and objects, with the same rules
    every module of the collection applies to the names it is given (a group's members, the targets of
    M(jcops.jumpcloud.jc_association), a user's manager), so that a play can check its input before it changes
    anything.
  - An id is read by id. Any other name is matched exactly and case-sensitively against the object's name, then
    against its other names in turn (a device's display name, then its hostname; an SSO application's label, then
    its display name, then its connector name). The first of these that matches decides.
  - A name that matches several objects is an error that lists their ids. Unknown names are an error too, unless
    O(allow_missing=true). The task fails before anything else with every unknown and ambiguous name listed, each
    with its place in O(names) (V(names[3])).
  - Reads only what it needs, with server-side filters; 100 names cost one request per name field tried (ids one
    more), whatever the size of the organization.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  type:
    description: The type of object the names name (the types M(jcops.jumpcloud.jc_association) takes).
    type: str
    required: true
    choices: [active_directory, application, command, g_suite, ldap_server, office_365, policy, policy_group,
              radius_server, system, system_group, user, user_group]
  names:
    description:
      - Names or ids of objects of O(type). Usernames for users; for devices the display name or the hostname; for SSO
        applications the label, display name or connector name.
    type: list
    elements: str
    required: true
  allow_missing:
    description:
      - With V(true), a name that matches no object is not an error; it is returned in RV(missing) and left out of
        RV(ids), RV(objects) and RV(resolved). An ambiguous name is an error either way.
    type: bool
    default: false
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_association
  - module: jcops.jumpcloud.jc_user_group
notes:
  - The objects are returned as JumpCloud lists them. For some types the list shows less than the object (a command
    without its script's user, shell and timeout, a policy without its values); read those with their own modules.
'''

EXAMPLES = r'''
- name: Check every group and application a department map names, before anything is written
  jcops.jumpcloud.jc_resolve:
    type: application
    names: "{{ departments.values() | map(attribute='applications') | flatten | unique }}"
  register: apps

- name: The id of each name
  ansible.builtin.debug:
    msg: "{{ apps.resolved }}"

- name: A leaver who may already have been deleted
  jcops.jumpcloud.jc_resolve:
    type: user
    names: [jdoe]
    allow_missing: true
  register: leaver

- name: Offboard only a user who still exists
  ansible.builtin.debug:
    msg: "jdoe is {{ leaver.ids[0] }}"
  when: leaver.ids | length == 1
'''

RETURN = r'''
ids:
  description: The id of each name of O(names) that resolved, in the order of O(names).
  returned: always
  type: list
  elements: str
  sample: [5f0c1b2a3d4e5f6a7b8c9d3a, 5f0c1b2a3d4e5f6a7b8c9d3b]
objects:
  description: The object of each name of O(names) that resolved, in the same order, as JumpCloud lists it (secrets
    removed).
  returned: always
  type: list
  elements: dict
  sample:
    - _id: 5f0c1b2a3d4e5f6a7b8c9d3a
      displayLabel: Slack
      name: slack
resolved:
  description: Each name of O(names) that resolved, mapped to its id.
  returned: always
  type: dict
  sample:
    Slack: 5f0c1b2a3d4e5f6a7b8c9d3a
    GitHub: 5f0c1b2a3d4e5f6a7b8c9d3b
missing:
  description:
    - The names that match no object (only with O(allow_missing=true); otherwise they fail the task).
    - On failure, also returned, with C(ambiguous) (each ambiguous name mapped to the ids it matches).
  returned: always
  type: list
  elements: str
  sample: [Old app]
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import RETURNED_SECRETS, redact
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import UnresolvedReferences, resolve
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import GRAPH_TYPES, get_kind


def main():
    module = JumpCloudModule(argument_spec=dict(
        type=dict(type='str', required=True, choices=list(GRAPH_TYPES)),
        names=dict(type='list', elements='str', required=True),
        allow_missing=dict(type='bool', default=False),
    ))
    kind, names = get_kind(module.params['type']), module.params['names']
    with module.api_errors():
        resolution = resolve(module.client, kind, names)
    try:
        resolution.check((('names[{0}]'.format(index), name) for index, name in enumerate(names)),
                         missing=not module.params['allow_missing'])
    except UnresolvedReferences as error:
        module.fail_json(msg=str(error), missing=error.missing, ambiguous=error.ambiguous)
    found = [(name, resolution.found[name]) for name in names if name in resolution.found]
    module.exit_json(changed=False, ids=[obj[kind.id_field] for dummy, obj in found],
                     objects=[redact(obj, RETURNED_SECRETS) for dummy, obj in found],
                     resolved={name: obj[kind.id_field] for name, obj in found}, missing=resolution.missing)


if __name__ == '__main__':
    main()
