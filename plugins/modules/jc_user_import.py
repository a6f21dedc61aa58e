#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: jc_user_import
short_description: Import users into JumpCloud from Workday, Office 365 or Google Workspace
version_added: 0.2.0
description:
  - Imports the users a source offers that JumpCloud does not have yet (no user with their username or e-mail address,
    compared without case); the others are skipped, so a rerun imports nothing and reports no change.
  - V(workday) starts one Workday import job with the users (read its results with
    M(jcops.jumpcloud.jc_user_import_info) and RV(job_id)).
  - V(office_365) and V(g_suite) create each user in JumpCloud (username from the e-mail address's local part, names and,
    from Google, the other fields it holds) and bind it to the directory (O(bind)), as the console's import does.
  - Every name in O(users) is checked before anything is sent; in check mode nothing is sent and RV(imported) lists who
    would be imported.
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  users:
    description:
      - The users to import, by username or e-mail address (without case); each must be offered by the source.
      - By default every user the source offers.
    type: list
    elements: str
  bind:
    description: With V(office_365) or V(g_suite), bind each imported user to the directory.
    type: bool
    default: true
extends_documentation_fragment:
  - jcops.jumpcloud.jumpcloud
  - jcops.jumpcloud.jumpcloud.user_import
  - jcops.jumpcloud.jumpcloud.attributes
seealso:
  - module: jcops.jumpcloud.jc_user_import_info
  - module: jcops.jumpcloud.jc_user
'''

EXAMPLES = r'''
- name: Bring in everyone Workday has that JumpCloud does not
  jcops.jumpcloud.jc_user_import:
    source: workday
  register: imported

- name: Import two Microsoft 365 users and bind them to the directory
  jcops.jumpcloud.jc_user_import:
    source: office_365
    directory: Microsoft 365
    users: [ada.lovelace@example.com, alan.turing]
'''

RETURN = r'''
imported:
  description: The usernames imported (would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: [ada.lovelace]
existing:
  description: The usernames asked for (or offered) that JumpCloud has already, skipped.
  returned: always
  type: list
  elements: str
  sample: [alan.turing]
job_id:
  description: The Workday import job's id; null for the other sources, in check mode, and when nothing was imported.
  returned: always
  type: str
  sample: 5f0c1b2a3d4e5f6a7b8c9d13
users:
  description: The JumpCloud users created (Office 365 and Google Workspace), as JumpCloud returns them.
  returned: always
  type: list
  elements: dict
  sample: [{_id: 5f0c1b2a3d4e5f6a7b8c9d14, username: ada.lovelace, email: ada.lovelace@example.com}]
msg:
  description: What happened, in one sentence.
  returned: always
  type: str
  sample: "2 users from Workday instance 'Workday Import' imported"
'''

from ansible_collections.jcops.jumpcloud.plugins.module_utils._imports import UserImportModule


def main():
    UserImportModule().run()


if __name__ == '__main__':
    main()
