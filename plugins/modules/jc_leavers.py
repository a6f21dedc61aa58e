#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_leavers
short_description: Offboard JumpCloud users (leavers) in a safe order, many at once, resumably
version_added: 0.2.0
description:
  - Offboards a list of users in the order a careful administrator follows, for every leaver; (1) records on the
    account what the run is doing (a custom attribute, see below); (2) cancels their workflow access requests that
    await a decision and revokes the approved ones (and revokes the plain access requests given); (3) locks or erases
    their Apple devices when asked; (4) removes them from every static user group and every direct binding (devices,
    device groups, applications, RADIUS, directories, policies); (5) suspends or deletes the account.
  - Each step runs for all leavers at once, its requests sent concurrently (at most O(workers) in flight). A leaver
    whose step fails goes no further; the others go on, and the task fails naming each failed leaver.
  - Resumable. Every step compares before it acts, so a run stopped half-way (a fault, an interrupt) is finished by
    running the task again, and nothing done is sent twice.
  - A name that matches no user fails the task before anything is written, whatever O(action), unless JumpCloud's
    audit log (Directory Insights, kept 90 days) records the deletion of that user; then an earlier run deleted them
    and there is nothing left to do. When the log cannot be read, the task says so and fails.
  - "Devices are found from what outlives the unbinding: the devices bound to the leaver when the first run began
    (recorded in the C(jcopsOffboarding) custom attribute of the account, which stays after the run), the devices
    whose primary user is the leaver, and the devices bound now. A later run with O(devices=lock) after one without it
    still finds them. A device where the leaver only has a local account is listed in the result, never locked or
    erased. The devices of a user deleted by an earlier run are found through their primary user and the bindings
    the audit log records (90 days); when none is found, the result says so."
  - A membership of a dynamic group (from a member query) is left to the group's rules.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  leavers:
    description: The leavers, each a username or a user id. Two names for the same user are refused.
    type: list
    elements: str
    required: true
  action:
    description: V(suspend) keeps the accounts, suspended (they can be reactivated); V(delete) removes them.
    type: str
    choices: [suspend, delete]
    default: suspend
  cascade_manager:
    description:
      - With O(action=delete), what happens to a leaver's direct reports; V(clear), V(automatic) (the leaver's own
        manager), or the username of their new manager. See M(jcops.jumpcloud.jc_user).
      - Without it, a leaver who manages others is not deleted (that leaver fails, naming the reports).
    type: str
  revoke_access_requests:
    description: Cancel the leavers' workflow access requests awaiting a decision and revoke the approved ones.
    type: bool
    default: true
  access_request_ids:
    description: Ids of plain access requests to revoke (JumpCloud cannot list them).
    type: list
    elements: str
    default: []
  devices:
    description:
      - What to do with the leavers' Apple MDM devices; V(none), V(lock) or V(erase). A device already locked (or with a
        lock pending) is not locked again; an erased device has left MDM and is not erased again.
      - V(lock) and V(erase) cannot be undone by the device's user; choosing them is the confirmation.
    type: str
    choices: [none, lock, erase]
    default: none
  device_pin:
    description: The 6-digit PIN that unlocks a locked or erased Mac. Required to lock or erase a Mac.
    type: str
  remove_memberships:
    description: Remove the leavers from every static user group.
    type: bool
    default: true
  remove_bindings:
    description: Remove every direct binding of the leavers (devices, device groups, applications, RADIUS, directories, policies).
    type: bool
    default: true
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.workers
  - jcops.jumpcloud.jumpcloud.attributes
notes:
  - The C(jcopsOffboarding) custom attribute holds C({"action", "started", "systems"}) (the first run's start and the
    ids of the leaver's devices), at most 1,024 characters; devices beyond that are named in the result's warnings.
  - With C(--diff), one diff per leaver that changes (the account's state, its links by type, its devices).
seealso:
  - module: jcops.jumpcloud.jc_users
  - module: jcops.jumpcloud.jc_apple_mdm_device
  - module: jcops.jumpcloud.jc_event_info
'''

EXAMPLES = r'''
- name: Suspend this week's leavers and lock their Macs
  jcops.jumpcloud.jc_leavers:
    leavers: [jdoe, rroe]
    devices: lock
    device_pin: "{{ vault_leaver_pin }}"

- name: Delete leavers, handing their reports to their own manager
  jcops.jumpcloud.jc_leavers:
    leavers: "{{ lookup('ansible.builtin.file', 'leavers.txt').splitlines() }}"
    action: delete
    cascade_manager: automatic
'''

RETURN = r'''
leavers:
  description: One entry per leaver, in the order of O(leavers).
  returned: always
  type: list
  elements: dict
  contains:
    leaver:
      description: The leaver as given.
      type: str
    username:
      description: The username.
      type: str
    id:
      description: The user id.
      type: str
    status:
      description: V(offboarded), V(deleted earlier) (an earlier run or an administrator deleted the user), or V(failed).
      type: str
    changed:
      description: Whether anything was done (or would be, in check mode) for this leaver.
      type: bool
    deleted_on:
      description: When the user was deleted, for V(deleted earlier).
      type: str
    marker:
      description: Whether the run recorded (or updated) its marker on the account.
      type: bool
    access_requests_ended:
      description: The workflow access requests ended, each as C(<id> cancelled) or C(<id> revoked).
      type: list
      elements: str
    devices_found:
      description: Serial numbers of the leaver's Apple MDM devices (found when O(devices) is not V(none)).
      type: list
      elements: str
    device_ids:
      description:
        - The Apple MDM device ids of RV(leavers[].devices_found), in the same order (Directory Insights names a device
          by this id in its C(mdm_command_result) events).
      type: list
      elements: str
    devices:
      description: The devices acted on, each as C(<serial> locked) or C(<serial> erased).
      type: list
      elements: str
    local_accounts_on:
      description: Devices where the leaver only has a local account; listed, not acted on.
      type: list
      elements: str
    links_removed:
      description: The groups and bindings removed, names by graph type.
      type: dict
    account:
      description: V(suspended), V(deleted), V(unchanged) or V(deleted earlier).
      type: str
    notes:
      description: What was already as asked (a device already locked, or with a lock pending).
      type: list
      elements: str
    warnings:
      description:
        - What could not be done (a device that is not in Apple MDM, an approved request without a session to revoke,
          the devices of a deleted user that can no longer be found); also shown as warnings.
      type: list
      elements: str
    msg:
      description: Why the leaver failed, for V(failed).
      type: str
access_requests_revoked:
  description: The plain access requests revoked (of O(access_request_ids)).
  returned: always
  type: list
  elements: str
msg:
  description: What happened, counted.
  returned: always
  type: str
  sample: "3 leavers: 3 offboarded; changes made"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import DEFAULT_WORKERS, check_workers
from ansible_collections.jcops.jumpcloud.plugins.module_utils._leavers import Offboarding
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(argument_spec=dict(
        leavers=dict(type='list', elements='str', required=True),
        action=dict(type='str', default='suspend', choices=['suspend', 'delete']),
        cascade_manager=dict(type='str'),
        revoke_access_requests=dict(type='bool', default=True),
        access_request_ids=dict(type='list', elements='str', default=[]),
        devices=dict(type='str', default='none', choices=['none', 'lock', 'erase']),
        device_pin=dict(type='str', no_log=True),
        remove_memberships=dict(type='bool', default=True),
        remove_bindings=dict(type='bool', default=True),
        workers=dict(type='int', default=DEFAULT_WORKERS),
    ))
    with module.api_errors():
        check_workers(module.params['workers'])
        result = Offboarding(module).run()
    for entry in result['leavers']:
        for warning in entry['warnings']:
            module.warn('{0}: {1}'.format(entry['username'], warning))
    failed = ['{0}: {1}'.format(entry['username'], entry['msg']) for entry in result['leavers'] if entry['status'] == 'failed']
    if failed:
        result['msg'] = '{0}; failed: {1}'.format(result['msg'], '; '.join(failed))
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
