# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the directory objects' modules manage (option -> API field), shared with the export.

``jc_user_group``, ``jc_system_group``, ``jc_radius_server`` and ``jc_policy_group`` run the ensure-state routine on
these entities; ``_export`` reads the same fields back into the options of the same modules, so an export is always
in the shape the modules take.
"""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Entity, Field, Members
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind

USER_GROUP = Entity(
    kind=get_kind('user_group'),
    key='name',
    members=Members(),
    fields=dict(
        description=Field(multiline=True),
        email=Field(),
        sudo=Field('attributes.sudo', type='dict', options=dict(
            enabled=Field(type='bool', required=True), without_password=Field('withoutPassword', type='bool', required=True))),
        posix_groups=Field('attributes.posixGroups', type='list', elements='dict', options=dict(
            id=Field(type='int', required=True), name=Field(required=True))),
        ldap_groups=Field('attributes.ldapGroups', type='list', elements='str',
                          encode=lambda names: [{'name': name} for name in names],
                          decode=lambda groups: [group.get('name') for group in groups]),
        radius_reply_attributes=Field('attributes.radius.reply', type='list', elements='dict', options=dict(
            name=Field(required=True), value=Field(required=True))),
        samba_enabled=Field('attributes.sambaEnabled', type='bool'),
    ),
)

SYSTEM_GROUP = Entity(
    kind=get_kind('system_group'),
    key='name',
    members=Members(),
    fields=dict(description=Field(multiline=True), email=Field()),
)

POLICY_GROUP = Entity(kind=get_kind('policy_group'), key='name', members=Members(), fields={})

RADIUS_ACTIONS = ['MAINTAIN', 'REMOVE']

RADIUS_SERVER = Entity(
    kind=get_kind('radius_server'),
    key='name',
    required_on_create=['network_source_ip', 'shared_secret'],
    secret_update_option='update_secret',
    fields=dict(
        network_source_ip=Field('networkSourceIp'),
        shared_secret=Field('sharedSecret', secret=True),
        mfa=Field(choices=['DISABLED', 'ENABLED', 'REQUIRED', 'ALWAYS']),
        auth_idp=Field('authIdp', choices=['JUMPCLOUD', 'AZURE'], create_only=True),
        user_lockout_action=Field('userLockoutAction', choices=RADIUS_ACTIONS, ignore_case=True),
        user_password_expiration_action=Field('userPasswordExpirationAction', choices=RADIUS_ACTIONS, ignore_case=True, no_log=False),
        user_password_enabled=Field('userPasswordEnabled', type='bool', no_log=False),
        user_cert_enabled=Field('userCertEnabled', type='bool'),
        device_cert_enabled=Field('deviceCertEnabled', type='bool'),
        ca_cert=Field('caCert', multiline=True, max_length=65536),
        ca_source=Field('caSource', choices=['NONE', 'BYOC', 'JUMPCLOUD_MANAGED']),
        require_tls_auth=Field('requireTlsAuth', type='bool'),
        radsec_enabled=Field('radsecEnabled', type='bool'),
        require_radsec=Field('requireRadsec', type='bool'),
        tags=Field('tagNames', update_api='tags', type='list', elements='str'),
    ),
)
