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
      - Whitespace around the key (the newline at the end of a vault file or a YAML block) is removed; a key that
        still holds a space, a control character or a non-ASCII character is refused before any request.
      - Mutually exclusive with O(client_id) and O(client_secret); one of the two kinds of credentials is required.
      - Never written to logs or task output, in any form.
    type: str
  client_id:
    description:
      - Client id of a JumpCloud service account (Settings > Service Accounts in the console), to authenticate with
        OAuth 2.0 client credentials instead of an administrator's API key. Needs O(client_secret).
      - The module asks the token endpoint for an access token once, when it sends its first request, and sends it in
        an C(Authorization) bearer header. The token is renewed when it expires, and once when the API refuses it (a
        revoked token, a rotated secret).
      - If not set, the value of the E(JUMPCLOUD_CLIENT_ID) environment variable is used.
    type: str
  client_secret:
    description:
      - Client secret of the service account O(client_id).
      - If not set, the value of the E(JUMPCLOUD_CLIENT_SECRET) environment variable is used.
      - Whitespace around it and around O(client_id) is removed, as for O(api_key).
      - Never written to logs or task output, in any form, and neither is the token it gets.
    type: str
  token_url:
    description:
      - OAuth 2.0 token endpoint of service accounts.
      - By default the region's (V(https://admin-oauth.id.jumpcloud.com/oauth2/token) for V(us),
        V(https://admin-oauth.id.eu.jumpcloud.com/oauth2/token) for V(eu),
        V(https://admin-oauth.id.in.jumpcloud.com/oauth2/token) for V(in)); with O(api_url), V(/oauth2/token) under it,
        so that credentials go only where the API requests go.
      - If not set, the value of the E(JUMPCLOUD_TOKEN_URL) environment variable is used.
    type: str
  org_id:
    description:
      - Organization id, sent as the C(x-org-id) header. Needed by multi-tenant (MSP) administrators to
        pick the organization; single-organization keys leave it unset.
      - If not set, the value of the E(JUMPCLOUD_ORG_ID) environment variable is used.
      - Whitespace around it is removed, as for O(api_key).
    type: str
  region:
    description:
      - JumpCloud region of the organization. A key only works in its own region; a key used in the wrong
        region is refused with HTTP 401.
      - V(us) is U(https://console.jumpcloud.com), V(eu) is U(https://console.eu.jumpcloud.com), V(in) is
        U(https://console.in.jumpcloud.com). Directory Insights is read from the region's API host
        (U(https://api.jumpcloud.com), U(https://api.eu.jumpcloud.com), U(https://api.in.jumpcloud.com)).
      - If not set, the value of the E(JUMPCLOUD_REGION) environment variable is used.
    type: str
    choices: [eu, in, us]
    default: us
  api_url:
    description:
      - Console root URL to use instead of the region's, for a proxy or a local simulator
        (for example V(http://127.0.0.1:8900)). V(/api) and V(/api/v2) are appended to it, and so is
        V(/insights/directory/v1) for Directory Insights.
      - Must be an C(http) or C(https) URL with a host and no query string; anything else is refused before any
        request.
      - Wins over O(region).
      - If not set, the value of the E(JUMPCLOUD_API_URL) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API endpoint.
      - Applies to every request, also when E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE) is set; with V(true), a
        bundle named by those variables (a corporate CA) is used for the verification.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP response, from 1 to 300.
      - A write that gets no answer in time may still have been applied; the error says so, and running the task
        again reads the current state first and sends only what is still missing.
    type: int
    default: 30
  max_retries:
    description:
      - How many times one request is retried, from 0 to 20.
      - Every request, a create (POST) included, is retried after HTTP 429 (rate limited) and HTTP 503 (service
        unavailable), which both mean that JumpCloud did not act on it. Reads, updates and deletes are also retried after
        another server error (HTTP 5xx), a timeout or a lost connection, which they survive unchanged; a create
        is retried after a connection failure only when the connection was never opened.
      - A request that cannot succeed as it is (a URL or header value that cannot be sent, a certificate that does
        not verify) is not retried.
      - Waits honour the C(Retry-After) header; otherwise they grow exponentially with jitter. No request,
        retries included, takes longer than five minutes.
    type: int
    default: 5
notes:
  - All options can be set once for a play with C(module_defaults) and the action group
    C(group/jcops.jumpcloud.jumpcloud).
  - Input is checked before any request, and a failure names the option. An C(id) must have the form of its kind's
    ids (24 hexadecimal digits for users, groups, systems, policies and the other directory objects). A name must not
    be empty. Text is at most the length JumpCloud documents for the field (1024 characters unless the option says
    otherwise) and holds no control characters; only descriptions, notes, certificates and command scripts may span
    several lines.
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
      - Mutually exclusive with O(client_id) and O(client_secret); one of the two kinds of credentials is required.
    type: str
    env:
      - name: JUMPCLOUD_API_KEY
  client_id:
    description:
      - Client id of a JumpCloud service account, to authenticate with OAuth 2.0 client credentials instead of an API
        key. Needs O(client_secret). The access token is asked for once and sent as an C(Authorization) bearer header.
    type: str
    env:
      - name: JUMPCLOUD_CLIENT_ID
  client_secret:
    description:
      - Client secret of the service account O(client_id). Better kept out of the file, like O(api_key).
    type: str
    env:
      - name: JUMPCLOUD_CLIENT_SECRET
  token_url:
    description:
      - OAuth 2.0 token endpoint of service accounts. By default the region's, or V(/oauth2/token) under O(api_url).
    type: str
    env:
      - name: JUMPCLOUD_TOKEN_URL
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
      - Applies to every request, also when E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE) is set; with V(true), a bundle
        named by those variables (a corporate CA) is used for the verification.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP response, from 1 to 300.
    type: int
    default: 30
  max_retries:
    description:
      - How many times one request is retried, from 0 to 20, after a rate limit (HTTP 429), HTTP 503, another server
        error, a timeout or a lost connection (the plugin only reads). A request that cannot succeed as it is (a URL
        or header value that cannot be sent, a certificate that does not verify) is not retried.
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
      - Costs one request per group and per 100 members, sent concurrently, and one request per 100 members for their
        names.
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
