#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_system_info
short_description: Read JumpCloud systems (devices)
version_added: 0.1.0
description:
  - Returns the devices enrolled in JumpCloud (its "systems"), with their operating system, serial number, hostname,
    last contact, agent version and the rest of what JumpCloud records about them.
  - One system by O(id); the systems called O(name); every system matching O(filter); the members of a system group
    (O(system_group), which O(filter) narrows further); or all of them. Lists are paged through completely.
  - Systems cannot be created through the API (a device appears when the JumpCloud agent or MDM enrols it), so there
    is no module to create them.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The systems whose display name is exactly this (case-sensitive); when none has that display name, the
        systems whose hostname is exactly this.
      - Display names are not unique in JumpCloud; every system that has the name is returned.
    type: str
  filter:
    description:
      - "System fields to match, as JumpCloud names them, for example C({osFamily: windows}),
        C({os: [Ubuntu, Windows]}), C({serialNumber: C02XK1ZJJG5H}), C({active: true}),
        C({agentVersion: 2.12.0}) or C({fde.active: false})."
      - A value is matched exactly; a list value matches any of its items.
      - With O(system_group), only members of the group that match are returned.
    type: dict
  system_group:
    description:
      - Return the direct members of this system group (name or id). An unknown group fails the task.
      - Costs one request to find the group and, per 100 members, one request for the membership and one for the
        systems' details (sent concurrently), whatever the size of the organization.
    type: str
notes:
  - Fields most inventories use are C(_id), C(displayName), C(hostname), C(os), C(osFamily) (V(linux), V(windows),
    V(darwin)...), C(version), C(arch), C(serialNumber), C(lastContact) (date and time of the agent's last check-in,
    null when it never checked in), C(active) (whether the agent is connected now), C(agentVersion), C(remoteIP),
    C(created), C(fde) (disk encryption), C(tags) and C(attributes).
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_system_group
  - module: jcops.jumpcloud.jc_system_group_info
  - module: jcops.jumpcloud.jc_association_info
'''

EXAMPLES = r'''
- name: Every Windows device
  jcops.jumpcloud.jc_system_info:
    filter:
      osFamily: windows
  register: windows

- name: Their hostnames and when each last checked in
  ansible.builtin.debug:
    msg: "{{ windows.systems | items2dict(key_name='hostname', value_name='lastContact') }}"

- name: Devices whose agent is not connected
  jcops.jumpcloud.jc_system_info:
    filter:
      active: false
  register: offline

- name: The Linux servers in the Production group
  jcops.jumpcloud.jc_system_info:
    system_group: Production
    filter:
      osFamily: linux
  register: production

- name: A device by its display name (or hostname)
  jcops.jumpcloud.jc_system_info:
    name: build-agent-01
  register: agent

- name: Serial numbers and agent versions
  ansible.builtin.debug:
    msg: "{{ agent.systems | items2dict(key_name='serialNumber', value_name='agentVersion') }}"
'''

RETURN = r'''
systems:
  description: The systems found, as JumpCloud returns them, ordered by id. Empty when none match.
  returned: always
  type: list
  elements: dict
  sample:
    - _id: 63f1c2d3e4f5a6b7c8d9e0f2
      displayName: build-agent-01
      hostname: build-agent-01.example.com
      os: Ubuntu
      osFamily: linux
      version: "22.04"
      arch: x86_64
      serialNumber: 4C4C4544-0042
      lastContact: "2025-03-04T09:12:44.000Z"
      active: true
      agentVersion: 2.12.0
      remoteIP: 203.0.113.25
      created: "2024-11-02T15:20:01.000Z"
      fde:
        active: true
        keyPresent: true
      tags: []
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import InfoModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import Edges
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import list_by_ids
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind


class SystemInfoModule(InfoModule):

    def objects(self):
        if self.params.get('system_group') is None:
            return super().objects()
        group = self.resolver.object(get_kind('system_group'), self.params['system_group'], 'system_group')
        members = Edges(self.client, 'system_group', group['id'], 'system').read()
        return list_by_ids(self.client, self.kind, members, filters=self.filters(),
                           operation="read the systems of system group '{0}'".format(group['name']))


def main():
    SystemInfoModule(get_kind('system'), 'name', 'systems', argument_spec=dict(system_group=dict(type='str')),
                     mutually_exclusive=[('name', 'id', 'filter'), ('system_group', 'name', 'id')]).run()


if __name__ == '__main__':
    main()
