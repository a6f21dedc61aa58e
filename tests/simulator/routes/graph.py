"""v2 graph: associations, group members, membership, memberof and the traversal reads."""

from .. import query as q
from ..common import GRAPH_PATH_KIND, GROUP_MEMBER_TYPE, KINDS, BadRequest, Conflict, NotFound, Response
from . import route

# Allowed association targets per source type (the GraphOperation-* enums of v2.yaml; used when the
# simulator runs without the documents, and for the semantic checks it does itself).
ASSOCIATION_TARGETS = {
    'user': ('active_directory', 'application', 'g_suite', 'idp_routing_policy', 'ldap_server', 'office_365',
             'password_manager_item', 'policy', 'policy_group', 'radius_server', 'system', 'system_group'),
    'system': ('command', 'policy', 'policy_group', 'user', 'user_group'),
    'system_group': ('command', 'policy', 'policy_group', 'radius_server', 'user', 'user_group'),
    'application': ('agent_group', 'user', 'user_group'),
    'radius_server': ('user', 'user_group', 'system_group'),
    'ldap_server': ('user', 'user_group'),
    'active_directory': ('user', 'user_group'),
    'g_suite': ('user', 'user_group'),
    'office_365': ('user', 'user_group'),
    'policy': ('system', 'system_group', 'user', 'user_group'),
    'policy_group': ('system', 'system_group', 'user', 'user_group'),
    'command': ('system', 'system_group', 'password_manager_item'),
}
ASSOCIATION_TARGETS['user_group'] = ASSOCIATION_TARGETS['user']

# collection path -> name of its id parameter in the graph routes
ID_PARAM = {
    'users': 'user_id', 'usergroups': 'group_id', 'systems': 'system_id', 'systemgroups': 'group_id',
    'policies': 'policy_id', 'policygroups': 'group_id', 'applications': 'application_id',
    'radiusservers': 'radiusserver_id', 'ldapservers': 'ldapserver_id', 'activedirectories': 'activedirectory_id',
    'gsuites': 'gsuite_id', 'office365s': 'office365_id', 'commands': 'command_id',
}

DIRECTORY_TYPES = ('active_directory', 'g_suite', 'ldap_server', 'office_365')
SUFFIX_TYPES = {
    'activedirectories': ('active_directory',), 'applications': ('application',), 'directories': DIRECTORY_TYPES,
    'gsuites': ('g_suite',), 'ldapservers': ('ldap_server',), 'office365s': ('office_365',),
    'policies': ('policy',), 'policygroups': ('policy_group',), 'radiusservers': ('radius_server',),
    'systemgroups': ('system_group',), 'systems': ('system',), 'usergroups': ('user_group',), 'users': ('user',),
    'commands': ('command',),
}
# the traversal GETs the v2 document declares
TRAVERSALS = {
    'users': ('activedirectories', 'applications', 'directories', 'gsuites', 'ldapservers', 'office365s', 'policies',
              'policygroups', 'radiusservers', 'systemgroups', 'systems'),
    'usergroups': ('activedirectories', 'applications', 'directories', 'gsuites', 'ldapservers', 'office365s',
                   'policies', 'policygroups', 'radiusservers', 'systemgroups', 'systems'),
    'systems': ('commands', 'policygroups', 'policies', 'usergroups', 'users'),
    'systemgroups': ('commands', 'policygroups', 'policies', 'usergroups', 'users'),
    'policies': ('systemgroups', 'users', 'usergroups', 'systems'),
    'policygroups': ('systemgroups', 'systems', 'users', 'usergroups'),
    'applications': ('usergroups', 'users'),
    'commands': ('systemgroups', 'systems'),
    'radiusservers': ('usergroups', 'systemgroups', 'users'),
    'ldapservers': ('usergroups', 'users'),
    'activedirectories': ('usergroups', 'users'),
    'gsuites': ('usergroups', 'users'),
    'office365s': ('usergroups', 'users'),
}
GROUP_PATHS = {'usergroups': 'user_group', 'systemgroups': 'system_group', 'policygroups': 'policy_group'}
MEMBEROF_PATHS = ('users', 'systems', 'policies')
COMMAND_FIELDS = ('commandType', 'name', 'timeout', 'timeToLiveSeconds', 'organization', 'command', 'launchType',
                  'schedule', 'scheduleRepeatType')


def _node(req, collection):
    kind = GRAPH_PATH_KIND[collection]
    ident = req.params[ID_PARAM[collection]]
    graph_type = KINDS[kind][0]
    if req.store.get(kind, ident) is None:
        raise NotFound(graph_type, ident)
    return (graph_type, ident)


def _obj(node):
    return {'id': node[1], 'type': node[0]}


def _connection(to, attributes, source=None):
    out = {'attributes': attributes, 'to': _obj(to)}
    if source is not None:
        out['from'] = _obj(source)
    return out


def _operation(req, allowed):
    body = req.json()
    op, target_type, target_id = body.get('op'), body.get('type'), body.get('id')
    if op not in ('add', 'remove', 'update'):
        raise BadRequest('op must be one of add, remove, update')
    if target_type not in allowed:
        raise BadRequest('type "%s" is not allowed here; expected one of %s' % (target_type, ', '.join(allowed)))
    if not isinstance(target_id, str) or not target_id:
        raise BadRequest('id is required')
    return op, (target_type, target_id), body.get('attributes')


def _require_target(store, node):
    if not store.node_exists(node):
        raise NotFound(node[0], node[1])


# ---- associations -------------------------------------------------------------------------

def _targets(req, graph_type):
    targets = []
    for raw in req.query.get('targets', []):
        targets.extend(t for t in raw.split(',') if t)
    if not targets:
        raise BadRequest('query parameter "targets" is required')
    allowed = ASSOCIATION_TARGETS[graph_type]
    for target in targets:
        if target not in allowed:
            raise BadRequest('invalid target "%s"; expected one of %s' % (target, ', '.join(allowed)))
    return set(targets)


def _register_associations(collection):
    def list_associations(req):
        node = _node(req, collection)
        targets = _targets(req, node[0])
        edges = req.store.neighbours(node, targets)
        return Response(200, [_connection(other, attrs, node) for other, attrs in q.page(edges, req.query)])

    def change_association(req):
        store = req.store
        with store.lock:
            node = _node(req, collection)
            op, target, attributes = _operation(req, ASSOCIATION_TARGETS[node[0]])
            _require_target(store, target)
            lenient = req.app.idempotent_graph
            if op == 'add':
                if not store.add_edge(node, target, attributes) and not lenient:
                    raise Conflict('already exists: %s %s is already associated with %s %s'
                                   % (node[0], node[1], target[0], target[1]))
            elif op == 'remove':
                if not store.remove_edge(node, target) and not lenient:
                    raise NotFound('association with %s' % target[0], target[1])
            elif not store.update_edge(node, target, attributes):
                raise NotFound('association with %s' % target[0], target[1])
        return Response(204)

    path = '/%s/{%s}/associations' % (collection, ID_PARAM[collection])
    route('GET', 2, path)(list_associations)
    route('POST', 2, path)(change_association)


# ---- members, membership, memberof ----------------------------------------------------------

def _register_members(collection):
    group_type = GROUP_PATHS[collection]
    member_type = GROUP_MEMBER_TYPE[group_type]

    def list_members(req):
        group = _node(req, collection)
        members = req.store.members_of(group)
        return Response(200, [_connection(member, attrs) for member, attrs in q.page(members, req.query)])

    def change_member(req):
        store = req.store
        with store.lock:
            group = _node(req, collection)
            op, member, attributes = _operation(req, (member_type,))
            _require_target(store, member)
            lenient = req.app.idempotent_graph
            if op == 'add':
                if not store.add_member(group, member, attributes) and not lenient:
                    raise Conflict('already exists: %s %s is already a member of %s %s'
                                   % (member[0], member[1], group[0], group[1]))
            elif op == 'remove':
                if not store.remove_member(group, member) and not lenient:
                    raise NotFound('%s member' % member[0], member[1])
            elif not store.update_member(group, member, attributes):
                raise NotFound('%s member' % member[0], member[1])
        return Response(204)

    def membership(req):
        group = _node(req, collection)
        results = []
        for member, attrs in req.store.members_of(group):
            results.append(_with_paths(member, [[_connection(member, attrs)]], req.store))
        return _graph_page(req, results)

    base = '/%s/{group_id}' % collection
    route('GET', 2, base + '/members')(list_members)
    route('POST', 2, base + '/members')(change_member)
    route('GET', 2, base + '/membership')(membership)


def _register_memberof(collection):
    def memberof(req):
        node = _node(req, collection)
        results = []
        for group, attrs in req.store.groups_of(node):
            results.append(_with_paths(group, [[_connection(group, attrs)]], req.store))
        return _graph_page(req, results)

    route('GET', 2, '/%s/{%s}/memberof' % (collection, ID_PARAM[collection]))(memberof)


# ---- traversal --------------------------------------------------------------------------------

def traverse(store, start, target_types):
    """Everything of ``target_types`` reachable from ``start``: directly, through the groups ``start``
    is a member of, and through target-side groups. -> [(node, [path, ...])] in discovery order."""
    found = {}
    with store.lock:
        sources = [(start, [])]
        for group, attrs in store.groups_of(start):
            sources.append((group, [_connection(group, attrs)]))
        for source, prefix in sources:
            for other, attrs in store.neighbours(source):
                if other == start:
                    continue
                step = prefix + [_connection(other, attrs)]
                if other[0] in target_types:
                    found.setdefault(other, []).append(step)
                if GROUP_MEMBER_TYPE.get(other[0]) in target_types:
                    for member, member_attrs in store.members_of(other):
                        if member != start:
                            found.setdefault(member, []).append(step + [_connection(member, member_attrs)])
    return list(found.items())


def compile_attributes(paths):
    compiled = {}
    for path in paths:
        for connection in path:
            _merge(compiled, connection.get('attributes'))
    return compiled


def _merge(into, attributes):
    if not isinstance(attributes, dict):
        return
    for key, value in attributes.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, bool) and isinstance(into.get(key), bool):
            into[key] = into[key] or value
        elif isinstance(value, dict):
            into[key] = {}
            _merge(into[key], value)
        else:
            into[key] = value


def _with_paths(node, paths, store, details=False):
    out = {'id': node[1], 'type': node[0], 'paths': paths, 'compiledAttributes': compile_attributes(paths)}
    if details or node[0] == 'command':
        obj = store.node_object(node) or {}
        for key in COMMAND_FIELDS:
            if key in obj:
                out[key] = obj[key]
    return out


def _graph_page(req, results):
    predicate = q.v2_predicate(req.query, rename={'object_id': 'id'})
    if predicate:
        results = [r for r in results if predicate(r)]
    return Response(200, q.page(results, req.query))


def _register_traversal(collection, suffix):
    target_types = SUFFIX_TYPES[suffix]

    def traversal(req):
        start = _node(req, collection)
        results = [_with_paths(node, paths, req.store) for node, paths in traverse(req.store, start, target_types)]
        return _graph_page(req, results)

    route('GET', 2, '/%s/{%s}/%s' % (collection, ID_PARAM[collection], suffix))(traversal)


for _collection in ID_PARAM:
    _register_associations(_collection)
for _collection in GROUP_PATHS:
    _register_members(_collection)
for _collection in MEMBEROF_PATHS:
    _register_memberof(_collection)
for _collection, _suffixes in TRAVERSALS.items():
    for _suffix in _suffixes:
        _register_traversal(_collection, _suffix)
