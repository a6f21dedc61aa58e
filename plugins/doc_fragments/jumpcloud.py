# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The common options of every jcops.jumpcloud module, and their attributes."""

    DOCUMENTATION = r'''
options:
  api_key:
    description:
      - JumpCloud API key of an administrator, sent as the C(x-api-key) header.
      - If not set, the value of the E(JUMPCLOUD_API_KEY) environment variable is used.
      - Never written to logs or task output.
    type: str
  org_id:
    description:
      - Organization id, sent as the C(x-org-id) header. Needed by multi-tenant (MSP) administrators to
        pick the organization; single-organization keys leave it unset.
      - If not set, the value of the E(JUMPCLOUD_ORG_ID) environment variable is used.
    type: str
  region:
    description:
      - JumpCloud region of the organization. A key only works in its own region; a key used in the wrong
        region is refused with HTTP 401.
      - V(us) is U(https://console.jumpcloud.com), V(eu) is U(https://console.eu.jumpcloud.com), V(in) is
        U(https://console.in.jumpcloud.com).
      - If not set, the value of the E(JUMPCLOUD_REGION) environment variable is used.
    type: str
    choices: [eu, in, us]
    default: us
  api_url:
    description:
      - Console root URL to use instead of the region's, for a proxy or a local simulator
        (for example V(http://127.0.0.1:8900)). V(/api) and V(/api/v2) are appended to it.
      - Wins over O(region).
      - If not set, the value of the E(JUMPCLOUD_API_URL) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API endpoint.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP response.
    type: int
    default: 30
  max_retries:
    description:
      - How many times one request is retried after a rate limit (HTTP 429), HTTP 503, or (for reads, updates
        and deletes only) another server error or a lost connection.
      - Waits honour the C(Retry-After) header; otherwise they grow exponentially with jitter. No request,
        retries included, takes longer than five minutes.
    type: int
    default: 5
notes:
  - All options can be set once for a play with C(module_defaults) and the action group
    C(group/jcops.jumpcloud.jumpcloud).
  - The module runs where the task runs (normally the controller, with C(connection=local) or
    C(delegate_to=localhost)) and needs the Python library C(requests) there.
requirements:
  - requests
'''

    ATTRIBUTES = r'''
attributes:
  check_mode:
    description: Can run in check mode and report what would change without sending any write to JumpCloud.
    support: full
  diff_mode:
    description: Returns the field-level changes (before and after) in diff mode; secrets are never shown.
    support: full
  action_group:
    description: Part of the action group C(jcops.jumpcloud.jumpcloud), for C(module_defaults).
    support: full
    membership:
      - jcops.jumpcloud.jumpcloud
'''

    PLUGIN = r'''
options:
  api_key:
    description:
      - JumpCloud API key of an administrator, sent as the C(x-api-key) header.
      - Better kept out of the file; the environment variable is read when the option is not set, and a value in the
        file can be vault-encrypted.
    type: str
    env:
      - name: JUMPCLOUD_API_KEY
  org_id:
    description:
      - Organization id, sent as the C(x-org-id) header. Needed by multi-tenant (MSP) administrators to pick the
        organization; single-organization keys leave it unset.
    type: str
    env:
      - name: JUMPCLOUD_ORG_ID
  region:
    description:
      - JumpCloud region of the organization. A key only works in its own region; a key used in the wrong region is
        refused with HTTP 401.
      - V(us) is U(https://console.jumpcloud.com), V(eu) is U(https://console.eu.jumpcloud.com), V(in) is
        U(https://console.in.jumpcloud.com).
    type: str
    choices: [eu, in, us]
    default: us
    env:
      - name: JUMPCLOUD_REGION
  api_url:
    description:
      - Console root URL to use instead of the region's, for a proxy or a local simulator (for example
        V(http://127.0.0.1:8900)). V(/api) and V(/api/v2) are appended to it.
      - Wins over O(region).
    type: str
    env:
      - name: JUMPCLOUD_API_URL
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API endpoint.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP response.
    type: int
    default: 30
  max_retries:
    description:
      - How many times one request is retried after a rate limit (HTTP 429), HTTP 503, or another server error or a
        lost connection (the plugin only reads).
      - Waits honour the C(Retry-After) header; otherwise they grow exponentially with jitter. No request, retries
        included, takes longer than five minutes.
    type: int
    default: 5
requirements:
  - requests
'''

    GROUP = r'''
options:
  id:
    description: The group's id. When given, the group must exist.
    type: str
  state:
    description:
      - V(present) creates the group if needed and sets the given options and members; V(absent) deletes it (its
        memberships and bindings go with it).
    type: str
    choices: [present, absent]
    default: present
  purge_members:
    description: Remove the members that are not in O(members), making it the exact membership.
    type: bool
    default: false
'''

    USER_IMPORT = r'''
options:
  source:
    description: Where the users come from.
    type: str
    required: true
    choices: [workday, office_365, g_suite]
  directory:
    description:
      - The Workday instance, or the Office 365 or Google Workspace directory, by name or id.
      - Without it, the only one there is (several are an error naming them).
    type: str
'''

    DIRECTORY_ITEM = r'''
options:
  directory_type:
    description: The kind of directory.
    type: str
    required: true
    choices: [office_365, g_suite]
  directory:
    description: The directory, by name or id; without it, the only directory of O(directory_type).
    type: str
  state:
    description: V(present) adds it; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
'''

    INFO = r'''
options:
  id:
    description: The id of the one object to return.
    type: str
  filter:
    description:
      - Field and value pairs that every returned object matches exactly. Fields are named as JumpCloud names them
        in its API (for example V(name), V(membershipMethod), V(attributes.sudo.enabled)); a list value matches any
        of its items.
      - Without O(filter) (and without a name or O(id)), every object is returned. Lists are paged through completely.
    type: dict
'''

    GROUP_INFO = r'''
options:
  include_members:
    description:
      - Add to each group a C(members) list with the id and name of each direct member.
      - Costs one request per group and per 100 members, sent concurrently; names of many members are read with one
        listing of the member kind.
    type: bool
    default: false
'''

    INFO_ATTRIBUTES = r'''
attributes:
  check_mode:
    description: Only reads from JumpCloud, so it runs the same in check mode.
    support: full
  diff_mode:
    description: Reads only; there is nothing to diff.
    support: N/A
  action_group:
    description: Part of the action group C(jcops.jumpcloud.jumpcloud), for C(module_defaults).
    support: full
    membership:
      - jcops.jumpcloud.jumpcloud
'''
