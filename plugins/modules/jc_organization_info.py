#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_organization_info
short_description: List the JumpCloud organizations an administrator reaches
version_added: 0.2.0
description:
  - Returns the organizations the API key reaches (one for a single-organization administrator, every managed
    organization for a multi-tenant (MSP) administrator), by O(name), by O(id), matching O(filter), or all of them.
  - Use the ids as O(org_id) of other tasks (per task, or once per play through C(module_defaults)) to run the same
    tasks in each organization.
  - The request is not for one organization, so no C(x-org-id) header is sent; O(org_id) is ignored.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description: The organization's display name (exact, case-sensitive match, made on the client).
    type: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_administrator_organization
'''

EXAMPLES = r'''
- name: Every organization this key manages
  jcops.jumpcloud.jc_organization_info:
  register: orgs

- name: The same user groups in each of them
  jcops.jumpcloud.jc_user_group:
    org_id: "{{ item._id }}"
    name: Security team
  loop: "{{ orgs.organizations }}"
  loop_control:
    label: "{{ item.displayName }}"

- name: One organization's full record (with its settings)
  jcops.jumpcloud.jc_organization_info:
    name: Acme Corp
  register: acme
'''

RETURN = r'''
organizations:
  description:
    - The organizations found, as JumpCloud returns them, sorted by id. A list holds C(_id), C(displayName) and
      C(logoUrl); with O(id) the whole record (settings, provider...) is returned.
  returned: always
  type: list
  elements: dict
  sample:
    - _id: 5f0c1b2a3d4e5f6a7b8c9d00
      displayName: Acme Corp
      logoUrl: null
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._organizations import OrganizationInfoModule


def main():
    OrganizationInfoModule().run()


if __name__ == '__main__':
    main()
