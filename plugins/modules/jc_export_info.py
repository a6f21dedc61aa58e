#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_export_info
short_description: Export a JumpCloud organization's directory as vars for the collection's playbooks
version_added: 0.2.0
description:
  - Reads an organization and returns it in the vars format of C(playbooks/directory.yml) (user groups with their
    attributes and members, device groups with their devices, RADIUS servers, policies, policy groups and the bindings
    between them) and, with O(departments), the department map of the C(jcops.jumpcloud.onboarding) role.
  - Running C(playbooks/directory.yml) with the export against the same organization changes nothing. C(playbooks/export.yml)
    writes the export to files.
  - Objects are referred to by name where the name is unique in its kind, by id otherwise. Lists are sorted, so the same
    organization always gives the same export.
  - JumpCloud never returns secrets; RADIUS shared secrets and sensitive policy values are exported as references to
    vault variables (C({{ vault_... }})), listed in RV(secrets).
  - Not exported; users (the onboarding role and M(jcops.jumpcloud.jc_user) manage them) and their direct bindings, the
    members of groups with dynamic membership (they come from the group's rules), commands, applications' settings.
  - "Cost: one request per 100 objects of each kind, one per group (its members), one per policy (its values), and one
    per user group, policy group, policy and device group (all of its bindings); with O(departments) one per
    application and RADIUS server too. Requests are sent O(workers) at a time."
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  sections:
    description:
      - What to export. A section left out is exported as an empty list, so the export still runs with
        C(playbooks/directory.yml).
    type: list
    elements: str
    choices: [user_groups, system_groups, radius_servers, policies, policy_groups, bindings]
    default: [user_groups, system_groups, radius_servers, policies, policy_groups, bindings]
  departments:
    description:
      - Also infer the onboarding role's department map (RV(onboarding)) from the users' C(department) field.
      - A department gets the user groups its users all belong to and the device groups, applications and RADIUS servers
        they are all bound to directly; what every department gets goes to C(onboarding_common) instead.
    type: bool
    default: false
  user_group_members:
    description:
      - Export the members of user groups. V(false) leaves them out, for an organization whose memberships the
        onboarding and offboarding roles manage (C(playbooks/directory.yml) then leaves members alone).
    type: bool
    default: true
  workers:
    description: How many requests are sent at the same time, from 1 to 10.
    type: int
    default: 8
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_user_group
  - module: jcops.jumpcloud.jc_association
'''

EXAMPLES = r'''
- name: Read the organization as code
  jcops.jumpcloud.jc_export_info:
    departments: true
  register: export

- name: Write the directory vars (rerun playbooks/directory.yml with them)
  ansible.builtin.copy:
    content: "{{ export.directory | to_nice_yaml(indent=2, width=1000) }}"
    dest: org/directory.yml
    mode: "0644"

- name: Only the policies and their bindings
  jcops.jumpcloud.jc_export_info:
    sections: [policies, policy_groups, bindings]
  register: policies
'''

RETURN = r'''
directory:
  description:
    - The vars of C(playbooks/directory.yml); C(directory_user_groups), C(directory_system_groups),
      C(directory_radius_servers), C(directory_policies), C(directory_policy_groups) and C(directory_bindings), each a
      list sorted by name (bindings by source type, source and target type).
  returned: always
  type: dict
  sample:
    directory_user_groups:
      - name: Engineering
        description: Engineering department
        sudo: {enabled: true, without_password: false}
        members: [ada.lovelace, alan.turing]
    directory_radius_servers:
      - name: Office Wi-Fi
        network_source_ip: 203.0.113.10
        mfa: ENABLED
        shared_secret: "{{ vault_radius_office_wi_fi_shared_secret }}"
    directory_bindings:
      - {source_type: user_group, source: Engineering, target_type: system_group, targets: [Engineering laptops]}
onboarding:
  description: The onboarding role's C(onboarding_departments) and C(onboarding_common) (department -> user_groups,
    system_groups, applications, radius_servers).
  returned: when O(departments=true)
  type: dict
  sample:
    onboarding_departments:
      Engineering: {user_groups: [Engineering], applications: [GitHub]}
      Sales: {user_groups: [Sales]}
    onboarding_common:
      user_groups: [All staff]
secrets:
  description: The vault variables the export refers to, with what each holds. Define them (in an encrypted vars file)
    before running the playbook with the export.
  returned: always
  type: dict
  sample:
    vault_radius_office_wi_fi_shared_secret: shared secret of RADIUS server 'Office Wi-Fi'
counts:
  description: How many objects (bindings; source and target type pairs) each exported section holds.
  returned: always
  type: dict
  sample: {user_groups: 4, system_groups: 3, radius_servers: 1, policies: 3, policy_groups: 1, bindings: 7}
notes:
  description: What was read but not exported, and why.
  returned: always
  type: list
  elements: str
  sample: ["User group 'Contractors' has dynamic membership (DYNAMIC_AUTOMATED): its members come from its rules and are not exported"]
requests:
  description: How many API requests the export took.
  returned: always
  type: int
  sample: 42
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._export import SECTIONS, Exporter
from ansible_collections.jcops.jumpcloud.plugins.module_utils._fleet import check_workers
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(argument_spec=dict(
        sections=dict(type='list', elements='str', choices=list(SECTIONS), default=list(SECTIONS)),
        departments=dict(type='bool', default=False),
        user_group_members=dict(type='bool', default=True),
        workers=dict(type='int', default=8),
    ))
    with module.api_errors():
        check_workers(module.params['workers'])
        result = Exporter(module.client, module.params['workers'], module.params['user_group_members']).run(
            sections=module.params['sections'], departments=module.params['departments'])
    module.exit_json(changed=False, **result)


if __name__ == '__main__':
    main()
