"""Organizations and administrators: v1 /organizations, the v2 administrator-organization links and the provider's
/providers/{provider_id}/organizations and /administrators.

Every organization of the simulator's provider is one the key may reach (an MSP administrator's key); the
provider's id is in each organization record's ``provider``.
"""

from .. import query as q
from ..common import BadRequest, Conflict, NotFound, Response, public
from . import route

SUMMARY = ('_id', 'displayName', 'logoUrl')


def _provider(req, provider_id=None):
    provider = req.app.provider
    if provider_id is not None and provider_id != provider.id:
        raise NotFound('provider', provider_id)
    return provider


def _organization(req, org_id):
    found = req.app.provider.organizations.get(org_id)
    if found is None:
        raise NotFound('organization', org_id)
    return found


@route('GET', 1, '/organizations')
def list_organizations(req):
    records = [dict((key, record.get(key)) for key in SUMMARY) for record in req.app.provider.records()]
    return q.list_v1(req.query, records, ('_id', 'displayName'), ('displayName',))


@route('GET', 1, '/organizations/{id}')
def get_organization(req):
    return Response(200, public(_organization(req, req.params['id']).record))


@route('PUT', 1, '/organizations/{id}')
def put_organization(req):
    organization = _organization(req, req.params['id'])
    settings = req.json().get('settings')
    if settings is not None and not isinstance(settings, dict):
        raise BadRequest('settings must be an object')
    with req.app.provider.lock:
        merged = dict(organization.record.get('settings') or {}, **(settings or {}))
        organization.record = dict(organization.record, settings=merged)
    return Response(200, public(organization.record))


# ---- administrators' links to organizations (v2) ----------------------------------------------------

@route('GET', 2, '/administrators/{id}/organizationlinks')
def list_administrator_links(req):
    links = req.app.provider.links_of_administrator(req.params['id'])
    return Response(200, q.page(links, req.query))


@route('POST', 2, '/administrators/{id}/organizationlinks')
def link_administrator(req):
    org_id = req.json().get('organization')
    if not org_id:
        raise BadRequest('organization is required')
    if not req.app.provider.link(req.params['id'], org_id):
        raise Conflict('administrator %s is already linked to organization %s' % (req.params['id'], org_id))
    return Response(201, {'administrator': req.params['id'], 'organization': org_id})


@route('DELETE', 2, '/administrators/{administrator_id}/organizationlinks/{id}')
def unlink_administrator(req):
    if not req.app.provider.unlink(req.params['administrator_id'], req.params['id']):
        raise NotFound('organization link', req.params['id'])
    return Response(204)


@route('GET', 2, '/organizations/{id}/administratorlinks')
def list_organization_links(req):
    _organization(req, req.params['id'])
    return Response(200, q.page(req.app.provider.links_of_organization(req.params['id']), req.query))


# ---- the provider's organizations and administrators (v2) --------------------------------------------

def _v2_envelope(req, items, sort_allowed):
    """The provider lists: v2 filters and sort, answered in a ``{totalCount, results}`` envelope."""
    predicate = q.v2_predicate(req.query)
    if predicate:
        items = [item for item in items if predicate(item)]
    items = q.apply_sort(items, req.query, 2, sort_allowed)
    return Response(200, {'totalCount': len(items), 'results': q.page(items, req.query)})


def _provider_organization(record):
    out = {'id': record['_id'], 'name': record.get('displayName')}
    if record.get('maxSystemUsers') is not None:
        out['maxSystemUsers'] = record['maxSystemUsers']
    return out


@route('GET', 2, '/providers/{provider_id}/organizations')
def list_provider_organizations(req):
    records = [_provider_organization(record) for record in _provider(req, req.params['provider_id']).records()]
    return _v2_envelope(req, records, ('id', 'name'))


@route('POST', 2, '/providers/{provider_id}/organizations')
def create_provider_organization(req):
    _provider(req, req.params['provider_id'])
    body = req.json()
    if not body.get('name'):
        raise BadRequest('name is required')
    record = {'displayName': body['name']}
    if body.get('maxSystemUsers') is not None:
        record['maxSystemUsers'] = body['maxSystemUsers']
    return Response(201, _provider_organization(req.app.add_organization(record).record))


@route('PUT', 2, '/providers/{provider_id}/organizations/{id}')
def update_provider_organization(req):
    _provider(req, req.params['provider_id'])
    organization = _organization(req, req.params['id'])
    body = req.json()
    record = {'_id': organization.id}
    if body.get('name'):
        record['displayName'] = body['name']
    if body.get('maxSystemUsers') is not None:
        record['maxSystemUsers'] = body['maxSystemUsers']
    return Response(200, _provider_organization(req.app.add_organization(record).record))


@route('GET', 2, '/providers/{provider_id}/administrators')
def list_provider_administrators(req):
    provider = _provider(req, req.params['provider_id'])
    with provider.lock:
        admins = [provider.administrator_view(admin) for admin in provider.administrators.values()]
    return _v2_envelope(req, admins, ('id', 'email'))


@route('POST', 2, '/providers/{provider_id}/administrators')
def create_provider_administrator(req):
    provider = _provider(req, req.params['provider_id'])
    body = req.json()
    if not body.get('email'):
        raise BadRequest('email is required')
    with provider.lock:
        if any(admin['email'].lower() == body['email'].lower() for admin in provider.administrators.values()):
            raise Conflict('an administrator with e-mail %s exists' % body['email'])
        fields = dict((key, body[key]) for key in ('email', 'firstname', 'lastname', 'enableMultiFactor', 'roleName',
                                                   'apiKeyAllowed') if key in body)
        orgs = [] if body.get('bindNoOrgs') else body.get('administratorOrganizations') or [provider.default_id]
        admin = provider.add_administrator(dict(fields, registered=False), orgs)
        return Response(200, provider.administrator_view(admin))


@route('DELETE', 2, '/providers/{provider_id}/administrators/{id}')
def delete_provider_administrator(req):
    provider = _provider(req, req.params['provider_id'])
    with provider.lock:
        provider.administrator(req.params['id'])
        provider.administrators.pop(req.params['id'])
        provider.links.pop(req.params['id'], None)
    return Response(204)
