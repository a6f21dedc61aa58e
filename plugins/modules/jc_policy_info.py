#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_policy_info
short_description: Read JumpCloud device policies, their settings, how far they are applied, and the policy templates
version_added: 0.1.0
description:
  - Returns one policy by O(name) or O(id), or every policy matching O(filter), O(template) and O(os_family), or all
    of them. Lists are paged through completely.
  - With O(include_values), each policy's settings by field name; with O(include_stats), how many of the systems
    it is bound to applied it successfully, failed, or have not reported yet.
  - With O(list_templates), also the policy templates JumpCloud offers, with their fields (the names
    M(jcops.jumpcloud.jc_policy) takes in its O(jcops.jumpcloud.jc_policy#module:values)).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description: The policy's name (exact, case-sensitive match).
    type: str
  template:
    description:
      - Only policies made from this template, by display name (V(FileVault 2)), machine name (V(filevault2_darwin))
        or id, matched exactly. Every template with that name counts (V(Password Complexity) names one template per
        operating system) unless O(os_family) narrows it.
      - With O(list_templates), also limits the templates returned.
    type: str
  os_family:
    description:
      - Only policies whose template is for this operating-system family.
      - With O(list_templates), also limits the templates returned.
    type: str
    choices: [android, darwin, ios, linux, universal, windows]
  include_values:
    description:
      - Return each policy with its details (notes, the template's C(configFields)) and its C(values) by field name.
        Sensitive values are never returned.
      - Costs one request per policy, sent concurrently. A policy read by O(id) always comes with its details.
    type: bool
    default: false
  include_stats:
    description:
      - Add to each policy C(stats) with the number of systems on which it applied successfully (C(success)),
        failed (C(failed)), or has not applied yet (C(pending)), out of C(total).
      - C(total) counts the systems the policy is bound to, directly or through system groups and policy groups
        (JumpCloud's graph traversal from the policy to systems), each once. Each system counts by its latest
        policy status (the one with the latest end time); a system with no status yet, or whose latest status is
        pending, is pending. Statuses of systems the policy is no longer bound to are not counted.
      - Costs two listings per policy (statuses and systems, paged by 100), sent concurrently.
    type: bool
    default: false
  list_templates:
    description:
      - Also return C(policy_templates), the templates JumpCloud offers (limited by O(template) and O(os_family)),
        each with its C(configFields).
      - Costs one listing of the templates and one request per template returned, sent concurrently.
    type: bool
    default: false
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_policy
  - module: jcops.jumpcloud.jc_association_info
'''

EXAMPLES = r'''
- name: One policy with its settings and how far it is applied
  jcops.jumpcloud.jc_policy_info:
    name: Mac disk encryption
    include_values: true
    include_stats: true
  register: result

- name: Fail when a system could not apply it
  ansible.builtin.assert:
    that: result.policies[0].stats.failed == 0
    fail_msg: "{{ result.policies[0].stats.failed }} systems failed to apply FileVault"

- name: Every password policy, whatever the operating system
  jcops.jumpcloud.jc_policy_info:
    template: Password Complexity
    include_values: true
  register: password_policies

- name: The macOS templates and the fields each takes
  jcops.jumpcloud.jc_policy_info:
    list_templates: true
    os_family: darwin
  register: mac

- name: Show the field names of each macOS template
  ansible.builtin.debug:
    msg: "{{ item.displayName }}: {{ item.configFields | map(attribute='name') | join(', ') }}"
  loop: "{{ mac.policy_templates }}"
  loop_control:
    label: "{{ item.name }}"
'''

RETURN = r'''
policies:
  description:
    - The policies found, as JumpCloud lists them (id, name, template). With O(include_values) (or when read by
      O(id)), the details too, with C(values) by field name. Empty when none match.
    - In a template, read the values as C(item['values']); C(.values) names a method of every dict.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5f0c1b2a3d4e5f6a7b8c9d0e
      name: Mac disk encryption
      notes: ''
      template:
        id: 5f0c1b2a3d4e5f6a7b8c9d01
        name: filevault2_darwin
        displayName: FileVault 2
        osMetaFamily: darwin
      values:
        escrowRecoveryKey: true
        recoveryKeyType: personal
      stats:
        success: 118
        failed: 2
        pending: 7
        total: 127
policy_templates:
  description: The policy templates, each with its C(configFields) (id, name, label, displayType, defaultValue...).
  returned: when O(list_templates=true)
  type: list
  elements: dict
  sample:
    - id: 5f0c1b2a3d4e5f6a7b8c9d01
      name: filevault2_darwin
      displayName: FileVault 2
      osMetaFamily: darwin
      configFields:
        - id: 5f0c1b2a3d4e5f6a7b8c9d02
          name: escrowRecoveryKey
          label: Escrow the personal recovery key to JumpCloud
          displayType: checkbox
          defaultValue: true
          required: false
          sensitive: false
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import InfoModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import get_by_id
from ansible_collections.jcops.jumpcloud.plugins.module_utils._policies import (
    OS_FAMILIES,
    policy_stats,
    template_details,
    template_matches,
    templates,
    with_named_values,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind


class PolicyInfoModule(InfoModule):

    def selected(self, template):
        return template_matches(template, self.params['template'], self.params['os_family'])

    def objects(self):
        return [policy for policy in super().objects() if self.selected(policy.get('template'))]

    def enrich(self, objects):
        client, policies = self.client, objects
        if self.params['include_values']:
            policies = client.map_concurrent(
                lambda policy: policy if 'values' in policy else get_by_id(client, self.kind, policy['id']) or policy, policies)
        policies = [with_named_values(policy) for policy in policies]
        if self.params['include_stats']:
            for policy, stats in zip(policies, client.map_concurrent(lambda policy: policy_stats(client, policy['id']), policies)):
                policy['stats'] = stats
        return policies

    def more_results(self):
        if not self.params['list_templates']:
            return {}
        listed = [template for template in templates(self.client) if self.selected(template)]
        details = self.client.map_concurrent(lambda template: template_details(self.client, template['id']), listed)
        return dict(policy_templates=[dict(template, **detail) for template, detail in zip(listed, details)])


def main():
    PolicyInfoModule(get_kind('policy'), 'name', 'policies', argument_spec=dict(
        template=dict(type='str'),
        os_family=dict(type='str', choices=list(OS_FAMILIES)),
        include_values=dict(type='bool', default=False),
        include_stats=dict(type='bool', default=False),
        list_templates=dict(type='bool', default=False),
    )).run()


if __name__ == '__main__':
    main()
