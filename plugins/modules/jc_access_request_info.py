#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_access_request_info
short_description: Read JumpCloud access requests and workflow access requests
version_added: 0.1.0
description:
  - Returns one plain access request by O(id), one workflow access request by O(workflow_request_id), or the workflow
    access requests matching O(requestor), O(status) and O(filter) (all of them when none is given), paged through
    completely.
  - JumpCloud cannot list plain access requests; they are read by id only.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  id:
    description: The id of the one plain access request to return (its C(accessId)).
    type: str
  workflow_request_id:
    description: The id of the one workflow access request to return.
    type: str
  requestor:
    description:
      - Only the workflow requests made by this user, by username or id (JumpCloud's C(requestor) field holds the
        user id).
      - An unknown username fails; an id that is no longer a user's is still searched for, so the requests of a deleted
        user can be found.
    type: str
  status:
    description:
      - Only the workflow requests with one of these statuses, compared without regard to case; for example
        V(PENDING), V(MISSING_DATA), V(ERROR) (awaiting a decision), V(APPROVED), V(DENIED), V(CANCELLED),
        V(EXPIRED), V(REVOKED).
    type: list
    elements: str
  filter:
    description:
      - Field and value pairs, as JumpCloud names the fields of a workflow access request (for example
        V(resourceType), V(approvalFlowId)), that every returned request matches exactly; a list value matches any of
        its items. Applied by JumpCloud.
    type: dict
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_access_request
'''

EXAMPLES = r'''
- name: The workflow requests of a leaver that still grant or may grant access
  jcops.jumpcloud.jc_access_request_info:
    requestor: leaver
    status: [PENDING, MISSING_DATA, ERROR, APPROVED]
  register: open_requests

- name: End each of them (cancel the undecided, revoke the active sessions); safe to run again
  jcops.jumpcloud.jc_access_request:
    workflow_request_id: "{{ item.id }}"
    state: revoked
  loop: "{{ open_requests.workflow_requests }}"
  loop_control:
    label: "{{ item.id }} {{ item.status }}"

- name: Every pending request for device admin rights
  jcops.jumpcloud.jc_access_request_info:
    status: [PENDING]
    filter:
      resourceType: device
  register: pending_device_admin

- name: One plain access request
  jcops.jumpcloud.jc_access_request_info:
    id: 0b6a3f6e-2f4c-4d55-9a1e-6a4e8a0b1c2d
  register: one

- name: Its state and expiry
  ansible.builtin.debug:
    msg: "{{ one.access_requests[0].accessState }} until {{ one.access_requests[0].expiry }}"
'''

RETURN = r'''
access_requests:
  description:
    - The plain access request read by O(id), as JumpCloud returns it with C(additionalAttributes) decoded; empty when it
      does not exist or O(id) is not given.
  returned: always
  type: list
  elements: dict
  sample:
    - accessId: 0b6a3f6e-2f4c-4d55-9a1e-6a4e8a0b1c2d
      id: 16839
      accessState: granted
      requestorId: 5f0c1b2a3d4e5f6a7b8c9d0e
      resourceId: 5f0c1b2a3d4e5f6a7b8c9d1f
      resourceType: device
      expiry: "2030-01-31T18:00:00Z"
      additionalAttributes:
        sudo:
          enabled: true
          withoutPassword: false
workflow_requests:
  description: The workflow access requests found, as JumpCloud returns them; empty when none match.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 7d1c9a52-3b0e-4f1a-8c55-2e9d6b4a0f13
      status: PENDING
      requestor: 5f0c1b2a3d4e5f6a7b8c9d0e
      userName: leaver
      resourceType: application
      resourceId: 5f0c1b2a3d4e5f6a7b8c9d2a
      approvalFlowName: GitHub access
      timeBasedAccess: true
      requestedDuration: 8h
      createdAt: "2030-01-30T09:12:44Z"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._access import (
    ACCESS_REQUEST_INFO_ARGS,
    ACCESS_REQUEST_INFO_RULES,
    read_access_requests,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(argument_spec=ACCESS_REQUEST_INFO_ARGS, **ACCESS_REQUEST_INFO_RULES)
    with module.api_errors():
        result = read_access_requests(module.client, module.params)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
