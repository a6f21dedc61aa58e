#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_policy
short_description: Manage JumpCloud device policies
version_added: 0.1.0
description:
  - Create, update and delete JumpCloud device policies (disk encryption, screen lock, password rules, USB storage,
    firewall...), each an instance of one of JumpCloud's policy templates.
  - The policy is found by O(id), or by O(name) with an exact, case-sensitive match.
  - The template is named the way the console shows it (V(FileVault 2)), by its machine name
    (V(filevault2_darwin)) or by its id; O(os_family) tells apart templates that share a name across operating
    systems (V(Password Complexity) exists for macOS, Windows and Linux).
  - Settings are given by the names of the template's fields (O(values)), checked against the template (unknown
    fields, read-only fields and values of the wrong type fail the task before anything is written) and
    translated to the field ids JumpCloud stores. Only the fields you give are managed; the others keep their
    values. JumpCloud replaces a whole policy on update, so the module reads it, changes what differs and writes
    it back complete.
  - Which systems the policy applies to is set with M(jcops.jumpcloud.jc_association) (bind it to system groups
    or systems); M(jcops.jumpcloud.jc_policy_info) reports how many of them applied it.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The policy's name, unique among policies. Required unless O(id) is given.
      - With O(id), a different O(name) renames the policy.
    type: str
  id:
    description: The policy's id. When given, the policy must exist.
    type: str
  state:
    description: V(present) creates or updates the policy; V(absent) deletes it (its bindings go with it).
    type: str
    choices: [present, absent]
    default: present
  template:
    description:
      - The policy template, by display name (V(FileVault 2)), machine name (V(filevault2_darwin)) or id, matched
        exactly. Required to create a policy.
      - A name that several templates share is refused with the list of candidates unless O(os_family) picks one.
        An unknown name is refused with the closest template names.
      - JumpCloud cannot change the template of an existing policy; a task naming another template than the
        policy's fails before anything is written (delete the policy and create it again).
      - M(jcops.jumpcloud.jc_policy_info) with O(jcops.jumpcloud.jc_policy_info#module:list_templates=true) lists
        the templates with their fields.
    type: str
  os_family:
    description:
      - The operating-system family of the template, to tell apart templates named alike. Used with O(template).
    type: str
    choices: [android, darwin, ios, linux, universal, windows]
  notes:
    description: Free-text notes on the policy.
    type: str
  values:
    description:
      - "The policy's settings, by field name, for example C({timeout: 600, requirePasswordImmediately: true})."
      - A field's label (as the console shows it) is accepted where no field has that name.
      - Each value must have the type its field takes, by the field's display type; a checkbox takes a boolean,
        a number field a number within the field's limits, a select one of its option values, a list field a
        list, a text field text (quote values such as V("03:00"), which YAML would otherwise read as a number).
      - Fields not given keep their current values (the template defaults on a new policy). Unknown fields,
        read-only fields and sensitive fields (see O(sensitive_values)) are refused, with the list of the
        template's fields, before anything is written.
    type: dict
  sensitive_values:
    description:
      - The values of the template's sensitive fields (a Wi-Fi passphrase, a BitLocker startup PIN), by field name.
      - Write-only, like a password; JumpCloud never returns them, so they cannot be compared. They are sent when
        the policy is created, when the policy holds no value yet for one of them, whenever the policy is written
        because of another change (an update replaces the whole policy), and on every run with
        O(update_sensitive_values=always). Never logged and never shown in a diff.
    type: dict
  update_sensitive_values:
    description:
      - V(on_create) sends O(sensitive_values) only as described there; V(always) sends them on every run, which
        then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
notes:
  - "The returned policy carries C(values) by field name (C({timeout: 600})) rather than JumpCloud's list of
    C({configFieldID, value}); C(configFields) still maps names to ids."
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_policy_info
  - module: jcops.jumpcloud.jc_policy_group
  - module: jcops.jumpcloud.jc_association
  - name: JumpCloud policies
    description: The policies JumpCloud offers and what their settings do.
    link: https://jumpcloud.com/support/get-started-policies
'''

EXAMPLES = r'''
- name: FileVault 2 on every Mac, recovery key escrowed to JumpCloud
  jcops.jumpcloud.jc_policy:
    name: Mac disk encryption
    template: FileVault 2
    os_family: darwin
    values:
      escrowRecoveryKey: true
      recoveryKeyType: personal
      deferEnablementLogoutCount: 2

- name: Screen lock after 10 minutes (a template name shared by macOS and Linux, so os_family picks one)
  jcops.jumpcloud.jc_policy:
    name: Mac screen lock
    template: Lock Screen
    os_family: darwin
    notes: CIS 2.3.1
    values:
      timeout: 600

- name: Password rules on Windows, template given by its machine name
  jcops.jumpcloud.jc_policy:
    name: Windows passwords
    template: password_complexity_windows
    values:
      minimumPasswordLength: 14
      maximumPasswordAge: 60

- name: A Wi-Fi profile whose passphrase stays out of logs and diffs
  jcops.jumpcloud.jc_policy:
    name: Office Wi-Fi
    template: Wi-Fi Configuration
    values:
      ssid: Example-Corp
      securityType: WPA2
    sensitive_values:
      passphrase: "{{ vault_office_wifi_passphrase }}"

- name: Rotate the passphrase
  jcops.jumpcloud.jc_policy:
    name: Office Wi-Fi
    sensitive_values:
      passphrase: "{{ vault_office_wifi_passphrase_2025 }}"
    update_sensitive_values: always

- name: Bind the screen-lock policy to a system group
  jcops.jumpcloud.jc_association:
    source_type: policy
    source: Mac screen lock
    target_type: system_group
    targets: [All Macs]

- name: Delete a policy
  jcops.jumpcloud.jc_policy:
    name: Mac screen lock
    state: absent
'''

RETURN = r'''
policy:
  description:
    - The policy as JumpCloud returns it (with its template and the template's C(configFields)), its C(values) by
      field name; sensitive values are never returned. Empty when the policy does not exist.
    - In check mode, for a new policy, the fields that would be sent.
    - In a template, read the values as C(result.policy['values']); C(.values) names a method of every dict.
  returned: always
  type: dict
  sample:
    id: 5f0c1b2a3d4e5f6a7b8c9d0e
    name: Mac screen lock
    notes: CIS 2.3.1
    template:
      id: 5f0c1b2a3d4e5f6a7b8c9d01
      name: screen_lock_darwin
      displayName: Lock Screen
      osMetaFamily: darwin
    values:
      timeout: 600
      requirePasswordImmediately: true
    configFields:
      - id: 5f0c1b2a3d4e5f6a7b8c9d02
        name: timeout
        label: Idle time before the screen locks (seconds)
        displayType: number
        defaultValue: 900
        required: true
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "Policy 'Mac screen lock' updated"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import SECRET_PLACEHOLDER
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Ensure, Entity, EntityModule, Field
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import get_by_id
from ansible_collections.jcops.jumpcloud.plugins.module_utils._policies import (
    OS_FAMILIES,
    Fields,
    pick_template,
    template_details,
    template_matches,
    template_title,
    templates,
    with_named_values,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind

ENTITY = Entity(
    kind=get_kind('policy'),
    key='name',
    required_on_create=['template'],
    secret_update_option='update_sensitive_values',
    fields=dict(
        template=Field(create_only=True, decode=template_title),
        notes=Field(multiline=True),
        values=Field(type='dict'),
        sensitive_values=Field(type='dict', secret=True),
    ),
)


class PolicyEnsure(Ensure):
    """Values by field name in the shape compared and returned, translated to configFieldIDs for writes."""

    found = None        # the policy as JumpCloud returned it (its sensitive entries are sent back on update)
    fields = None       # the template's config fields (Fields)
    sensitive = None    # the given sensitive values, by field name

    def find(self):
        self.found = super().find()
        return self.found

    def reread(self, current):
        """The policy read again before and after a guarded update: its held sensitive entries are sent back."""
        self.found = get_by_id(self.client, self.kind, current[self.kind.id_field]) or self.found
        return self.load(self.found)

    def load(self, obj):
        if obj is not None and self.fields is None:
            self.fields = Fields(obj.get('configFields'), obj.get('template'))
        return with_named_values(obj)

    def template(self):
        """The template the task names (resolved before any write), or the policy's own."""
        ident, current = self.params['template'], (self.found or {}).get('template')
        if ident is None or (current and template_matches(current, ident, self.params['os_family'])):
            return current
        chosen = pick_template(templates(self.client), ident, self.params['os_family'], self.path('template'))
        if self.found is None:
            self.fields = Fields(template_details(self.client, chosen['id']).get('configFields'), chosen)
        return chosen

    def wanted(self, renaming=True):
        wanted = super().wanted(renaming)
        wanted.pop('values', None)
        template = wanted['template'] = self.template()
        if template is None or self.found is not None and template.get('id') != self.found['template'].get('id'):
            return wanted   # no template to create from, or another template: the routine refuses either
        values, self.sensitive = self.fields.translate(self.params['values'], self.params['sensitive_values'],
                                                       creating=self.found is None,
                                                       paths=(self.path('values'), self.path('sensitive_values')))
        if self.params['values'] is not None:
            wanted['values'] = self.params['values'] = values
        return wanted

    def secrets(self, creating):
        """Also send the sensitive values when the policy holds no value yet for one of them."""
        sent = super().secrets(creating)
        if not sent and self.sensitive and set(self.sensitive) - self.fields.held_sensitive(self.found.get('values')):
            sent = {'sensitive_values': self.sensitive}
        return sent

    def dump(self, body, creating):
        body = dict(body)
        body.pop('sensitive_values', None)
        template = body.pop('template', None)
        if creating:
            body['template'] = {'id': template['id']}
        held = None if creating else self.found.get('values')
        if 'values' in body or self.sensitive or held:
            body['values'] = self.fields.to_api(body.get('values'), self.sensitive, held)
        return super().dump(body, creating)

    def result(self, changed, before, after, obj, verb):
        """An update writes the given sensitive values along (see dump): say so in the diff."""
        if verb == 'updated' and self.sensitive:
            after['sensitive_values'] = SECRET_PLACEHOLDER
        return super().result(changed, before, after, obj, verb)


def main():
    EntityModule(ENTITY, PolicyEnsure, argument_spec=dict(os_family=dict(type='str', choices=list(OS_FAMILIES)))).run()


if __name__ == '__main__':
    main()
