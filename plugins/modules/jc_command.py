#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_command
short_description: Manage JumpCloud commands (scripts run on devices)
version_added: 0.2.0
description:
  - Create, update and delete JumpCloud commands, the scripts JumpCloud runs on Linux, macOS and Windows devices (the
    script, the shell and user it runs as, its time limit, and when it runs, by hand, on a schedule or when its
    trigger is called).
  - The command is found by O(id), or by O(name) with an exact, case-sensitive match. Command names need not be
    unique in JumpCloud; a name two commands share fails the task, listing their ids (give O(id) then).
  - Only the options you give are managed; an option left out is never changed. JumpCloud's command list shows a
    command without its user, shell and time limit and cuts its script at 10,000 characters, so the module reads the
    command it finds in full before comparing.
  - Which devices the command runs on is set with M(jcops.jumpcloud.jc_association) (bind it to systems or system
    groups).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The command's name. Required unless O(id) is given.
      - With O(id), a different O(name) renames the command.
    type: str
  id:
    description: The command's id. When given, the command must exist.
    type: str
  state:
    description: V(present) creates or updates the command; V(absent) deletes it (its bindings go with it).
    type: str
    choices: [present, absent]
    default: present
  command:
    description: The script to run. Required to create a command.
    type: str
  command_type:
    description:
      - The operating system the command is for. JumpCloud creates a V(linux) command when it is not given.
    type: str
    choices: [linux, mac, windows]
  user:
    description:
      - Who the command runs as on Linux and macOS devices, by username or id of a JumpCloud user bound to the device,
        or V(root).
      - A Linux or macOS command created without it runs as V(root).
    type: str
  shell:
    description: The shell that runs the script, for example V(/bin/bash), V(powershell) or V(cmd).
    type: str
  command_timeout:
    description:
      - Seconds the command may run on a device before it is stopped (at most 86400, one day); JumpCloud's C(timeout).
      - Not the common option O(timeout), which is how long the module waits for each API request.
    type: int
  launch_type:
    description:
      - How the command is started. V(manual) when run from the console or the API, V(trigger) when its O(trigger) is
        called, V(repeated) on its O(schedule), V(one-time) once at its O(schedule).
    type: str
    choices: [manual, trigger, repeated, one-time]
  schedule:
    description:
      - When a V(repeated) or V(one-time) command runs, as a crontab with seconds
        (V(0 0 3 * * 1) is Mondays at 03:00), or V(immediate).
    type: str
  schedule_repeat_type:
    description: How a V(repeated) command repeats (for example V(day), V(week), V(month)), as the console sets it.
    type: str
  trigger:
    description: The name of the trigger that starts a V(trigger) command (C(POST /api/command/trigger/<name>)).
    type: str
  description:
    description: Description of the command.
    type: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_association
  - module: jcops.jumpcloud.jc_resolve
  - name: JumpCloud commands
    description: What commands can do and how they run.
    link: https://jumpcloud.com/support/get-started-commands
'''

EXAMPLES = r'''
- name: A weekly patch run on Linux servers, as root, stopped after an hour
  jcops.jumpcloud.jc_command:
    name: Weekly patch
    command: apt-get update && apt-get -y upgrade
    command_type: linux
    shell: /bin/bash
    command_timeout: 3600
    launch_type: repeated
    schedule: 0 0 3 * * 1
    schedule_repeat_type: week

- name: Run it on the build servers
  jcops.jumpcloud.jc_association:
    source_type: command
    source: Weekly patch
    target_type: system_group
    targets: [Build servers]

- name: A Windows command a webhook starts
  jcops.jumpcloud.jc_command:
    name: Rotate logs
    command: Get-ChildItem C:\logs -Filter *.log | Remove-Item
    command_type: windows
    shell: powershell
    launch_type: trigger
    trigger: rotate-logs

- name: Delete a command
  jcops.jumpcloud.jc_command:
    name: Old cleanup
    state: absent
'''

RETURN = r'''
command:
  description: The command as JumpCloud returns it; empty when it does not exist. In check mode, for a new command, the
    fields that would be sent.
  returned: always
  type: dict
  sample:
    _id: 5f0c1b2a3d4e5f6a7b8c9d5a
    name: Weekly patch
    command: apt-get update && apt-get -y upgrade
    commandType: linux
    user: "000000000000000000000000"
    shell: /bin/bash
    timeout: "3600"
    launchType: repeated
    schedule: 0 0 3 * * 1
    scheduleRepeatType: week
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "Command 'Weekly patch' updated"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Ensure, Entity, EntityModule, Field
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind

ROOT = '000000000000000000000000'  # how JumpCloud records a command that runs as root


def seconds(value):
    """JumpCloud keeps the time limit as text ("3600"); the option is a number."""
    return int(value) if str(value).isdigit() else value


# A command's script has no documented limit (its list view cuts it to 10,000 characters): 1 MiB bounds it.
COMMAND_MAX = 1024 * 1024

ENTITY = Entity(
    kind=get_kind('command'),
    key='name',
    required_on_create=['command'],
    fields=dict(
        command=Field(multiline=True, max_length=COMMAND_MAX),
        command_type=Field('commandType', choices=['linux', 'mac', 'windows']),
        user=Field(ref='user', builtin_refs={'root': ROOT}),
        shell=Field(),
        command_timeout=Field('timeout', type='int', encode=str, decode=seconds),
        launch_type=Field('launchType', choices=['manual', 'trigger', 'repeated', 'one-time']),
        schedule=Field(),
        schedule_repeat_type=Field('scheduleRepeatType'),
        trigger=Field(no_log=False),
        description=Field(multiline=True),
    ),
)


class CommandEnsure(Ensure):

    def wanted(self, renaming=True):
        """A Linux or macOS command is created to run as root unless the task names its user (JumpCloud needs one)."""
        wanted = super().wanted(renaming)
        if self.current is None and self.params['user'] is None and self.params['command_type'] != 'windows':
            wanted['user'] = ROOT
        return wanted


def main():
    EntityModule(ENTITY, CommandEnsure).run()


if __name__ == '__main__':
    main()
