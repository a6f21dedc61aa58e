#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_api
short_description: Call any documented JumpCloud API operation
version_added: 0.2.0
description:
  - Sends one request to the JumpCloud API (v1, v2 or Directory Insights) on the collection's client, with its
    authentication (API key or service account), region, organization id and retries, for the operations no module
    covers yet.
  - The operation is named by O(path) and O(method), or by O(operation_id). Either way it is checked, before anything is
    sent, against the index of the operations JumpCloud's OpenAPI documents declare (method, path and operationId; the
    documents themselves are not shipped). A method and path that no document declares are refused unless
    O(validate=false).
  - A GET, and a POST the documents make for a search (C(/api/search/*), Directory Insights event queries), only reads.
    It is sent in check mode too and reports C(changed=false). Every other request is a write. It reports
    C(changed=true) (use the C(changed_when) task keyword to say otherwise), and in check mode it is not sent, and the
    task returns the request it would send.
  - With O(paginate=true) a GET on a list reads every page (C(limit) and C(skip); v1 lists until their C(totalCount),
    v2 lists until a short page) and returns all the items in one list.
  - Prefer the modules where they exist; they compare before they write, so a second run changes nothing.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  path:
    description:
      - The path from the API root, with the version prefix, for example V(/api/systemusers),
        V(/api/v2/usergroups/{group_id}/members) or V(/insights/directory/v1/events). Placeholders in braces are filled
        from O(path_params).
      - It carries no query string (give O(query)) and no host; requests go to the region's hosts or O(api_url) only.
      - Exactly one of O(path) and O(operation_id) is required.
    type: str
  operation_id:
    description:
      - The operation by its operationId, as the v1, v2 and Directory Insights documents name it (V(systemusers_list),
        V(graph_userGroupMembersPost), V(directoryInsights_eventsPost)) or as JumpCloud's merged console document names
        it (V(getApiSystemusers), V(postApiV2UsergroupsByGroupIdMembers)). The method and path are the operation's.
    type: str
  method:
    description:
      - The HTTP method. Defaults to V(GET), or to the operation's method with O(operation_id) (another method is refused).
    type: str
    choices: [GET, POST, PUT, PATCH, DELETE]
  path_params:
    description: Values of the placeholders of the path (URL-encoded when they are filled in).
    type: dict
  query:
    description:
      - Query parameters. A list value is sent as the parameter repeated; a boolean as V(true) or V(false).
      - "JumpCloud's filter syntax applies: V(field:$eq:value) in v1, V(field:eq:value) in v2."
    type: dict
  body:
    description: The JSON body of a POST, PUT or PATCH (a dict or a list).
    type: raw
  secret_body:
    description:
      - Parts of the body that are secrets (passwords, shared secrets). They are merged into O(body) (a dict) key by key
        and sent with it, and, like every value given here, never shown in the task's output or logs.
    type: dict
  paginate:
    description:
      - Read every page of a list (GET only) and return all the items. A C(limit) in O(query) is the page size (100 by
        default, JumpCloud's largest for most lists).
    type: bool
    default: false
  validate:
    description:
      - Refuse, before any request, a method and path that JumpCloud's documents do not declare.
      - Set to V(false) to call an operation the documents do not have yet; such a request other than a GET counts as a
        write.
    type: bool
    default: true
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.attributes
notes:
  - Errors fail the task with the operation, the HTTP status (also in C(status)) and JumpCloud's message, like every
    module of the collection. Rate limits and server errors are retried as the client's rules say (a POST only when
    JumpCloud cannot have acted on it).
  - The API key, the client secret, the access token and the values of O(secret_body) never appear in the result.
seealso:
  - module: jcops.jumpcloud.jc_event_info
  - module: jcops.jumpcloud.jc_system_insights_info
'''

EXAMPLES = r'''
- name: Every user, all pages
  jcops.jumpcloud.jc_api:
    path: /api/systemusers
    query:
      sort: _id
      filter: department:$eq:Engineering
    paginate: true
  register: engineers

- name: Device groups, by operationId (the v2 document's name, or the console document's getApiV2Systemgroups)
  jcops.jumpcloud.jc_api:
    operation_id: groups_system_list
    query:
      filter: name:eq:Laptops
  register: laptops

- name: Add a user to a group (a write; in check mode it is only described)
  jcops.jumpcloud.jc_api:
    operation_id: graph_userGroupMembersPost
    path_params:
      group_id: "{{ group_id }}"
    body:
      op: add
      type: user
      id: "{{ user_id }}"

- name: Set a RADIUS server's secret, which stays out of the output
  jcops.jumpcloud.jc_api:
    method: PUT
    path: /api/radiusservers/{id}
    path_params:
      id: "{{ radius_server_id }}"
    body:
      name: Office Wi-Fi
      networkSourceIp: 203.0.113.10
    secret_body:
      sharedSecret: "{{ vault_radius_secret }}"

- name: Search users (a POST that reads, so it runs in check mode too and changes nothing)
  jcops.jumpcloud.jc_api:
    method: POST
    path: /api/search/systemusers
    body:
      searchFilter:
        searchTerm: ada
        fields: [username, email]
'''

RETURN = r'''
json:
  description:
    - JumpCloud's answer, decoded (C(null) for an empty answer, and for a write in check mode). With O(paginate), the
      items of every page in one list.
  returned: always
  type: raw
  sample:
    - _id: 5f0c1b2a3d4e5f6a7b8c9d01
      username: ada
method:
  description: The method sent (or that would be sent).
  returned: always
  type: str
  sample: GET
path:
  description: The path sent, placeholders filled.
  returned: always
  type: str
  sample: /api/systemusers
operation_id:
  description: The operationId of the documented operation, when there is one.
  returned: always
  type: str
  sample: systemusers_list
request:
  description: For a write, what is sent (or in check mode what would be sent); secret values are masked.
  returned: when the request is a write
  type: dict
  sample:
    method: POST
    path: /api/v2/usergroups/5f0c1b2a3d4e5f6a7b8c9d00/members
    query: {}
    body:
      op: add
      type: user
      id: 5f0c1b2a3d4e5f6a7b8c9d01
msg:
  description: What was read or sent, or would be sent.
  returned: always
  type: str
  sample: POST /api/v2/usergroups/5f0c1b2a3d4e5f6a7b8c9d00/members (graph_userGroupMembersPost) would be sent
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._api import METHODS, call
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule


def main():
    module = JumpCloudModule(
        argument_spec=dict(
            path=dict(type='str'),
            operation_id=dict(type='str'),
            method=dict(type='str', choices=list(METHODS)),
            path_params=dict(type='dict'),
            query=dict(type='dict'),
            body=dict(type='raw'),
            secret_body=dict(type='dict', no_log=True),
            paginate=dict(type='bool', default=False),
            validate=dict(type='bool', default=True),
        ),
        required_one_of=[('path', 'operation_id')],
        mutually_exclusive=[('path', 'operation_id')],
    )
    with module.api_errors():
        result = call(module.client, module.params)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
