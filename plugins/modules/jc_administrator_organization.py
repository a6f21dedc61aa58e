#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_administrator_organization
short_description: Link JumpCloud administrators to the organizations they manage
version_added: 0.2.0
description:
  - Gives a multi-tenant (MSP) administrator access to an organization, or takes it away, through the
    administrator's organization links.
  - Idempotent; a link that exists is left alone, and removing a link that does not exist changes nothing.
  - The request is not for one organization, so no C(x-org-id) header is sent; O(org_id) is ignored.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  administrator:
    description:
      - The administrator's id, or e-mail address (compared without case).
      - An e-mail address is looked up among the administrators of the provider (O(provider_id), by default the
        organization's provider).
    type: str
    required: true
  organization:
    description: The organization's id, or display name (exact match).
    type: str
    required: true
  provider_id:
    description: The provider whose administrators are searched for an e-mail address in O(administrator).
    type: str
  state:
    description: V(present) links the administrator to the organization; V(absent) removes the link.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_organization_info
'''

EXAMPLES = r'''
- name: The on-call engineer manages Acme Corp
  jcops.jumpcloud.jc_administrator_organization:
    administrator: oncall@msp.example
    organization: Acme Corp

- name: A leaver of the MSP keeps no access to any organization
  jcops.jumpcloud.jc_administrator_organization:
    administrator: leaver@msp.example
    organization: "{{ item._id }}"
    state: absent
  loop: "{{ orgs.organizations }}"
  loop_control:
    label: "{{ item.displayName }}"
'''

RETURN = r'''
link:
  description: The administrator's and the organization's ids, and whether they are linked after the task (would be, in
    check mode).
  returned: always
  type: dict
  sample:
    administrator: 5f0c1b2a3d4e5f6a7b8c9d01
    organization: 5f0c1b2a3d4e5f6a7b8c9d00
    linked: true
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "Link of administrator 'oncall@msp.example' to organization 'Acme Corp' created"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._organizations import AdministratorOrganizationModule


def main():
    AdministratorOrganizationModule().run()


if __name__ == '__main__':
    main()
