# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the JumpCloud graph (v2): group membership and associations between directory objects."""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import list_objects
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind


def member_of(client, member_type, member_id):
    """Ids of the groups an object belongs to, directly or through nested groups (``/memberof``)."""
    kind = get_kind(member_type)
    path = '{0}/{1}/memberof'.format(kind.graph_path, member_id)
    return [item['id'] for item in client.paginate(path, operation="list the groups of {0} '{1}'".format(kind.label, member_id))]


class GroupNames:
    """Group id -> name for one group kind, listed once and reused for many lookups."""

    def __init__(self, client, group_kind):
        self.client = client
        self.kind = group_kind
        self.names = {group['id']: group['name'] for group in list_objects(client, group_kind)}

    def of_member(self, member_type, member_id):
        """The groups of this kind that the object belongs to, as ``[{id, name}]`` sorted by name."""
        groups = [{'id': group_id, 'name': self.names[group_id]}
                  for group_id in member_of(self.client, member_type, member_id) if group_id in self.names]
        return sorted(groups, key=lambda group: (group['name'], group['id']))
