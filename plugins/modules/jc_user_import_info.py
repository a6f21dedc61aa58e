#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_user_import_info
short_description: List the users Workday, Office 365 or Google Workspace offer for import into JumpCloud
version_added: 0.2.0
description:
  - Lists the users a source offers for import, each marked with whether JumpCloud has a user with its username or
    e-mail address already (then M(jcops.jumpcloud.jc_user_import) skips it).
  - V(workday) lists the workers of the Workday instance's custom report; with O(job_id), the results of an import
    job too.
  - V(office_365) and V(g_suite) list the directory's users available for import, and return the directory's domains
    and translation rules.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  job_id:
    description: With O(source=workday), the id of an import job whose results to return (RV(results)).
    type: str
  include_existing:
    description: Also list the users JumpCloud has already (with C(exists=true)).
    type: bool
    default: true
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.user_import
  - jcops.jumpcloud.jumpcloud.info_attributes
seealso:
  - module: jcops.jumpcloud.jc_user_import
  - module: jcops.jumpcloud.jc_directory_domain
  - module: jcops.jumpcloud.jc_translation_rule
'''

EXAMPLES = r'''
- name: Who Workday would bring in
  jcops.jumpcloud.jc_user_import_info:
    source: workday
    include_existing: false
  register: workers

- name: The results of an import job
  jcops.jumpcloud.jc_user_import_info:
    source: workday
    job_id: "{{ imported.job_id }}"
  register: job

- name: The Microsoft 365 users, domains and translation rules
  jcops.jumpcloud.jc_user_import_info:
    source: office_365
    directory: Microsoft 365
  register: m365
'''

RETURN = r'''
directory:
  description: The Workday instance or the directory, as JumpCloud returns it.
  returned: always
  type: dict
  sample: {id: 5f0c1b2a3d4e5f6a7b8c9d0f, name: Workday Import, reportUrl: "https://wd.example/report"}
users:
  description:
    - The users offered, sorted by username. C(username) is the source's, or the e-mail address's local part;
      C(fields) holds further JumpCloud user fields the source gives (Workday C(attributes), Google's department, job
      title...); C(source_id) is the user's id in Office 365 or Google Workspace.
  returned: always
  type: list
  elements: dict
  sample:
    - {username: ada.lovelace, email: ada.lovelace@example.com, firstname: Ada, lastname: Lovelace, source_id: null,
       fields: {attributes: [{name: EmployeeID, value: "1001"}]}, exists: false}
results:
  description: The import job's results (O(job_id)), one per user sent, as Workday returns them.
  returned: when O(job_id) is given
  type: list
  elements: dict
  sample:
    - {id: 5f0c1b2a3d4e5f6a7b8c9d10, status: finished, statusMsg: user created, meta: {username: ada.lovelace}}
domains:
  description: The directory's domains (Office 365 and Google Workspace).
  returned: when O(source) is V(office_365) or V(g_suite)
  type: list
  elements: dict
  sample: [{objectId: 5f0c1b2a3d4e5f6a7b8c9d11, domain: example.com, default: true}]
translation_rules:
  description: The directory's translation rules (Office 365 and Google Workspace).
  returned: when O(source) is V(office_365) or V(g_suite)
  type: list
  elements: dict
  sample: [{id: 5f0c1b2a3d4e5f6a7b8c9d12, builtIn: user_department, direction: export}]
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._imports import UserImportModule


def main():
    UserImportModule(info=True).run()


if __name__ == '__main__':
    main()
