#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_user
short_description: Manage JumpCloud users
version_added: 0.1.0
description:
  - Create, update, suspend, reactivate and delete JumpCloud users (system users).
  - The user is found by O(id), or by O(username) with an exact, case-sensitive match.
  - Only the options you give are managed; an option left out is never changed.
  - Lifecycle changes (O(suspended), O(account_locked), O(password_expired), O(reset_mfa)) go through
    JumpCloud's own state endpoints and are sent only when the user is not already in the asked state.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  username:
    description:
      - The user's login name, unique in the organization. Required unless O(id) is given.
      - With O(id), a different O(username) renames the user.
    type: str
  id:
    description:
      - The user's id. When given, the user must exist (ids are assigned by JumpCloud).
    type: str
  state:
    description:
      - V(present) creates the user if needed and sets the given options; V(absent) deletes the user.
      - To suspend rather than delete, use O(suspended).
    type: str
    choices: [present, absent]
    default: present
  email:
    description:
      - E-mail address, unique in the organization. Required to create a user.
    type: str
  firstname:
    description: First name.
    type: str
  middlename:
    description: Middle name.
    type: str
  lastname:
    description: Last name.
    type: str
  displayname:
    description: Name shown in the user portal and directories.
    type: str
  alternate_email:
    description: Alternate e-mail address.
    type: str
  department:
    description: Department.
    type: str
  job_title:
    description: Job title.
    type: str
  employee_identifier:
    description: Employee id from the HR system; JumpCloud requires it to be unique per user.
    type: str
  employee_type:
    description: Employee type (for example V(Full-time) or V(Contractor)).
    type: str
  company:
    description: Company.
    type: str
  cost_center:
    description: Cost center.
    type: str
  location:
    description: Location (office, site).
    type: str
  manager:
    description:
      - The user's manager, by username or id. An unknown manager fails the task before anything is written.
      - An empty string removes the manager.
    type: str
  description:
    description: Free-text description (up to 1024 characters).
    type: str
  phone_numbers:
    description:
      - The user's phone numbers. The list is the exact set (order does not matter); V([]) removes them all.
    type: list
    elements: dict
    suboptions:
      number:
        description: The phone number.
        type: str
        required: true
      type:
        description: Kind of number, for example V(work), V(mobile) or V(home).
        type: str
  addresses:
    description:
      - The user's postal addresses. The list is the exact set (order does not matter); V([]) removes them all.
    type: list
    elements: dict
    suboptions:
      type:
        description: Kind of address, for example V(work) or V(home).
        type: str
      street_address:
        description: Street and number.
        type: str
      extended_address:
        description: Further address line (suite, floor).
        type: str
      po_box:
        description: Post office box.
        type: str
      locality:
        description: City.
        type: str
      region:
        description: State or region.
        type: str
      postal_code:
        description: Postal code.
        type: str
      country:
        description: Country.
        type: str
  attributes:
    description:
      - Custom attributes as name and value pairs. The list is the exact set; V([]) removes them all.
    type: list
    elements: dict
    suboptions:
      name:
        description: Attribute name.
        type: str
        required: true
      value:
        description: Attribute value (up to 1024 characters).
        type: str
        required: true
  ldap_binding_user:
    description: Whether the user may bind to JumpCloud LDAP as a service account.
    type: bool
  sudo:
    description: Whether the user gets administrator (sudo) rights on every device bound to them.
    type: bool
  passwordless_sudo:
    description: Whether sudo works without a password for this user.
    type: bool
  enable_managed_uid:
    description: Whether JumpCloud enforces O(unix_uid) and O(unix_guid) on devices.
    type: bool
  unix_uid:
    description: UNIX user id on Linux and macOS devices.
    type: int
  unix_guid:
    description: UNIX primary group id on Linux and macOS devices.
    type: int
  password_never_expires:
    description: Whether the organization's password expiration policy skips this user.
    type: bool
  enable_user_portal_multifactor:
    description: Whether the user must use multi-factor authentication for the user portal.
    type: bool
  mfa:
    description:
      - MFA enrolment requirement. JumpCloud requires enrolment in MFA unless the user is excluded.
    type: dict
    suboptions:
      exclusion:
        description: Whether the user is excluded from the MFA requirement.
        type: bool
      exclusion_until:
        description: Date and time (ISO 8601) when the exclusion ends.
        type: str
      exclusion_days:
        description: Number of days the exclusion lasts.
        type: int
  password:
    description:
      - The user's password. Write-only; JumpCloud never returns it, so it cannot be compared.
      - Sent when the user is created, and on later runs only with O(update_password=always).
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) only when creating the user.
      - V(always) sends it on every run, which then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  suspended:
    description:
      - V(true) suspends the user (they can no longer log in anywhere); V(false) reactivates a suspended user.
    type: bool
  account_locked:
    description:
      - V(false) unlocks an account JumpCloud locked after too many failed logins.
      - V(true) is refused, because JumpCloud locks accounts itself and offers no API to lock one.
    type: bool
  password_expired:
    description:
      - V(true) expires the password now, so the user must choose a new one at the next login.
      - V(false) is refused; a new O(password) with O(update_password=always) clears the expiry.
    type: bool
  reset_mfa:
    description:
      - V(true) resets the user's TOTP enrolment, so they must enrol again. This is an action, sent on every
        run where it is V(true), and reported as a change.
    type: bool
  cascade_manager:
    description:
      - What happens to the direct reports when a user who is someone's manager is deleted (O(state=absent)).
      - V(clear) removes the manager from the direct reports; V(automatic) gives them the deleted user's own
        manager (or clears it when there is none); any other value is the username or id of their new manager.
      - Without it, deleting a manager fails with the list of their direct reports, and nothing is deleted.
    type: str
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_user_info
  - module: jcops.jumpcloud.jc_user_group
'''

EXAMPLES = r'''
- name: Create a user (credentials from JUMPCLOUD_API_KEY)
  jcops.jumpcloud.jc_user:
    username: jdoe
    email: jdoe@example.com
    firstname: Jane
    lastname: Doe
    department: Engineering
    job_title: Site Reliability Engineer
    manager: asmith
    phone_numbers:
      - number: "+1 555 0100"
        type: work
    attributes:
      - name: costCode
        value: "4711"

- name: Set credentials once for a play
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/jcops.jumpcloud.jumpcloud:
      api_key: "{{ vault_jumpcloud_api_key }}"
      region: eu
  tasks:
    - name: Give a new hire an initial password
      jcops.jumpcloud.jc_user:
        username: jdoe
        email: jdoe@example.com
        password: "{{ vault_initial_password }}"

- name: Suspend a leaver
  jcops.jumpcloud.jc_user:
    username: jdoe
    suspended: true

- name: Unlock an account and force a password change
  jcops.jumpcloud.jc_user:
    username: jdoe
    account_locked: false
    password_expired: true

- name: Delete a manager, handing their reports to their own manager
  jcops.jumpcloud.jc_user:
    username: asmith
    state: absent
    cascade_manager: automatic
'''

RETURN = r'''
user:
  description:
    - The user as JumpCloud returns it, without secrets; empty when the user does not exist.
    - In check mode, for a new user, the fields that would be sent.
  returned: always
  type: dict
  sample:
    _id: 5f0c1b2a3d4e5f6a7b8c9d0e
    username: jdoe
    email: jdoe@example.com
    firstname: Jane
    lastname: Doe
    department: Engineering
    state: ACTIVATED
    suspended: false
    account_locked: false
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "User 'jdoe' updated"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Action, Ensure, Entity, EntityModule, Field
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import list_objects
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind

USER = get_kind('user')

ENTITY = Entity(
    kind=USER,
    key='username',
    required_on_create=['email'],
    secret_update_option='update_password',
    fields=dict(
        email=Field(),
        firstname=Field(),
        middlename=Field(),
        lastname=Field(),
        displayname=Field(),
        alternate_email=Field('alternateEmail'),
        department=Field(),
        job_title=Field('jobTitle'),
        employee_identifier=Field('employeeIdentifier', max_length=256),
        employee_type=Field('employeeType'),
        company=Field(),
        cost_center=Field('costCenter'),
        location=Field(),
        manager=Field(ref='user'),
        description=Field(multiline=True),
        phone_numbers=Field('phoneNumbers', type='list', elements='dict', options=dict(
            number=Field(required=True), type=Field())),
        addresses=Field(type='list', elements='dict', options=dict(
            type=Field(), street_address=Field('streetAddress'), extended_address=Field('extendedAddress'),
            po_box=Field('poBox'), locality=Field(), region=Field(), postal_code=Field('postalCode'), country=Field())),
        attributes=Field(type='list', elements='dict', options=dict(name=Field(required=True), value=Field(required=True))),
        ldap_binding_user=Field(type='bool'),
        sudo=Field(type='bool'),
        passwordless_sudo=Field(type='bool'),
        enable_managed_uid=Field(type='bool'),
        unix_uid=Field(type='int'),
        unix_guid=Field(type='int'),
        password_never_expires=Field(type='bool', no_log=False),
        enable_user_portal_multifactor=Field(type='bool'),
        mfa=Field(type='dict', options=dict(
            exclusion=Field(type='bool'), exclusion_until=Field('exclusionUntil'), exclusion_days=Field('exclusionDays', type='int'))),
        password=Field(secret=True),
    ),
    actions=[
        Action('suspended', True, 'state/suspend', needed=lambda user: user.get('state') != 'SUSPENDED',
               effect=dict(state='SUSPENDED', suspended=True)),
        Action('suspended', False, 'state/activate', body={}, needed=lambda user: user.get('state') == 'SUSPENDED',
               effect=dict(state='ACTIVATED', suspended=False)),
        Action('account_locked', False, 'unlock', needed=lambda user: bool(user.get('account_locked')),
               effect=dict(account_locked=False)),
        Action('account_locked', True, refuse='account_locked=true is not possible: JumpCloud locks accounts itself '
                                              'after failed logins and has no API to lock one; use suspended=true'),
        Action('password_expired', True, 'expire', needed=lambda user: not user.get('password_expired'),
               effect=dict(password_expired=True)),
        Action('password_expired', False, refuse='password_expired=false is not possible: set a new password with '
                                                 'update_password=always to clear an expired password'),
        Action('reset_mfa', True, 'resetmfa', body={}, effect=dict(totp_enabled=False)),
    ],
)


class UserEnsure(Ensure):

    def delete_params(self, current):
        """Refuse to delete a manager unless cascade_manager says what happens to the direct reports."""
        cascade = self.params['cascade_manager']
        if cascade is None:
            reports = list_objects(self.client, USER, filters=[USER.name_filter(current['_id'], 'manager')],
                                   operation=self.describe('find the direct reports of'))
            reports = [user['username'] for user in reports if user.get('manager') == current['_id']]
            if reports:
                raise JumpCloudValueError(
                    "{0}: they manage {1} user(s) ({2}); set cascade_manager to clear, automatic or the username of "
                    "their new manager".format(self.describe('Cannot delete'), len(reports), ', '.join(sorted(reports))))
            return None
        if cascade == 'clear':
            return dict(cascade_manager='null')
        if cascade == 'automatic':
            return dict(cascade_manager=current.get('manager') or 'null')
        return dict(cascade_manager=self.resolver.id(USER, cascade, self.path('cascade_manager')))


def main():
    EntityModule(ENTITY, UserEnsure, argument_spec=dict(cascade_manager=dict(type='str'))).run()


if __name__ == '__main__':
    main()
