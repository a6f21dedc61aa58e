"""Several organizations (chosen by x-org-id), the organization endpoints and administrators' organization links."""

import pytest

OTHER = '64b000000000000000000001'


@pytest.fixture
def tenant(sim, api):
    return sim.organization('Tenant B', org_id=OTHER)


def test_each_organization_has_its_own_objects(strict, sim, tenant):
    strict.group('eng')
    other = {'x-org-id': tenant}
    assert strict.get('/v2/usergroups', headers=other).json() == []
    assert strict.post('/v2/usergroups', json={'name': 'eng'}, headers=other).status_code == 201   # same name, other org
    assert [group['name'] for group in strict.get('/v2/usergroups').json()] == ['eng']
    default = sim.health()['organization']
    assert strict.get('/v2/usergroups', headers={'x-org-id': default}).json()[0]['organizationObjectId'] == default
    assert strict.get('/v2/usergroups', headers=other).json()[0]['organizationObjectId'] == tenant
    assert len(sim.state(org_id=tenant)['usergroups']) == 1
    # built-in objects (policy templates) exist in every organization
    assert strict.get('/v2/policytemplates', params={'limit': 1}, headers=other).json()


def test_seed_creates_an_organization_and_fills_it(strict, sim):
    created = sim.seed({'organizations': [{'_id': OTHER, 'displayName': 'Seeded'}]})
    assert created == {'organizations': [OTHER]}
    sim.seed({'systemusers': [{'username': 'ann', 'email': 'ann@example.com'}]}, org_id=OTHER)
    assert strict.get('/systemusers', headers={'x-org-id': OTHER}).json()['totalCount'] == 1
    assert strict.get('/systemusers').json()['totalCount'] == 0
    assert [org['displayName'] for org in sim.state()['organizations']] == ['Simulated Organization', 'Seeded']


def test_unknown_and_malformed_org_ids(api):
    assert api.get('/systemusers', headers={'x-org-id': OTHER}).status_code == 404
    assert api.get('/systemusers', headers={'x-org-id': 'acme'}).status_code == 400


def test_reset_keeps_only_the_default_organization(sim, tenant):
    sim.reset()
    assert [org['_id'] for org in sim.state()['organizations']] == [sim.health()['organization']]
    with pytest.raises(Exception, match='not found'):
        sim.state(org_id=tenant)


def test_organizations_list_and_get(strict, sim, tenant):
    body = strict.get('/organizations', params={'sort': 'displayName', 'limit': 100}).json()
    assert body['totalCount'] == 2
    assert [org['displayName'] for org in body['results']] == ['Simulated Organization', 'Tenant B']
    assert set(body['results'][0]) == {'_id', 'displayName', 'logoUrl'}
    assert strict.get('/organizations', params={'filter': 'displayName:$eq:Tenant B'}).json()['results'][0]['_id'] == tenant
    record = strict.get('/organizations/' + tenant).json()
    assert record['displayName'] == 'Tenant B' and record['provider']
    assert strict.get('/organizations/' + '0' * 24).status_code == 404
    updated = strict.put('/organizations/' + tenant, json={'settings': {'contactName': 'Ops'}}).json()
    assert updated['settings'] == {'contactName': 'Ops'}


def test_administrator_links(strict, sim, tenant):
    default = sim.health()['organization']
    admin = sim.seed({'administrators': [{'email': 'ops@msp.example', 'organizations': ['Simulated Organization']}]})
    admin_id = admin['administrators'][0]
    links = '/v2/administrators/%s/organizationlinks' % admin_id
    assert strict.get(links).json() == [{'administrator': admin_id, 'organization': default}]
    assert strict.post(links, json={'organization': tenant}).json() == {'administrator': admin_id, 'organization': tenant}
    assert strict.post(links, json={'organization': tenant}).status_code == 409
    assert strict.get('/v2/organizations/%s/administratorlinks' % tenant).json() == [
        {'administrator': admin_id, 'organization': tenant}]
    assert strict.delete(links + '/' + tenant).status_code == 204
    assert strict.delete(links + '/' + tenant).status_code == 404
    assert strict.post(links, json={'organization': '0' * 24}).status_code == 404
    assert strict.get('/v2/administrators/%s/organizationlinks' % ('0' * 24)).status_code == 404


def test_provider_administrators_and_organizations(strict, sim, tenant):
    provider = strict.get('/organizations/' + tenant).json()['provider']
    base = '/v2/providers/%s' % provider
    created = strict.post(base + '/administrators', json={'email': 'new@msp.example', 'firstname': 'New'}).json()
    assert created['email'] == 'new@msp.example' and created['organizationAccessTotal'] == 1
    found = strict.get(base + '/administrators', params={'filter': 'email:eq:new@msp.example'}).json()
    assert found['totalCount'] == 1 and found['results'][0]['id'] == created['id']
    orgs = strict.get(base + '/organizations', params={'sort': 'name'}).json()
    assert [org['name'] for org in orgs['results']] == ['Simulated Organization', 'Tenant B']
    new = strict.post(base + '/organizations', json={'name': 'Tenant C'}).json()
    assert strict.get('/v2/usergroups', headers={'x-org-id': new['id']}).json() == []
    assert strict.put(base + '/organizations/' + new['id'], json={'name': 'Tenant C2'}).json()['name'] == 'Tenant C2'
    assert strict.delete(base + '/administrators/' + created['id']).status_code == 204
    assert strict.get('/v2/providers/%s/organizations' % ('0' * 24)).status_code == 404
