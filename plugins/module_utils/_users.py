# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What jc_user and jc_users manage: the user entity (option -> API field, lifecycle actions) and its routine.

Both modules run the same ``Entity`` through the same ``Ensure`` subclass, so a user in a list is checked, compared,
written and reported exactly like a user on its own.
"""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Action, Ensure, Entity, Field
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


# Options of a user task beside the entity's fields.
USER_OPTIONS = dict(cascade_manager=dict(type='str'))
