#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_translation_rule
short_description: Manage the attribute translation rules of JumpCloud's Office 365 and Google Workspace directories
version_added: 0.2.0
description:
  - A translation rule tells JumpCloud to carry a user attribute to (V(export)) or, for Google Workspace, from
    (V(import)) the directory, for example C(user_department) or C(user_manager).
  - A rule is the built-in translation and its direction; there is nothing else to set, so the module adds or removes
    it. The rule is checked against the directory's built-in rules before any request. Idempotent; check mode sends
    nothing.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  rule:
    description:
      - The built-in translation. Office 365 takes C(user_alternate_email), C(user_business_phones), C(user_city),
        C(user_country), C(user_department), C(user_job_title), C(user_manager), C(user_mobile_phone),
        C(user_office_location), C(user_postal_code), C(user_principal_name_from_alternate_email), C(user_state) and
        C(user_street_address).
      - Google Workspace takes C(user_home_addresses), C(user_work_addresses), C(user_other_addresses),
        C(user_home_phone_numbers), C(user_mobile_phone_numbers), C(user_other_phone_numbers),
        C(user_work_phone_numbers), C(user_work_fax_phone_numbers), C(user_work_mobile_phone_numbers), C(user_manager),
        C(user_alternate_email), C(user_primary_organization_cost_center), C(user_primary_organization_department),
        C(user_primary_organization_description), C(user_primary_organization_employee_id),
        C(user_primary_organization_title), C(user_status) and C(user_password).
    type: str
    required: true
    choices: [user_alternate_email, user_business_phones, user_city, user_country, user_department, user_home_addresses,
              user_home_phone_numbers, user_job_title, user_manager, user_mobile_phone, user_mobile_phone_numbers,
              user_office_location, user_other_addresses, user_other_phone_numbers, user_password, user_postal_code,
              user_primary_organization_cost_center, user_primary_organization_department,
              user_primary_organization_description, user_primary_organization_employee_id,
              user_primary_organization_title, user_principal_name_from_alternate_email, user_state, user_status,
              user_street_address, user_work_addresses, user_work_fax_phone_numbers, user_work_mobile_phone_numbers,
              user_work_phone_numbers]
  direction:
    description: V(export) (JumpCloud to the directory) or, for Google Workspace only, V(import).
    type: str
    choices: [export, import]
    default: export
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.directory_item
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_user_import_info
  - module: jcops.jumpcloud.jc_directory_domain
'''

EXAMPLES = r'''
- name: Departments and managers reach Microsoft 365
  jcops.jumpcloud.jc_translation_rule:
    directory_type: office_365
    rule: "{{ item }}"
  loop: [user_department, user_manager]

- name: Google Workspace no longer gets passwords
  jcops.jumpcloud.jc_translation_rule:
    directory_type: g_suite
    rule: user_password
    state: absent
'''

RETURN = r'''
translation_rule:
  description: The rule as JumpCloud returns it; empty when absent.
  returned: always
  type: dict
  sample: {id: 5f0c1b2a3d4e5f6a7b8c9d12, builtIn: user_department, direction: export}
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "Translation rule user_department (export) of Microsoft 365 directory 'Microsoft 365' created"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._imports import TranslationRuleModule


def main():
    TranslationRuleModule().run()


if __name__ == '__main__':
    main()
