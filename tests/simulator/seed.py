"""Seed and state: the JSON that ``--seed`` / ``POST /_sim/seed`` load and ``GET /_sim/state`` dumps.

Format (see README):

    {"systemusers": [{...v1 user...}], "usergroups": [{...v2 group...}], ...,
     "associations": [{"from": {"type": "user", "id": "..."}, "to": {"type": "system", "id": "..."},
                       "attributes": {...}}],
     "members": [{"group": {"type": "user_group", "id": "..."}, "member": {"type": "user", "id": "..."}}]}

Objects are in API representation; a missing id is generated and missing server-owned fields get
realistic defaults (each domain module registers a ``completer`` for its kinds). An object whose id
already exists replaces it. Graph references may name an object instead of giving its id:
``{"type": "user", "name": "alice"}`` (the kind's name field: username, displayName or name).

Objects go to one organization (the default one, or the one ``org_id`` names). Two keys are the provider's, not an
organization's: ``organizations`` (``[{_id, displayName, ...}]``: created, or their records updated) and
``administrators`` (``[{id, email, firstname, lastname, organizations: [organization ids or display names]}]``).
They are loaded first, so a seed can create an organization and fill it in one call.
"""

from .common import GRAPH_TYPE_KIND, GROUP_MEMBER_TYPE, KINDS, ApiError, id_field, name_field

PROVIDER_KEYS = ('organizations', 'administrators')

COMPLETERS = {}
ID_FACTORIES = {}
BUILTINS = []

# users first: later kinds may refer to them (manager, command user...)
ORDER = ('systemusers', 'systems', 'applications', 'radiusservers', 'commands', 'usergroups', 'systemgroups',
         'ldapservers', 'activedirectories', 'gsuites', 'office365s', 'policytemplates', 'policies',
         'policygroups', 'policyresults', 'applemdms', 'appledevices', 'accessrequests',
         'approvalflowrequests', 'commandresults', 'systeminsights', 'events', 'workdays')


class SeedError(ValueError):
    pass


def completer(kind):
    """Register ``func(app, obj, existing) -> obj`` filling server-owned fields of a seeded object."""
    def register(func):
        COMPLETERS[kind] = func
        return func
    return register


def id_factory(kind):
    """Register ``func() -> id`` minting the id of a seeded object of ``kind`` that has none (default: ObjectId)."""
    def register(func):
        ID_FACTORIES[kind] = func
        return func
    return register


def builtin(func):
    """Register ``func(app)``, run after every reset (built-in objects such as policy templates)."""
    BUILTINS.append(func)
    return func


def install_builtins(app):
    for func in BUILTINS:
        func(app)


def load_provider(app, data):
    """The seed's organizations and administrators -> {key: [ids]}."""
    created = {}
    for record in _entries(data, 'organizations'):
        created.setdefault('organizations', []).append(app.add_organization(record).id)
    for record in _entries(data, 'administrators'):
        orgs = []
        for ref in record.get('organizations') or []:
            organization = app.provider.find_organization(ref)
            if organization is None:
                raise SeedError('administrator %s: no organization %r' % (record.get('email'), ref))
            orgs.append(organization.id)
        created.setdefault('administrators', []).append(app.provider.add_administrator(record, orgs)['id'])
    return created


def _entries(data, key):
    entries = data.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise SeedError('"%s" must be a list of objects' % key)
    return entries


def load(app, data, org_id=None):
    """Load a seed into ``app``: the provider's keys, then the objects into the organization ``org_id`` names
    (the default one when None)."""
    if not isinstance(data, dict):
        raise SeedError('the seed is a JSON object keyed by collection name')
    unknown = [k for k in data if k not in KINDS and k not in ('associations', 'members') + PROVIDER_KEYS]
    if unknown:
        raise SeedError('unknown collections in seed: %s' % ', '.join(sorted(unknown)))
    created = load_provider(app, data)
    try:
        app = app.view(org_id)
    except ApiError as exc:
        raise SeedError(exc.message) from exc
    store = app.store
    with store.lock:
        for kind in ORDER:
            objects = data.get(kind)
            if objects is None:
                continue
            if not isinstance(objects, list):
                raise SeedError('"%s" must be a list of objects' % kind)
            ids = created.setdefault(kind, [])
            idf = id_field(kind)
            for obj in objects:
                if not isinstance(obj, dict):
                    raise SeedError('"%s" entries must be objects' % kind)
                obj = dict(obj)
                if not obj.get(idf):
                    obj[idf] = ID_FACTORIES.get(kind, store.new_id)()
                existing = store.get(kind, obj[idf])
                func = COMPLETERS.get(kind)
                if func is not None:
                    obj = func(app, obj, existing)
                store.put(kind, obj)
                ids.append(obj[idf])
        count = 0
        for entry in data.get('associations') or []:
            if not isinstance(entry, dict):
                raise SeedError('associations entries must be objects')
            a = _node(store, entry.get('from'), 'association "from"')
            b = _node(store, entry.get('to'), 'association "to"')
            if store.add_edge(a, b, entry.get('attributes')):
                count += 1
            else:
                store.update_edge(a, b, entry.get('attributes'))
        if 'associations' in data:
            created['associations'] = count
        count = 0
        for entry in data.get('members') or []:
            if not isinstance(entry, dict):
                raise SeedError('members entries must be objects')
            group = _node(store, entry.get('group'), 'member "group"')
            member = _node(store, entry.get('member'), 'member "member"')
            if GROUP_MEMBER_TYPE.get(group[0]) != member[0]:
                raise SeedError('a %s cannot have a %s member' % (group[0], member[0]))
            if store.add_member(group, member, entry.get('attributes')):
                count += 1
        if 'members' in data:
            created['members'] = count
    return created


def _node(store, ref, what):
    if not isinstance(ref, dict) or not ref.get('type'):
        raise SeedError('%s must be {"type": ..., "id": ...}' % what)
    graph_type = ref['type']
    kind = GRAPH_TYPE_KIND.get(graph_type)
    if kind is None:
        raise SeedError('%s: unknown graph type "%s"' % (what, graph_type))
    if ref.get('id'):
        if store.get(kind, ref['id']) is None:
            raise SeedError('%s: no %s with id %s' % (what, graph_type, ref['id']))
        return (graph_type, ref['id'])
    if ref.get('name'):
        found = store.find(kind, name_field(kind), ref['name'])
        if found is None:
            raise SeedError('%s: no %s named "%s"' % (what, graph_type, ref['name']))
        return (graph_type, found[id_field(kind)])
    raise SeedError('%s needs an id or a name' % what)


def dump(app, org_id=None):
    """One organization's objects (the default one when ``org_id`` is None), plus the provider's organizations and
    administrators."""
    try:
        store = app.view(org_id).store
    except ApiError as exc:
        raise SeedError(exc.message) from exc
    with store.lock:
        out = dict((kind, store.all(kind)) for kind in ORDER)
        out['associations'], out['members'] = store.export_graph()
    out.update(app.provider.dump())
    return out
