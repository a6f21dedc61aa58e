#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_access_request
short_description: Create, update and revoke JumpCloud access requests; cancel or revoke workflow access requests
version_added: 0.1.0
description:
  - "Plain access requests (O(id)): an administrator grants a user access to a resource until an expiry, for example
    temporary admin rights on a device (O(resource_type=device) with O(additional_attributes))."
  - Without O(id), O(state=present) creates a new access request every time it runs and returns its id. JumpCloud
    cannot list access requests, so nothing can find the one an earlier run created; to keep a task idempotent,
    register the returned RV(id) and pass it as O(id) in later runs.
  - With O(id), O(state=present) reads the request and sends only the options that differ (O(expiry), O(remarks),
    O(additional_attributes)); the requestor and the resource are set only when a request is created.
  - O(state=revoked) revokes the request; a request that is already revoked or has expired is left alone
    (C(changed=false)).
  - "Workflow access requests (O(workflow_request_id)): a user asks for access in the User Portal and approvers decide.
    O(state=revoked) makes sure the request grants no access: a request awaiting a decision (status C(PENDING),
    C(MISSING_DATA) or C(ERROR)) is cancelled, an approved request for a device ends its device admin session, an
    approved request for timed access ends its session; O(state=cancelled) only cancels a request awaiting a decision
    and fails on an approved one. A request that is already cancelled, denied, expired or revoked is left alone."
  - An approved workflow request without a time limit has no session to revoke; the access it granted is a user group
    membership or an association. The task then changes nothing and warns, naming them.
  - Every reference (the requestor, the resource) is resolved before anything is written; an unknown or ambiguous name
    fails the task with nothing changed.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  id:
    description:
      - The id of a plain access request (JumpCloud's C(accessId)), as returned by the task that created it.
      - When given, the request must exist.
    type: str
  workflow_request_id:
    description:
      - The id of a workflow access request, for example from M(jcops.jumpcloud.jc_access_request_info).
      - Takes only O(state=cancelled) or O(state=revoked).
    type: str
  state:
    description:
      - V(present) creates a plain access request (without O(id)) or updates one (with O(id)).
      - V(revoked) revokes the plain access request O(id), or ends the workflow access request O(workflow_request_id)
        (cancelled when undecided, its session revoked when approved).
      - V(cancelled) cancels the workflow access request O(workflow_request_id) while it awaits a decision.
      - With V(revoked) and V(cancelled), options other than the id are not allowed for workflow requests and are
        ignored for plain ones.
    type: str
    choices: [present, revoked, cancelled]
    default: present
  requestor:
    description:
      - The user who gets the access, by username or id. Required to create a request.
      - Set only on creation; with O(id), a different requestor fails the task.
    type: str
  resource_type:
    description:
      - The type of the resource, as JumpCloud names it in access requests; V(device) is a device (system).
        Required to create a request.
      - For V(device) and the directory types (V(user_group), V(application), V(system_group), V(radius_server),
        V(ldap_server) and the others of M(jcops.jumpcloud.jc_association)) O(resource) may be a name; for any other
        type it must be the id.
      - Set only on creation.
    type: str
  resource:
    description:
      - The resource the access is to, by name or id (see O(resource_type)). Required to create a request.
      - Set only on creation.
    type: str
  expiry:
    description:
      - When the access ends, as an RFC 3339 date and time with a time zone, for example V(2030-01-31T18:00:00Z).
        JumpCloud keeps whole seconds, and times are compared as instants (V(2030-01-31T19:00:00+01:00) is the same).
      - Must be in the future when it is sent.
    type: str
  remarks:
    description: Free text kept with the request (why the access is needed).
    type: str
  additional_attributes:
    description:
      - "Attributes of the access, as JumpCloud names them; for temporary device admin rights
        C({sudo: {enabled: true, withoutPassword: false}})."
      - Compared key by key; keys left out are kept.
    type: dict
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
notes:
  - "JumpCloud returns C(additionalAttributes) as base64-encoded JSON; RV(access_request) holds them decoded, as a
    dict."
  - The live API's exact status and state spellings are not documented; they are compared without regard to case.
seealso:
  - module: jcops.jumpcloud.jc_access_request_info
  - module: jcops.jumpcloud.jc_association
  - name: Set temporary elevated device privileges using the API
    description: JumpCloud's article on plain access requests.
    link: https://jumpcloud.com/support/set-temporary-elevated-device-privileges-using-the-api
'''

EXAMPLES = r'''
- name: Give jdoe admin rights on build-01 until Friday evening
  jcops.jumpcloud.jc_access_request:
    requestor: jdoe
    resource_type: device
    resource: build-01
    expiry: "2030-01-31T18:00:00Z"
    remarks: Release on-call
    additional_attributes:
      sudo:
        enabled: true
        withoutPassword: false
  register: elevation

- name: Keep the id; later runs address the request by it
  ansible.builtin.debug:
    msg: "Access request {{ elevation.id }}"

- name: Extend it by a day (idempotent with the id)
  jcops.jumpcloud.jc_access_request:
    id: "{{ elevation.id }}"
    expiry: "2030-02-01T18:00:00Z"

- name: Revoke it early
  jcops.jumpcloud.jc_access_request:
    id: "{{ elevation.id }}"
    state: revoked

- name: Find the open workflow requests of a leaver
  jcops.jumpcloud.jc_access_request_info:
    requestor: leaver
    status: [PENDING, MISSING_DATA, ERROR, APPROVED]
  register: open_requests

- name: Cancel the pending ones and revoke the active sessions (re-runnable)
  jcops.jumpcloud.jc_access_request:
    workflow_request_id: "{{ item.id }}"
    state: revoked
  loop: "{{ open_requests.workflow_requests }}"
  loop_control:
    label: "{{ item.id }} {{ item.status }} {{ item.approvalFlowName | default('') }}"

- name: Revoke plain access requests whose ids were recorded elsewhere
  jcops.jumpcloud.jc_access_request:
    id: "{{ item }}"
    state: revoked
  loop: "{{ leaver_access_request_ids | default([]) }}"
'''

RETURN = r'''
id:
  description:
    - The id of the plain access request (its C(accessId)), or of the workflow access request.
    - Pass it as O(id) to address the request in later runs. None when a request would be created in check mode.
  returned: always
  type: str
  sample: 0b6a3f6e-2f4c-4d55-9a1e-6a4e8a0b1c2d
access_request:
  description:
    - The plain access request as JumpCloud returns it after the task (as it would be, in check mode), with
      C(additionalAttributes) decoded. Note that C(id) in it is JumpCloud's row number; the request's id is C(accessId).
  returned: when O(workflow_request_id) is not given
  type: dict
  sample:
    accessId: 0b6a3f6e-2f4c-4d55-9a1e-6a4e8a0b1c2d
    id: 16839
    accessState: granted
    requestorId: 5f0c1b2a3d4e5f6a7b8c9d0e
    resourceId: 5f0c1b2a3d4e5f6a7b8c9d1f
    resourceType: device
    expiry: "2030-01-31T18:00:00Z"
    remarks: Release on-call
    additionalAttributes:
      sudo:
        enabled: true
        withoutPassword: false
workflow_request:
  description: The workflow access request as JumpCloud returns it after the task (as it would be, in check mode).
  returned: when O(workflow_request_id) is given
  type: dict
  sample:
    id: 7d1c9a52-3b0e-4f1a-8c55-2e9d6b4a0f13
    status: CANCELLED
    requestor: 5f0c1b2a3d4e5f6a7b8c9d0e
    userName: leaver
    resourceType: application
    approvalFlowName: GitHub access
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "Access request '0b6a3f6e-2f4c-4d55-9a1e-6a4e8a0b1c2d' revoked"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._access import (
    ACCESS_REQUEST_ARGS,
    ACCESS_REQUEST_RULES,
    ensure_access_request,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(argument_spec=ACCESS_REQUEST_ARGS, **ACCESS_REQUEST_RULES)
    with module.api_errors():
        result = ensure_access_request(module.client, module.params)
    for warning in result.pop('warnings', []):
        module.warn(warning)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
