#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_command_result_info
short_description: Read what devices answered to JumpCloud commands
version_added: 0.2.0
description:
  - Returns command results (one per device and run) by id, or those of a run (O(workflow_instance_id), as
    M(jcops.jumpcloud.jc_command_run) returns it), of a command, and/or of a device; all of them when nothing is given.
  - Each result says which command ran on which device, its exit code, output, error and timing.
  - "Cost: one request per 100 results (plus one to look up a command or device by name); with O(full_output), one more
    per result, sent concurrently."
  - A run's results appear as its devices answer; to wait for them, use O(jcops.jumpcloud.jc_command_run#module:wait) or
    repeat this task with C(until).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  id:
    description: The id of one command result.
    type: str
  workflow_instance_id:
    description: The results of one run.
    type: str
  command:
    description: The results of a command, by id or exact name.
    type: str
  system:
    description: The results on a device, by id, display name or hostname.
    type: str
  full_output:
    description:
      - Read each result whole, one request per result. Otherwise the listing's is used, in which JumpCloud cuts the
        output and the error to 40 characters, and which does not carry the run's id.
    type: bool
    default: true
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_command_run
'''

EXAMPLES = r'''
- name: Start a command on the kiosks without waiting
  jcops.jumpcloud.jc_command_run:
    command: Collect logs
    system_groups: [Kiosks]
  register: run

- name: Wait until every kiosk answered (at most 10 minutes)
  jcops.jumpcloud.jc_command_result_info:
    workflow_instance_id: "{{ run.workflow_instance_id }}"
  register: answers
  until: answers.results | length == run.systems | length
  retries: 20
  delay: 30

- name: Everything a device answered, exit codes only
  jcops.jumpcloud.jc_command_result_info:
    system: ada-mbp
    full_output: false
  register: history
'''

RETURN = r'''
results:
  description: The results found, as M(jcops.jumpcloud.jc_command_run) returns them. Empty when none match.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The command result's id.
      type: str
    command_id:
      description: The command's id.
      type: str
    command:
      description: The command's name.
      type: str
    system_id:
      description: The device's id.
      type: str
    system:
      description: The device's display name.
      type: str
    workflow_instance_id:
      description: The run's id (C(null) with O(full_output=false)).
      type: str
    exit_code:
      description: The exit code of the command on the device.
      type: int
    output:
      description: What the command wrote to its standard output.
      type: str
    error:
      description: What it wrote to its standard error.
      type: str
    request_time:
      description: When JumpCloud sent the command.
      type: str
    response_time:
      description: When the device answered.
      type: str
    duration:
      description: Seconds from sending to answer.
      type: float
    user:
      description: The account the command ran as.
      type: str
    sudo:
      description: Whether it ran with sudo.
      type: bool
  sample:
    - id: 64a1b2c3d4e5f6a7b8c9d0f2
      command_id: 63f1c2d3e4f5a6b7c8d9e0f1
      command: Collect logs
      system_id: 63f1c2d3e4f5a6b7c8d9e0a1
      system: kiosk-1
      workflow_instance_id: 64a1b2c3d4e5f6a7b8c9d0e1
      exit_code: 0
      output: "12 files collected\n"
      error: ''
      request_time: '2026-06-20T08:14:03.120Z'
      response_time: '2026-06-20T08:14:09.871Z'
      duration: 6.751
      user: root
      sudo: false
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._commands import result_info
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import OBJECT_ID_FORM


def main():
    module = JumpCloudModule(
        argument_spec=dict(
            id=dict(type='str'),
            workflow_instance_id=dict(type='str'),
            command=dict(type='str'),
            system=dict(type='str'),
            full_output=dict(type='bool', default=True),
        ),
        mutually_exclusive=[('id', 'workflow_instance_id'), ('id', 'command'), ('id', 'system')],
        ids={'id': (OBJECT_ID_FORM, 'command result')},
    )
    with module.api_errors():
        results = result_info(module.client, module.resolver, module.params)
    module.exit_json(changed=False, results=results)


if __name__ == '__main__':
    main()
