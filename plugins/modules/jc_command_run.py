#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_command_run
short_description: Run a JumpCloud command on devices and collect what they answer
version_added: 0.2.0
description:
  - Queues a JumpCloud command (found by name or id) on devices (the O(systems) named, the members of the
    O(system_groups) named, or else the devices the command is bound to, directly or through device groups), with
    C(POST /api/runCommand); or runs every command listening to a O(trigger), with C(POST /api/command/trigger/{name}).
  - Running is an action, not a state; every run queues the command again and reports C(changed). In check mode nothing
    is sent; the task says which command would run on which devices.
  - With O(wait=true) the task then polls the command results until every device answered or O(wait_timeout) passed,
    and returns each device's exit code, output, error and timing. A device that is off stays pending (JumpCloud keeps
    the command queued for it).
  - "Cost: the command's lookup (one request by name, one by id), one request per 100 devices of each group (or of the
    command's bindings), the run; with O(wait), one request per poll and per 100 results, and with O(full_output) one
    request per result once it arrived."
  - The command itself (its script, its bindings) is managed with C(jcops.jumpcloud.jc_command).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  command:
    description:
      - The command to run, by id or by exact name (a name several commands share is an error that lists their ids).
      - Exactly one of O(command) and O(trigger) is required.
    type: str
  systems:
    description:
      - The devices to run it on, by id, display name or hostname. With O(system_groups), the devices of both.
      - Without O(systems) and O(system_groups), the devices the command is bound to (directly or through device groups).
    type: list
    elements: str
  system_groups:
    description: Run it on the members of these device groups, by name or id.
    type: list
    elements: str
  trigger:
    description:
      - Run every command whose launch type is C(trigger) with this trigger name, each on the devices bound to it.
    type: str
  trigger_data:
    description: With O(trigger), a JSON object passed to the commands (JumpCloud makes its keys variables of the script).
    type: dict
  wait:
    description: Wait for the devices' results (polling), up to O(wait_timeout) seconds.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for every device to answer. Devices that did not answer by then are in RV(pending), with a
        warning; the task does not fail (use C(failed_when) on RV(timed_out) for that).
    type: int
    default: 120
  poll_interval:
    description: Seconds between two reads of the results while waiting.
    type: float
    default: 5
  full_output:
    description:
      - Read each result whole, one request per device. Otherwise the listing's is used, in which JumpCloud cuts the
        output and the error to 40 characters.
    type: bool
    default: true
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
notes:
  - JumpCloud keeps the output a device reports; very long outputs may be cut by the agent. The output of a run is also
    readable later with M(jcops.jumpcloud.jc_command_result_info) and RV(workflow_instance_id).
  - The results of a O(trigger) run are the results of its commands requested since the trigger was sent (less five
    seconds for clocks that differ), since JumpCloud answers a trigger without a run id.
seealso:
  - module: jcops.jumpcloud.jc_command_result_info
'''

EXAMPLES = r'''
- name: Collect the FileVault status of the Engineering laptops
  jcops.jumpcloud.jc_command_run:
    command: FileVault status
    system_groups: [Engineering laptops]
    wait: true
    wait_timeout: 300
    poll_interval: 10
  register: filevault

- name: The laptops whose answer was not "FileVault is On."
  ansible.builtin.debug:
    msg: "{{ filevault.results | rejectattr('output', 'search', 'FileVault is On') | map(attribute='system') | list }}"

- name: Fail when a device answered with a non-zero exit code, or did not answer in time
  jcops.jumpcloud.jc_command_run:
    command: Rotate local admin password
    systems: [web-1, web-2.example.com]
    wait: true
  register: rotation
  failed_when: rotation.timed_out or (rotation.results | rejectattr('exit_code', 'equalto', 0) | list | length > 0)

- name: Fire a trigger with variables (queued only; the results are read later)
  jcops.jumpcloud.jc_command_run:
    trigger: deploy-agent-config
    trigger_data:
      release: "2026.06"
  register: triggered
'''

RETURN = r'''
command:
  description: The command run, as JumpCloud returns it; C(null) when a trigger ran several.
  returned: always
  type: dict
  sample:
    _id: 63f1c2d3e4f5a6b7c8d9e0f1
    name: FileVault status
    command: fdesetup status
    commandType: mac
    launchType: manual
    timeout: '120'
commands:
  description: The commands run (one, or those a trigger ran).
  returned: always
  type: list
  elements: dict
systems:
  description: The devices the command was queued on (would be, in check mode), by id and name.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 63f1c2d3e4f5a6b7c8d9e0a1
      name: ada-mbp
workflow_instance_id:
  description: The id of this run; M(jcops.jumpcloud.jc_command_result_info) reads its results with it. C(null) in check
    mode and for a trigger.
  returned: always
  type: str
  sample: 64a1b2c3d4e5f6a7b8c9d0e1
queue_ids:
  description: The ids of the queued commands, one per device.
  returned: when O(command) is given
  type: list
  elements: str
triggered:
  description: The ids of the commands the trigger ran.
  returned: when O(trigger) is given
  type: list
  elements: str
results:
  description:
    - With O(wait), one entry per device that answered, in the order of RV(systems).
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
      description: The run's id (C(null) with O(full_output=false), since the listing does not carry it).
      type: str
    exit_code:
      description: The exit code of the command on the device.
      type: int
    output:
      description: What the command wrote to its standard output (40 characters at most with O(full_output=false)).
      type: str
    error:
      description: What it wrote to its standard error (40 characters at most with O(full_output=false)).
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
      command: FileVault status
      system_id: 63f1c2d3e4f5a6b7c8d9e0a1
      system: ada-mbp
      workflow_instance_id: 64a1b2c3d4e5f6a7b8c9d0e1
      exit_code: 0
      output: "FileVault is On.\n"
      error: ''
      request_time: '2026-06-20T08:14:03.120Z'
      response_time: '2026-06-20T08:14:09.871Z'
      duration: 6.751
      user: root
      sudo: false
pending:
  description: With O(wait), the devices that had not answered when O(wait_timeout) passed (C(id), C(name), C(command_id)).
  returned: always
  type: list
  elements: dict
timed_out:
  description: Whether some devices had not answered when O(wait_timeout) passed.
  returned: always
  type: bool
  sample: false
msg:
  description: What was queued where (would be, in check mode), and with O(wait) how many answered.
  returned: always
  type: str
  sample: "Command 'FileVault status' queued on 2 systems (ada-mbp, linus-mbp); 2 answered"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._commands import run_command, run_trigger
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(
        argument_spec=dict(
            command=dict(type='str'),
            systems=dict(type='list', elements='str'),
            system_groups=dict(type='list', elements='str'),
            trigger=dict(type='str'),
            trigger_data=dict(type='dict'),
            wait=dict(type='bool', default=False),
            wait_timeout=dict(type='int', default=120),
            poll_interval=dict(type='float', default=5),
            full_output=dict(type='bool', default=True),
        ),
        required_one_of=[('command', 'trigger')],
        mutually_exclusive=[('command', 'trigger'), ('trigger', 'systems'), ('trigger', 'system_groups')],
        required_by={'trigger_data': 'trigger'},
    )
    with module.api_errors():
        run = run_trigger if module.params['trigger'] else run_command
        result = run(module.client, module.resolver, module.params)
    if result['timed_out']:
        module.warn('{0} device(s) did not answer within {1} seconds: {2}'.format(
            len(result['pending']), module.params['wait_timeout'], ', '.join(item['name'] for item in result['pending'])))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
