#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_application_info
short_description: Read JumpCloud SSO applications
version_added: 0.1.0
description:
  - Returns one SSO application by O(name) or O(id), or every application matching O(filter), or all of them.
  - Users and groups are bound to applications with M(jcops.jumpcloud.jc_association).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The application's label as shown in the user portal (C(displayLabel)); when no label matches, its display
        name, then its connector name. Several applications may share a label; all of them are returned.
    type: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_association
'''

EXAMPLES = r'''
- name: Every SSO application
  jcops.jumpcloud.jc_application_info:
  register: apps

- name: Their labels
  ansible.builtin.debug:
    msg: "{{ apps.applications | map(attribute='displayLabel') | list }}"

- name: Who can use GitHub?
  jcops.jumpcloud.jc_association_info:
    source_type: application
    source: GitHub
  register: github
'''

RETURN = r'''
applications:
  description: The applications found, as JumpCloud returns them (SAML keys and certificates included as returned).
  returned: always
  type: list
  elements: dict
  sample:
    - _id: 5f0c1b2a3d4e5f6a7b8c9d3a
      name: github
      displayLabel: GitHub
      ssoUrl: https://sso.jumpcloud.com/saml2/github
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import InfoModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind


def main():
    InfoModule(get_kind('application'), 'name', 'applications').run()


if __name__ == '__main__':
    main()
