# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organizations and administrators' links to them, for administrators of several organizations (MSPs).

These requests are not for one organization: they send no ``x-org-id`` (``organization_scoped = False``), whatever
``org_id`` says. The organizations are the v1 ``/organizations`` an administrator's key reaches; an administrator's
links are the v2 ``/administrators/{id}/organizationlinks`` (``{administrator, organization}`` pairs; a link is
removed by the organization's id); an administrator is found by e-mail among the provider's administrators
(``/providers/{provider_id}/administrators``), the provider being the organization's own unless given.
"""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import InfoModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import Resolution, get_by_id, list_objects
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind, is_object_id
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report

ORGANIZATION = get_kind('organization')


def named_organizations(client, name):
    """The organizations whose display name is exactly ``name``, matched on the client (peers never filter
    organizations on the server; there are few of them)."""
    return [org for org in list_objects(client, ORGANIZATION) if org.get('displayName') == name]


def find_organization(client, reference, option='organization'):
    """The one organization an id or display name names; a JumpCloudValueError naming ``option`` otherwise."""
    found = get_by_id(client, ORGANIZATION, reference) if is_object_id(reference) else None
    if found is not None:
        return found
    resolution = Resolution(ORGANIZATION, [reference])
    matches = named_organizations(client, reference)
    if len(matches) == 1:
        return matches[0]
    if matches:
        resolution.ambiguous[reference] = ('displayName', matches)
    else:
        resolution.missing = [reference]
    resolution.check([(option, reference)])
    return None


def links_path(administrator_id):
    return '/api/v2/administrators/{0}/organizationlinks'.format(administrator_id)


def linked_organizations(client, administrator_id):
    """Ids of the organizations the administrator is linked to."""
    links = client.paginate(links_path(administrator_id), operation="list the organization links of administrator '{0}'".format(
        administrator_id))
    return [link.get('organization') for link in links]


def find_administrator(client, provider_id, email):
    """The provider's administrator with this e-mail address (unique, compared without case: JumpCloud's filters
    compare with case, so the provider's administrators are listed); JumpCloudValueError when there is none."""
    path = '/api/v2/providers/{0}/administrators'.format(provider_id)
    found = client.list(path, params={'sort': 'email'}, operation="find administrator '{0}'".format(email))
    for admin in found:
        if (admin.get('email') or '').lower() == email.lower():
            return admin
    raise JumpCloudValueError("No administrator with e-mail '{0}' in provider '{1}'".format(email, provider_id))


class OrganizationInfoModule(InfoModule):
    """The organizations the key reaches, by name, id or filter. A name is matched on the client (peers never filter
    organizations on the server; there are few of them)."""

    organization_scoped = False

    def __init__(self):
        super().__init__(ORGANIZATION, 'name', 'organizations')

    def objects(self):
        if self.params.get('name'):
            return named_organizations(self.client, self.params['name'])
        return super().objects()


class AdministratorOrganizationModule(JumpCloudModule):
    """Ensures that an administrator is (or is not) linked to an organization."""

    organization_scoped = False

    def __init__(self):
        super().__init__(argument_spec=dict(
            administrator=dict(type='str', required=True),
            organization=dict(type='str', required=True),
            provider_id=dict(type='str'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
        ))

    def run(self):
        with self.api_errors():
            result = self.ensure()
        self.exit_json(**result)

    def administrator(self, organization):
        """(id, e-mail or id) of the administrator the task names."""
        ref = self.params['administrator']
        if is_object_id(ref):
            return ref, ref
        provider_id = self.params['provider_id'] or organization.get('provider')
        if not provider_id:
            raise JumpCloudValueError("Organization '{0}' belongs to no provider: give the administrator's id, or provider_id".format(
                organization.get('displayName')))
        return find_administrator(self.client, provider_id, ref)['id'], ref

    def ensure(self):
        organization = find_organization(self.client, self.params['organization'])
        if not organization.get('provider') and not self.params['provider_id'] and not is_object_id(self.params['administrator']):
            organization = get_by_id(self.client, ORGANIZATION, organization['_id']) or organization   # the list omits provider
        org_id, org_name = organization['_id'], organization.get('displayName') or organization['_id']
        admin_id, admin_name = self.administrator(organization)
        linked = org_id in linked_organizations(self.client, admin_id)
        wanted = self.params['state'] == 'present'
        changed = linked != wanted
        operation = "{0} administrator '{1}' {2} organization '{3}'".format(
            'link' if wanted else 'unlink', admin_name, 'to' if wanted else 'from', org_name)
        if changed and wanted:
            self.client.write('POST', links_path(admin_id), body={'organization': org_id}, operation=operation)
        elif changed:
            self.client.write('DELETE', '{0}/{1}'.format(links_path(admin_id), org_id), operation=operation)
        view = dict(administrator=admin_name, organization=org_name)
        subject = "Link of administrator '{0}' to organization '{1}'".format(admin_name, org_name)
        verb = ('created' if wanted else 'removed') if changed else ('present' if linked else 'absent')
        return report(changed, outcome(subject, verb, changed, self.check_mode), dict(view, state='present' if linked else 'absent'),
                      dict(view, state=self.params['state']),
                      link=dict(administrator=admin_id, organization=org_id, linked=wanted))
