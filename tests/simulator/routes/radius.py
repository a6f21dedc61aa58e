"""v1 /radiusservers. The shared secret is write-only (api-quirks 31): never returned, kept in the
private ``_sharedSecret`` field that only /_sim/state shows.

Tags: a create takes ``tagNames`` (``radiusserverpost``), an update takes ``tags`` (the PUT body
schema); both name the same list of tag names, stored under both keys. GET and list answers carry
both (``radiusserver``), PUT and DELETE answers only ``tagNames`` (``radiusserverput``). A PUT takes
the properties its body schema documents and ignores the others (``authIdp``, ``tagNames``, ids),
like every other update (api-quirks 26).
"""

import secrets

from .. import query as q
from ..common import BadRequest, Conflict, NotFound, Response, public
from ..seed import completer
from . import route

KIND = 'radiusservers'
DEFAULTS = {'authIdp': 'JUMPCLOUD', 'mfa': 'DISABLED', 'tagNames': [], 'userLockoutAction': 'MAINTAIN',
            'userPasswordExpirationAction': 'MAINTAIN', 'userPasswordEnabled': True, 'userCertEnabled': False,
            'deviceCertEnabled': False, 'caCert': '', 'requireTlsAuth': False, 'radsecEnabled': False,
            'requireRadsec': False, 'caSource': 'NONE'}
SERVER_OWNED = ('_id', 'organization', 'sharedSecret')
# the PUT body schema's properties, less sharedSecret (stored privately) and tags (the tag names)
PUT_FIELDS = ('mfa', 'name', 'networkSourceIp', 'userLockoutAction', 'userPasswordExpirationAction',
              'userPasswordEnabled', 'userCertEnabled', 'deviceCertEnabled', 'caCert', 'requireTlsAuth',
              'radsecEnabled', 'requireRadsec', 'caSource')


def render(server, with_tags=True):
    out = public(server)
    out.pop('sharedSecret', None)
    if not with_tags:
        out.pop('tags', None)
    return out


def _set_tags(server, names):
    server['tagNames'] = list(names)
    server['tags'] = list(names)


def _check_name(store, name, exclude=None):
    if not isinstance(name, str) or not name:
        raise BadRequest('name is required')
    for other in store.all(KIND):
        if other.get('name') == name and other['_id'] != exclude:
            raise Conflict('radius server with name "%s" already exists' % name)


@completer(KIND)
def complete(app, obj, _existing):
    server = dict(DEFAULTS)
    server.update(obj)
    server.setdefault('organization', app.organization)
    _set_tags(server, obj.get('tagNames') or obj.get('tags') or [])
    secret = server.pop('sharedSecret', None)
    server.setdefault('_sharedSecret', secret or secrets.token_urlsafe(18))
    if secret:
        server['_sharedSecret'] = secret
    return server


def load(store, ident):
    server = store.get(KIND, ident)
    if server is None:
        raise NotFound('radius server', ident)
    return server


@route('GET', 1, '/radiusservers')
def list_servers(req):
    return q.list_v1(req.query, req.store.all(KIND), ('_id',), ('name', 'networkSourceIp'), render)


@route('POST', 1, '/radiusservers')
def create_server(req):
    body = req.json()
    for key in ('name', 'networkSourceIp', 'sharedSecret'):
        if not body.get(key):
            raise BadRequest('%s is required' % key)
    store = req.store
    with store.lock:
        _check_name(store, body['name'])
        server = {'_id': store.new_id()}
        server.update(DEFAULTS)
        server.update(dict((k, v) for k, v in body.items() if k not in SERVER_OWNED and k != 'tags'))
        _set_tags(server, body.get('tagNames') or [])
        server['organization'] = req.app.organization
        server['_sharedSecret'] = body['sharedSecret']
        store.put(KIND, server)
    return Response(200, render(server))


@route('GET', 1, '/radiusservers/{id}')
def get_server(req):
    return Response(200, render(load(req.store, req.params['id'])))


@route('PUT', 1, '/radiusservers/{id}')
def update_server(req):
    body = req.json()
    store = req.store
    with store.lock:
        server = dict(load(store, req.params['id']))
        if 'name' in body:
            _check_name(store, body['name'], exclude=server['_id'])
        for key in PUT_FIELDS:
            if key in body:
                server[key] = body[key]
        if body.get('tags') is not None:
            _set_tags(server, body['tags'])
        if body.get('sharedSecret'):
            server['_sharedSecret'] = body['sharedSecret']
        store.put(KIND, server)
    return Response(200, render(server, with_tags=False))


@route('DELETE', 1, '/radiusservers/{id}')
def delete_server(req):
    store = req.store
    with store.lock:
        server = load(store, req.params['id'])
        store.delete(KIND, server['_id'])
    return Response(200, render(server, with_tags=False))
