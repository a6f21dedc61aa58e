"""v1 /applications (SSO applications; PUT replaces, api-quirks 27) and v2 GET /applications/{id}."""

from .. import query as q
from ..common import NotFound, Response, now_iso, public
from ..seed import completer
from . import route

KIND = 'applications'
SERVER_OWNED = ('_id', 'organization', 'created')


def build(app, ident, body, keep=None):
    application = {'_id': ident}
    keep = keep or {}
    application['organization'] = keep.get('organization') or app.organization
    application['created'] = keep.get('created') or now_iso()
    application.update({'name': '', 'displayName': '', 'displayLabel': '', 'description': '', 'ssoUrl': '',
                        'learnMore': '', 'active': True, 'beta': False, 'color': '', 'config': {},
                        'logo': {'color': '', 'url': ''}, 'sso': {'type': 'saml', 'beta': False, 'jit': False,
                                                                  'hidden': False},
                        'databaseAttributes': []})
    for key, value in body.items():
        if key not in SERVER_OWNED:
            application[key] = value
    if not application['displayName']:
        application['displayName'] = application['name']
    if not application['displayLabel']:
        application['displayLabel'] = application['displayName']
    return application


@completer(KIND)
def complete(app, obj, _existing):
    application = build(app, obj['_id'], obj, keep=obj)
    return application


def load(store, ident):
    application = store.get(KIND, ident)
    if application is None:
        raise NotFound('application', ident)
    return application


@route('GET', 1, '/applications')
def list_applications(req):
    response = q.list_v1(req.query, req.store.all(KIND), ('_id',), ('name', 'displayName', 'displayLabel'), public)
    response.body['name'] = 'applications'
    return response


@route('POST', 1, '/applications')
def create_application(req):
    store = req.store
    application = build(req.app, store.new_id(), req.json())
    store.put(KIND, application)
    return Response(200, public(application))


@route('GET', 1, '/applications/{id}')
def get_application(req):
    return Response(200, public(load(req.store, req.params['id'])))


@route('GET', 2, '/applications/{application_id}')
def get_application_v2(req):
    return Response(200, public(load(req.store, req.params['application_id'])))


@route('PUT', 1, '/applications/{id}')
def replace_application(req):
    store = req.store
    with store.lock:
        current = load(store, req.params['id'])
        application = build(req.app, current['_id'], req.json(), keep=current)
        store.put(KIND, application)
    return Response(200, public(application))


@route('DELETE', 1, '/applications/{id}')
def delete_application(req):
    store = req.store
    with store.lock:
        application = load(store, req.params['id'])
        store.delete(KIND, application['_id'])
    return Response(200, public(application))
