#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_radius_server_info
short_description: Read JumpCloud RADIUS servers
version_added: 0.1.0
description:
  - Returns one RADIUS server by O(name) or O(id), or every server matching O(filter), or all of them.
  - Shared secrets are never returned (JumpCloud does not give them out, and the module removes the field if it
    ever appears).
  - The user groups a server is bound to are read with M(jcops.jumpcloud.jc_association_info).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description: The server's name (exact, case-sensitive match).
    type: str
  filter:
    description:
      - "RADIUS server fields to match, as JumpCloud names them, for example C({mfa: DISABLED}),
        C({networkSourceIp: 203.0.113.10}) or C({tagNames: wifi})."
      - A value is matched exactly; a list value matches any of its items. Lists are paged through completely.
    type: dict
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_radius_server
  - module: jcops.jumpcloud.jc_association_info
'''

EXAMPLES = r'''
- name: One server
  jcops.jumpcloud.jc_radius_server_info:
    name: Office Wi-Fi
  register: result

- name: Servers that do not ask for MFA
  jcops.jumpcloud.jc_radius_server_info:
    filter:
      mfa: DISABLED
  register: without_mfa

- name: Their names
  ansible.builtin.debug:
    msg: "{{ without_mfa.radius_servers | map(attribute='name') | list }}"
'''

RETURN = r'''
radius_servers:
  description: The servers found, as JumpCloud returns them, without shared secrets. Empty when none match.
  returned: always
  type: list
  elements: dict
  sample:
    - _id: 63f1c2d3e4f5a6b7c8d9e0f1
      name: Office Wi-Fi
      networkSourceIp: 203.0.113.10
      mfa: ENABLED
      authIdp: JUMPCLOUD
      userLockoutAction: REMOVE
      userPasswordExpirationAction: MAINTAIN
      userPasswordEnabled: true
      caSource: NONE
      tagNames: [office, wifi]
      organization: 5f0c1b2a3d4e5f6a7b8c9d00
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import InfoModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind


def main():
    InfoModule(get_kind('radius_server'), 'name', 'radius_servers').run()


if __name__ == '__main__':
    main()
