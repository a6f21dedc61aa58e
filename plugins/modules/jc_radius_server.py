#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_radius_server
short_description: Manage JumpCloud RADIUS servers
version_added: 0.1.0
description:
  - Create, update and delete JumpCloud cloud RADIUS servers (the RADIUS service your Wi-Fi controllers,
    VPN concentrators and switches authenticate against).
  - The server is found by O(id), or by O(name) with an exact, case-sensitive match.
  - Only the options you give are managed; an option left out is never changed.
  - The shared secret is write-only. JumpCloud never returns it, so it cannot be compared; it is sent when the
    server is created, and afterwards only with O(update_secret=always).
  - Which users can authenticate is set by binding user groups to the server with
    M(jcops.jumpcloud.jc_association).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  name:
    description:
      - The server's name, unique among RADIUS servers. Required unless O(id) is given.
      - With O(id), a different O(name) renames the server.
    type: str
  id:
    description: The server's id. When given, the server must exist.
    type: str
  state:
    description: V(present) creates or updates the server; V(absent) deletes it (its bindings go with it).
    type: str
    choices: [present, absent]
    default: present
  network_source_ip:
    description:
      - Public IP address that RADIUS requests to this server come from (your network's egress address).
        JumpCloud answers only requests from this address.
      - Required to create a server.
    type: str
  shared_secret:
    description:
      - The RADIUS shared secret between the server and its clients. Required to create a server.
      - Write-only; JumpCloud never returns it, so it is never compared and never shown in output or diffs.
      - Sent when the server is created, and on later runs only with O(update_secret=always).
    type: str
  update_secret:
    description:
      - V(on_create) sends O(shared_secret) only when creating the server; a secret changed later (in the console or
        by another task) is left alone.
      - V(always) sends O(shared_secret) on every run, to rotate the secret or enforce a known one. Because the stored
        secret cannot be read back, the module cannot tell whether it already matches, so every such run is an
        update and reports C(changed).
    type: str
    choices: [on_create, always]
    default: on_create
  mfa:
    description:
      - Multi-factor authentication (TOTP or push) for logins through this server.
      - V(DISABLED) turns it off. V(ENABLED) challenges users who have MFA set up. V(REQUIRED) challenges every
        user unless they are in an MFA enrolment period. V(ALWAYS) challenges every user, even during enrolment.
    type: str
    choices: [DISABLED, ENABLED, REQUIRED, ALWAYS]
  auth_idp:
    description:
      - Identity provider the server authenticates users against.
      - Set only when the server is created; JumpCloud's update does not take it. A different value for an existing
        server fails the task before anything is written (delete and recreate the server to change it).
    type: str
    choices: [JUMPCLOUD, AZURE]
  user_lockout_action:
    description:
      - What happens when JumpCloud locks a user out after failed logins. V(REMOVE) takes the user off the server
        (they can no longer authenticate through it); V(MAINTAIN) lets them keep authenticating.
      - JumpCloud documents these values in upper and in lower case; the value held is compared without regard to
        case, so C(maintain) already satisfies V(MAINTAIN).
    type: str
    choices: [MAINTAIN, REMOVE]
  user_password_expiration_action:
    description:
      - What happens when a user's JumpCloud password expires. V(REMOVE) takes the user off the server;
        V(MAINTAIN) lets them keep authenticating.
      - Compared without regard to case, like O(user_lockout_action).
    type: str
    choices: [MAINTAIN, REMOVE]
  user_password_enabled:
    description: Whether users can authenticate with their JumpCloud password (PAP, EAP-TTLS/PAP, PEAP).
    type: bool
  user_cert_enabled:
    description: Whether users can authenticate with a user certificate (EAP-TLS).
    type: bool
  device_cert_enabled:
    description: Whether devices can authenticate with a device certificate (EAP-TLS).
    type: bool
  ca_cert:
    description: PEM certificate of the certificate authority that signs client certificates (with O(ca_source=BYOC)).
    type: str
  ca_source:
    description:
      - Where the certificate authority for certificate-based authentication comes from. V(NONE) for none,
        V(BYOC) for your own (O(ca_cert)), V(JUMPCLOUD_MANAGED) for JumpCloud's.
    type: str
    choices: [NONE, BYOC, JUMPCLOUD_MANAGED]
  require_tls_auth:
    description: Whether clients must use a TLS-based EAP method.
    type: bool
  radsec_enabled:
    description: Whether the server accepts RADIUS over TLS (RadSec).
    type: bool
  require_radsec:
    description: Whether clients must use RadSec.
    type: bool
  tags:
    description:
      - Tag names on the server. The list is the exact set (order does not matter); V([]) removes them all.
    type: list
    elements: str
notes:
  - JumpCloud takes the tags as C(tagNames) when a server is created and as C(tags) when it is updated, and returns
    them as C(tagNames); the module sends each operation the name it documents and compares with C(tagNames).
  - Every update carries the server's O(name) and O(network_source_ip), which JumpCloud's update requires; the shared
    secret, which it also lists, is sent only when it is rotated (O(update_secret=always)).
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_radius_server_info
  - module: jcops.jumpcloud.jc_association
  - name: RADIUS API attributes for user lockout and password expiration
    description: JumpCloud's description of O(user_lockout_action) and O(user_password_expiration_action).
    link: https://jumpcloud.com/support/radius-api-attributes-for-user-lockout-and-password-expiration
'''

EXAMPLES = r'''
- name: Office Wi-Fi authenticates against JumpCloud, with MFA for enrolled users
  jcops.jumpcloud.jc_radius_server:
    name: Office Wi-Fi
    network_source_ip: 203.0.113.10
    shared_secret: "{{ vault_radius_secret }}"
    mfa: ENABLED
    user_lockout_action: REMOVE
    user_password_expiration_action: MAINTAIN
    tags: [office, wifi]

- name: Let the Wi-Fi users group authenticate
  jcops.jumpcloud.jc_association:
    source_type: radius_server
    source: Office Wi-Fi
    target_type: user_group
    targets: [Wi-Fi users]

- name: Rotate the shared secret (reports a change on every run)
  jcops.jumpcloud.jc_radius_server:
    name: Office Wi-Fi
    shared_secret: "{{ vault_radius_secret_2025 }}"
    update_secret: always

- name: The office moved to a new public address
  jcops.jumpcloud.jc_radius_server:
    name: Office Wi-Fi
    network_source_ip: 198.51.100.7

- name: Delete the server
  jcops.jumpcloud.jc_radius_server:
    name: Office Wi-Fi
    state: absent
'''

RETURN = r'''
radius_server:
  description:
    - The server as JumpCloud returns it, without the shared secret; empty when it does not exist.
    - In check mode, for a new server, the fields that would be sent.
  returned: always
  type: dict
  sample:
    _id: 63f1c2d3e4f5a6b7c8d9e0f1
    name: Office Wi-Fi
    networkSourceIp: 203.0.113.10
    mfa: ENABLED
    authIdp: JUMPCLOUD
    userLockoutAction: REMOVE
    userPasswordExpirationAction: MAINTAIN
    userPasswordEnabled: true
    userCertEnabled: false
    deviceCertEnabled: false
    caSource: NONE
    tagNames: [office, wifi]
    organization: 5f0c1b2a3d4e5f6a7b8c9d00
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "RADIUS server 'Office Wi-Fi' created"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entities import RADIUS_SERVER as ENTITY
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import EntityModule


def main():
    EntityModule(ENTITY).run()


if __name__ == '__main__':
    main()
