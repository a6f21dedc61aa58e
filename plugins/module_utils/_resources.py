# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One table of the JumpCloud object kinds the collection works with.

Each kind says where it lives (API version and path), how its id and names are spelled, how to
filter and sort it, its name in the v2 graph, and what the engine assumes about JumpCloud's answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

OBJECT_ID = re.compile(r'^[0-9a-f]{24}$')


@dataclass(frozen=True)
class IdForm:
    """The form of an object's id, as the documents give it (or, where they do not, one safe path segment)."""
    pattern: object
    description: str

    def matches(self, value):
        return isinstance(value, str) and bool(self.pattern.match(value))


# Every kind in the table: the documents call their ids ObjectIds (v1 ``_id``, v2 ``id``).
OBJECT_ID_FORM = IdForm(OBJECT_ID, '24 hexadecimal digits (an ObjectId)')
# Ids the documents type only as strings (access requests, workflow access requests): letters, digits, '-' and '_'
# (a UUID fits), never a character that would change the request path.
TOKEN_ID_FORM = IdForm(re.compile(r'^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$'), "letters, digits, '-' and '_' (such as a UUID)")


@dataclass(frozen=True)
class Kind:
    name: str                 # key in KINDS, and the graph type name where there is one
    label: str                # how messages name it ("user group")
    api: str                  # 'v1' or 'v2'
    path: str                 # collection path from the console root
    id_field: str
    name_field: str
    sort: str = None          # sort field accepted by the list endpoint for stable paging
    graph_path: str = None    # v2 graph collection (associations, traversals)
    member_type: str = None   # for groups: the graph type of their members
    list_path: str = None     # where to list when it is not ``path``
    list_type: str = None     # list_path mixes kinds: keep the items whose `type` is this
    alt_name_fields: tuple = ()   # further exact-match names tried when name_field finds nothing
    read_only: tuple = field(default=())  # fields a whole-object PUT must not send back
    associates: tuple = ()    # graph types it can be associated with (v2 GraphOperation-<Kind> enums)
    put_required: tuple = ()  # fields the documents require in every PUT body: sent (unchanged) with any update
    no_traversal: tuple = ()  # associated types without a /<kind>/{id}/<type> traversal in the documents
    id_form: IdForm = OBJECT_ID_FORM  # what an id of this kind looks like (checked before any request)
    partial_views: tuple = ()  # answers the documents describe as a cut-down object: 'list' (the items of its list),
    #                            'update' (the answer to a PUT); after a lookup or an update the object is read by id

    @property
    def filter_op(self):
        return '$eq' if self.api == 'v1' else 'eq'

    @property
    def in_op(self):
        return '$in' if self.api == 'v1' else 'in'

    @property
    def name_fields(self):
        """The fields a name is matched against, in order: the name field, then the alternative ones."""
        return (self.name_field,) + tuple(self.alt_name_fields)

    def item_path(self, object_id):
        """The object's path; the id is quoted, so that no value can reach another path."""
        return '{0}/{1}'.format(self.path, quote(str(object_id), safe=''))

    def name_filter(self, value, field_name=None):
        return '{0}:{1}:{2}'.format(field_name or self.name_field, self.filter_op, value)

    @property
    def segment(self):
        """The graph collection name used in paths (``users``, ``systemgroups``...)."""
        return self.graph_path.rsplit('/', 1)[1]

    @property
    def put_replaces(self):
        """v2 PUT replaces the whole object (fields left out are cleared); v1 PUT merges."""
        return self.api == 'v2'


_V2_GROUP_READ_ONLY = ('id', 'type', 'organizationObjectId', 'memberQueryErrorFlags', 'suggestionCounts')

# Association targets per source, from the official v2 document's GraphOperation-<Kind> schemas, limited
# to the kinds in this table. Group membership (user in user_group, system in system_group, policy in
# policy_group) is not an association: it has its own endpoints (see MEMBERSHIPS).
_USER_TARGETS = ('active_directory', 'application', 'g_suite', 'ldap_server', 'office_365', 'policy', 'policy_group',
                 'radius_server', 'system', 'system_group')
_DIRECTORY_TARGETS = ('user', 'user_group')

KINDS = {kind.name: kind for kind in (
    Kind('user', 'user', 'v1', '/api/systemusers', '_id', 'username', sort='_id', graph_path='/api/v2/users',
         associates=_USER_TARGETS),
    Kind('user_group', 'user group', 'v2', '/api/v2/usergroups', 'id', 'name', sort='name',
         graph_path='/api/v2/usergroups', member_type='user', read_only=_V2_GROUP_READ_ONLY, associates=_USER_TARGETS),
    Kind('system', 'system', 'v1', '/api/systems', '_id', 'displayName', sort='_id',
         graph_path='/api/v2/systems', alt_name_fields=('hostname',),
         associates=('command', 'policy', 'policy_group', 'user', 'user_group')),
    Kind('system_group', 'system group', 'v2', '/api/v2/systemgroups', 'id', 'name', sort='name',
         graph_path='/api/v2/systemgroups', member_type='system', read_only=_V2_GROUP_READ_ONLY,
         associates=('command', 'policy', 'policy_group', 'radius_server', 'user', 'user_group'), no_traversal=('radius_server',)),
    Kind('policy_group', 'policy group', 'v2', '/api/v2/policygroups', 'id', 'name', sort='name',
         graph_path='/api/v2/policygroups', member_type='policy', read_only=_V2_GROUP_READ_ONLY,
         associates=('system', 'system_group', 'user', 'user_group')),
    Kind('policy', 'policy', 'v2', '/api/v2/policies', 'id', 'name', sort='id', graph_path='/api/v2/policies',
         read_only=('id', 'template', 'configFields'), associates=('system', 'system_group', 'user', 'user_group'),
         partial_views=('list', 'update')),  # Policy (id, name, template), not PolicyWithDetails
    Kind('policy_template', 'policy template', 'v2', '/api/v2/policytemplates', 'id', 'name', sort='id'),
    Kind('application', 'application', 'v1', '/api/applications', '_id', 'displayLabel', sort='_id',
         graph_path='/api/v2/applications', alt_name_fields=('displayName', 'name'), associates=_DIRECTORY_TARGETS),
    Kind('radius_server', 'RADIUS server', 'v1', '/api/radiusservers', '_id', 'name', sort='_id',
         graph_path='/api/v2/radiusservers', associates=('user', 'user_group', 'system_group'),
         put_required=('name', 'networkSourceIp')),
    Kind('command', 'command', 'v1', '/api/commands', '_id', 'name', sort='_id',
         graph_path='/api/v2/commands', associates=('system', 'system_group'),
         put_required=('name', 'command', 'commandType'),
         partial_views=('list',)),  # commandslist items: no user, shell, timeout; command cut to 10k characters
    Kind('ldap_server', 'LDAP server', 'v2', '/api/v2/ldapservers', 'id', 'name', graph_path='/api/v2/ldapservers',
         associates=_DIRECTORY_TARGETS),
    Kind('active_directory', 'Active Directory domain', 'v2', '/api/v2/activedirectories', 'id', 'domain',
         graph_path='/api/v2/activedirectories', associates=_DIRECTORY_TARGETS),
    Kind('g_suite', 'Google Workspace directory', 'v2', '/api/v2/gsuites', 'id', 'name', graph_path='/api/v2/gsuites',
         list_path='/api/v2/directories', list_type='g_suite', associates=_DIRECTORY_TARGETS,
         partial_views=('list',)),  # Directory items: id, name, type
    Kind('organization', 'organization', 'v1', '/api/organizations', '_id', 'displayName', sort='_id'),
    Kind('office_365', 'Microsoft 365 directory', 'v2', '/api/v2/office365s', 'id', 'name', graph_path='/api/v2/office365s',
         list_path='/api/v2/directories', list_type='office_365', associates=_DIRECTORY_TARGETS,
         partial_views=('list',)),
)}


# (group kind, member kind): membership edges, read at /<group>/{id}/members and /<member>/{id}/memberof.
MEMBERSHIPS = tuple((kind.name, kind.member_type) for kind in KINDS.values() if kind.member_type)

# The graph types jc_association and jc_association_info take.
GRAPH_TYPES = tuple(sorted(name for name, kind in KINDS.items() if kind.graph_path))


def get_kind(name):
    return KINDS[name]


def graph_targets(source_type):
    """Every graph type an object of this type can have a direct edge to (association or membership)."""
    targets = set(KINDS[source_type].associates)
    for group, member in MEMBERSHIPS:
        if source_type == group:
            targets.add(member)
        if source_type == member:
            targets.add(group)
    return tuple(sorted(targets))


def is_object_id(value):
    return isinstance(value, str) and bool(OBJECT_ID.match(value))
