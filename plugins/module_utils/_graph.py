# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JumpCloud graph (v2): the direct edges between directory objects, read and changed.

An edge is one of three things, depending on the pair of types:
- an association (user -> system, user_group -> application, policy -> system_group...), read at
  ``/<source>/{id}/associations?targets=<type>`` and changed with a POST there;
- a group's membership seen from the group (user_group -> user), read at ``/<group>/{id}/members``;
- a membership seen from the member (user -> user_group), read at ``/<member>/{id}/memberof`` (direct
  memberships only) and changed at the group's ``/members``.
Which pairs are legal comes from the resource table (the official GraphOperation-<Kind> schemas).
"""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudConflict, JumpCloudNotFound, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import values_equal
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import list_objects
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import MEMBERSHIPS, get_kind, graph_targets

DYNAMIC_METHODS = ('DYNAMIC_AUTOMATED', 'DYNAMIC_REVIEW_REQUIRED')

# Requests in flight at once, by default and at most: the client's connection pool keeps 10 connections, and more
# threads would open and drop connections.
DEFAULT_WORKERS = 8
MAX_WORKERS = 10


def check_workers(workers):
    """``workers`` if it is a number from 1 to MAX_WORKERS; JumpCloudValueError otherwise."""
    if not isinstance(workers, int) or isinstance(workers, bool) or not 1 <= workers <= MAX_WORKERS:
        raise JumpCloudValueError('workers must be a number from 1 to {0}, not {1!r}'.format(MAX_WORKERS, workers))
    return workers


def edge_kind(source_type, target_type, option=None):
    """'association', 'members' or 'memberof' for a legal pair; JumpCloudValueError naming the legal ones otherwise
    (after ``option``, the option that holds the target type, when given)."""
    if (source_type, target_type) in MEMBERSHIPS:
        return 'members'
    if (target_type, source_type) in MEMBERSHIPS:
        return 'memberof'
    if target_type in get_kind(source_type).associates:
        return 'association'
    raise JumpCloudValueError('{0}JumpCloud cannot link a {1} to a {2}; a {1} can be linked to: {3}'.format(
        option + ': ' if option else '', source_type, target_type, ', '.join(graph_targets(source_type))))


def refuse_dynamic_group(group, kind):
    """Membership of a group whose members come from rules is not ours to change."""
    method = (group or {}).get('membershipMethod')
    if method in DYNAMIC_METHODS:
        raise JumpCloudValueError(
            "{0} '{1}' has dynamic membership ({2}): its members come from its member query, so they cannot be set "
            "directly; change the group's rules in JumpCloud instead".format(
                kind.label[0].upper() + kind.label[1:], group.get('name'), method))


class Edges:
    """The direct edges from one object to objects of one target type."""

    def __init__(self, client, source_type, source_id, target_type, source_name=None):
        self.client = client
        self.source = get_kind(source_type)
        self.source_id = source_id
        self.source_name = source_name or source_id   # how messages name the source: the name the task gave
        self.target = get_kind(target_type)
        self.how = edge_kind(source_type, target_type)

    def _describe(self, verb):
        return "{0} the {1} links of {2} '{3}'".format(verb, self.target.label, self.source.label, self.source_name)

    def read(self):
        """target id -> edge attributes ({} when none), for the direct edges only."""
        operation = self._describe('list')
        if self.how == 'association':
            return read_associations(self.client, self.source.name, self.source_id, [self.target.name], operation)[self.target.name]
        if self.how == 'members':
            items = self.client.paginate('{0}/{1}/members'.format(self.source.path, self.source_id), operation=operation)
            return {item['to']['id']: item.get('attributes') or {} for item in items}
        items = self.client.paginate('{0}/{1}/memberof'.format(self.source.graph_path, self.source_id), operation=operation)
        return {item['id']: {} for item in items
                if item.get('type') == self.target.name and any(len(path) == 1 for path in item.get('paths') or [[]])}

    def reachable(self):
        """target id -> number of paths, for every target reachable directly or through groups.

        Uses the graph traversals (``/users/{id}/systems``, ``/usergroups/{id}/membership``,
        ``/users/{id}/memberof``...), which JumpCloud resolves through group membership on both sides.
        """
        if self.how == 'members':
            path = '{0}/{1}/membership'.format(self.source.path, self.source_id)
        elif self.how == 'memberof':
            path = '{0}/{1}/memberof'.format(self.source.graph_path, self.source_id)
        elif self.target.name in self.source.no_traversal:
            raise JumpCloudValueError('JumpCloud offers no traversal from a {0} to its {1}s; read the direct links instead'.format(
                self.source.name, self.target.name))
        else:
            path = '{0}/{1}/{2}'.format(self.source.graph_path, self.source_id, self.target.segment)
        items = self.client.paginate(path, operation=self._describe('traverse'))
        return {item['id']: len(item.get('paths') or []) for item in items if item.get('type', self.target.name) == self.target.name}

    def change(self, op, target_id, attributes=None, target_name=None):
        """Send one add/remove/update. An add that already exists (409) or a remove of a missing edge (404)
        is taken as done: the edge is already as asked. Returns False in those cases. Messages name the target
        ``target_name`` (the name the task gave), else by its id."""
        if self.how == 'memberof':
            path = '{0}/{1}/members'.format(self.target.path, target_id)
            body = {'op': op, 'type': self.source.name, 'id': self.source_id}
        elif self.how == 'members':
            path = '{0}/{1}/members'.format(self.source.path, self.source_id)
            body = {'op': op, 'type': self.target.name, 'id': target_id}
        else:
            path = '{0}/{1}/associations'.format(self.source.graph_path, self.source_id)
            body = {'op': op, 'type': self.target.name, 'id': target_id}
        if attributes is not None and op != 'remove':
            body['attributes'] = attributes
        preposition = 'to' if op == 'add' else 'on'
        operation = "{0} {1} '{2}' {3} {4} '{5}'".format(
            op, self.target.label, target_name or target_id, preposition, self.source.label, self.source_name)
        try:
            self.client.write('POST', path, body=body, operation=operation)
        except JumpCloudConflict:
            if op != 'add':
                raise
            return False
        except JumpCloudNotFound:
            if op != 'remove':
                raise
            return False
        return True

    def apply(self, current, add, update, remove, names=None, workers=DEFAULT_WORKERS):
        """Send a plan (see ``plan``): adds, attribute updates, then removes, through the client's write gate, each
        kind at most ``workers`` at a time. Returns the links afterwards (target id -> attributes), as they are or
        would be in check mode. ``names`` (target id -> name) names the targets in messages."""
        names = names or {}
        for op, links in (('add', add), ('update', update), ('remove', remove)):
            self.client.map_concurrent(
                lambda link, op=op: self.change(op, link[0], None if op == 'remove' else link[1], names.get(link[0])),
                links, workers=workers)
        after = dict(current)
        after.update({target_id: attributes or {} for target_id, attributes in add + update})
        for target_id, dummy in remove:
            after.pop(target_id, None)
        return after


def read_associations(client, source_type, source_id, target_types, operation=None):
    """{target type: {target id: edge attributes ({} when none)}} of one object's direct associations with several
    types, read in one listing (``targets`` takes a comma-separated list of types)."""
    source = get_kind(source_type)
    path = '{0}/{1}/associations'.format(source.graph_path, source_id)
    operation = operation or "list the associations of {0} '{1}'".format(source.label, source_id)
    links = {target_type: {} for target_type in target_types}
    for item in client.paginate(path, params={'targets': ','.join(target_types)}, operation=operation):
        target = item.get('to') or {}
        if target.get('type') in links:
            links[target['type']][target.get('id')] = item.get('attributes') or {}
    return links


def plan(current, wanted, purge=False, state='present'):
    """What to send to go from ``current`` to ``wanted`` (both: target id -> attributes or None).

    Returns (add, update, remove): lists of (target id, attributes), sorted by id. With state=absent
    the wanted targets are removed; with purge, current targets that are not wanted are removed.
    An attributes value of None means "not managed" and never causes an update.
    """
    if state == 'absent':
        return [], [], sorted((target, None) for target in wanted if target in current)
    add = sorted((target, attrs) for target, attrs in wanted.items() if target not in current)
    update = sorted((target, attrs) for target, attrs in wanted.items()
                    if target in current and attrs is not None and not values_equal(attrs, current[target]))
    remove = sorted((target, None) for target in current if purge and target not in wanted)
    return add, update, remove


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
