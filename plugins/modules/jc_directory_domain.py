#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_directory_domain
short_description: Manage the domains of JumpCloud's Office 365 and Google Workspace directories
version_added: 0.2.0
description:
  - Adds a domain to, or removes it from, an Office 365 (Microsoft 365) or Google Workspace directory integration;
    the domain must be verified in Microsoft 365 or Google Workspace.
  - A domain is matched without case. Idempotent; check mode sends nothing.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  domain:
    description: The domain name.
    type: str
    required: true
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.directory_item
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_user_import_info
  - module: jcops.jumpcloud.jc_translation_rule
'''

EXAMPLES = r'''
- name: Users of example.org sync with Microsoft 365 too
  jcops.jumpcloud.jc_directory_domain:
    directory_type: office_365
    domain: example.org

- name: Stop syncing a Google Workspace domain
  jcops.jumpcloud.jc_directory_domain:
    directory_type: g_suite
    directory: Google Workspace
    domain: old.example.com
    state: absent
'''

RETURN = r'''
domain:
  description: The domain as JumpCloud returns it; empty when absent.
  returned: always
  type: dict
  sample: {objectId: 5f0c1b2a3d4e5f6a7b8c9d11, domain: example.org, default: false}
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "Domain example.org of Microsoft 365 directory 'Microsoft 365' created"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._imports import DomainModule


def main():
    DomainModule().run()


if __name__ == '__main__':
    main()
