"""v2 directories: /ldapservers, /activedirectories, /gsuites, /office365s and /directories.
Only what the v2 document declares is served (no list for G Suite or Office 365: use /directories)."""

from .. import query as q
from ..common import BadRequest, NotFound, Response, public
from ..seed import completer
from . import route

DIRECTORY_KINDS = {
    'ldapservers': ('ldap_server', 'JumpCloud LDAP'),
    'activedirectories': ('active_directory', None),
    'gsuites': ('g_suite', 'G Suite'),
    'office365s': ('office_365', 'Office 365'),
}
PATCHABLE = {
    'ldapservers': ('userLockoutAction', 'userPasswordExpirationAction'),
    'activedirectories': ('domain', 'useCase', 'delegationState', 'groupsEnabled', 'updatedAt'),
    'gsuites': ('name', 'userLockoutAction', 'userPasswordExpirationAction', 'groupsEnabled', 'importFilter',
                'defaultDomain'),
    'office365s': ('name', 'groupsEnabled', 'defaultDomain'),
}


def defaults(app, kind, obj):
    out = {'id': obj['id']}
    if kind == 'ldapservers':
        out.update({'name': 'JumpCloud LDAP', 'userLockoutAction': 'disable', 'userPasswordExpirationAction': 'disable'})
    elif kind == 'activedirectories':
        out.update({'domain': 'DC=example;DC=com', 'useCase': 'UNSET', 'groupsEnabled': False,
                    'delegationState': 'DISABLED', 'updatedAt': None, 'organizationId': app.organization})
    elif kind == 'gsuites':
        out.update({'name': 'G Suite', 'userLockoutAction': 'maintain', 'userPasswordExpirationAction': 'maintain',
                    'groupsEnabled': False, 'importFilter': '', 'defaultDomain': None})
    else:
        out.update({'name': 'Office 365', 'userLockoutAction': 'maintain', 'userPasswordExpirationAction': 'maintain',
                    'groupsEnabled': False, 'defaultDomain': None})
    out.update(obj)
    return out


def _register_completer(kind):
    completer(kind)(lambda app, obj, _existing: defaults(app, kind, obj))


def load(store, kind, ident):
    obj = store.get(kind, ident)
    if obj is None:
        raise NotFound(DIRECTORY_KINDS[kind][0], ident)
    return obj


def patch(req, kind, ident):
    body = req.json()
    store = req.store
    with store.lock:
        obj = dict(load(store, kind, ident))
        for key in PATCHABLE[kind]:
            if key in body:
                obj[key] = body[key]
        store.put(kind, obj)
    return obj


for _kind in DIRECTORY_KINDS:
    _register_completer(_kind)


@route('GET', 2, '/ldapservers')
def list_ldap(req):
    return q.list_v2(req.query, req.store.all('ldapservers'), ('id', 'name'), public)


@route('GET', 2, '/ldapservers/{id}')
def get_ldap(req):
    return Response(200, public(load(req.store, 'ldapservers', req.params['id'])))


@route('PATCH', 2, '/ldapservers/{id}')
def patch_ldap(req):
    obj = patch(req, 'ldapservers', req.params['id'])
    return Response(200, dict((k, obj[k]) for k in ('id', 'name', 'userLockoutAction', 'userPasswordExpirationAction')
                              if k in obj))


@route('GET', 2, '/activedirectories')
def list_ad(req):
    return q.list_v2(req.query, req.store.all('activedirectories'), ('id', 'domain'), public)


@route('POST', 2, '/activedirectories')
def create_ad(req):
    body = req.json()
    if not body.get('domain'):
        raise BadRequest('domain is required')
    store = req.store
    obj = defaults(req.app, 'activedirectories', {'id': store.new_id()})
    for key in PATCHABLE['activedirectories']:
        if key in body:
            obj[key] = body[key]
    store.put('activedirectories', obj)
    return Response(201, public(obj))


@route('GET', 2, '/activedirectories/{id}')
def get_ad(req):
    return Response(200, public(load(req.store, 'activedirectories', req.params['id'])))


@route('PATCH', 2, '/activedirectories/{id}')
def patch_ad(req):
    return Response(200, public(patch(req, 'activedirectories', req.params['id'])))


@route('DELETE', 2, '/activedirectories/{id}')
def delete_ad(req):
    store = req.store
    with store.lock:
        obj = load(store, 'activedirectories', req.params['id'])
        store.delete('activedirectories', obj['id'])
    return Response(200, public(obj))


@route('GET', 2, '/gsuites/{id}')
def get_gsuite(req):
    return Response(200, public(load(req.store, 'gsuites', req.params['id'])))


@route('PATCH', 2, '/gsuites/{id}')
def patch_gsuite(req):
    return Response(200, public(patch(req, 'gsuites', req.params['id'])))


@route('GET', 2, '/office365s/{office365_id}')
def get_office365(req):
    return Response(200, public(load(req.store, 'office365s', req.params['office365_id'])))


@route('PATCH', 2, '/office365s/{office365_id}')
def patch_office365(req):
    return Response(200, public(patch(req, 'office365s', req.params['office365_id'])))


@route('GET', 2, '/directories')
def list_directories(req):
    store = req.store
    items = []
    for kind, (graph_type, _name) in DIRECTORY_KINDS.items():
        for obj in store.all(kind):
            entry = {'id': obj['id'], 'type': graph_type, 'organizationId': req.app.organization,
                     'name': obj.get('name') or obj.get('domain') or graph_type}
            if obj.get('defaultDomain') is not None:
                entry['defaultDomain'] = obj['defaultDomain']
            items.append(entry)
    return q.list_v2(req.query, items, ('id', 'name', 'type'), public)
