"""v2 /usergroups, /systemgroups and /policygroups: CRUD with PUT replacing the whole object."""

from .. import query as q
from ..common import Conflict, BadRequest, NotFound, Response, public
from ..seed import SeedError, completer
from . import route

# collection -> (graph type, writable fields)
GROUPS = {
    'usergroups': ('user_group', ('attributes', 'description', 'email', 'memberQuery', 'memberQueryExemptions',
                                  'memberSuggestionsNotify', 'membershipMethod', 'name')),
    'systemgroups': ('system_group', ('attributes', 'description', 'email', 'memberQuery', 'memberQueryExemptions',
                                      'memberSuggestionsNotify', 'membershipMethod', 'name')),
    'policygroups': ('policy_group', ('attributes', 'description', 'email', 'name')),
}
SORT_FIELDS = ('name',)


def defaults(app, kind, ident):
    graph_type = GROUPS[kind][0]
    group = {'id': ident, 'name': '', 'type': graph_type, 'description': '', 'email': '', 'attributes': None,
             'organizationObjectId': app.organization}
    if kind != 'policygroups':
        group.update({'membershipMethod': 'STATIC', 'memberQuery': None, 'memberQueryExemptions': [],
                      'memberSuggestionsNotify': False, 'memberQueryErrorFlags': []})
    if kind == 'usergroups':
        group['suggestionCounts'] = {'add': 0, 'remove': 0, 'total': 0}
    return group


def build(app, kind, ident, body, keep=None):
    """Server-owned fields from ``keep`` (or defaults), writable fields from ``body`` only."""
    group = defaults(app, kind, ident)
    if keep:
        for key in ('organizationObjectId', 'suggestionCounts', 'memberQueryErrorFlags'):
            if key in keep:
                group[key] = keep[key]
    for key in GROUPS[kind][1]:
        if key in body:
            group[key] = body[key]
    if group.get('membershipMethod') is None and kind != 'policygroups':
        group['membershipMethod'] = 'STATIC'
    return group


def _check_name(store, kind, name, exclude=None):
    if not isinstance(name, str) or not name:
        raise BadRequest('name is required')
    for other in store.all(kind):
        if other.get('name') == name and other['id'] != exclude:
            raise Conflict('%s with name "%s" already exists' % (GROUPS[kind][0], name))


def load(store, kind, ident):
    group = store.get(kind, ident)
    if group is None:
        raise NotFound(GROUPS[kind][0], ident)
    return group


def _seed_completer(kind):
    def complete(app, obj, existing):
        if not obj.get('name'):
            raise SeedError('seeded %s need a name' % kind)
        group = build(app, kind, obj['id'], obj, keep=existing)
        for key, value in obj.items():
            group.setdefault(key, value)
        return group
    return complete


def _register(kind):
    completer(kind)(_seed_completer(kind))

    def list_groups(req):
        return q.list_v2(req.query, req.store.all(kind), SORT_FIELDS, public)

    def create_group(req):
        body = req.json()
        store = req.store
        with store.lock:
            _check_name(store, kind, body.get('name'))
            group = build(req.app, kind, store.new_id(), body)
            store.put(kind, group)
        return Response(201, public(group))

    def get_group(req):
        return Response(200, public(load(req.store, kind, req.params['id'])))

    def put_group(req):
        body = req.json()
        store = req.store
        with store.lock:
            current = load(store, kind, req.params['id'])
            _check_name(store, kind, body.get('name'), exclude=current['id'])
            group = build(req.app, kind, current['id'], body, keep=current)
            store.put(kind, group)
        return Response(200, public(group))

    def delete_group(req):
        store = req.store
        with store.lock:
            group = load(store, kind, req.params['id'])
            store.delete(kind, group['id'])
        return Response(200, public(group))

    route('GET', 2, '/%s' % kind)(list_groups)
    route('POST', 2, '/%s' % kind)(create_group)
    route('GET', 2, '/%s/{id}' % kind)(get_group)
    route('PUT', 2, '/%s/{id}' % kind)(put_group)
    route('DELETE', 2, '/%s/{id}' % kind)(delete_group)


for _kind in GROUPS:
    _register(_kind)
