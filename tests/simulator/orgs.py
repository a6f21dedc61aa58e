"""Several organizations under one provider (a managed service provider), chosen per request by ``x-org-id``.

Each organization has its own ``Store``; a request without ``x-org-id`` goes to the default organization (the one
a single-tenant key belongs to). The provider also holds its administrators and their links to organizations
(the v2 ``/administrators/{id}/organizationlinks``). Handlers never see this module: a request gets its
organization's store and an ``OrgView`` of the app whose ``store`` and ``organization`` are that organization's.
"""

import threading

from .common import ApiError, is_object_id, new_object_id, now_iso
from .store import Store

DEFAULT_NAME = 'Simulated Organization'


class Organization:
    """One organization: its record (the v1 ``organization`` shape) and its objects."""

    def __init__(self, record):
        self.id = record['_id']
        self.record = record
        self.store = Store()


class OrgView:
    """The app as one organization's requests see it: ``store`` and ``organization`` are that organization's,
    everything else is the app's."""

    def __init__(self, app, organization):
        self._app = app
        self.store = organization.store
        self.organization = organization.id

    def __getattr__(self, name):
        return getattr(self._app, name)


def organization_record(record, provider_id):
    """An organization record with the fields JumpCloud fills in."""
    out = {'_id': record.get('_id') or new_object_id(), 'displayName': record.get('displayName') or DEFAULT_NAME,
           'logoUrl': None, 'created': now_iso(), 'provider': provider_id, 'hasCreditCard': False,
           'hasStripeCustomerId': False, 'accessRestriction': '', 'settings': {}}
    out.update(record)
    return out


def administrator_record(record):
    out = {'id': record.get('id') or new_object_id(), 'email': '', 'firstname': '', 'lastname': '',
           'enableMultiFactor': False, 'registered': True, 'suspended': False, 'apiKeyAllowed': True,
           'apiKeySet': False, 'roleName': 'Administrator'}
    out.update(dict((key, value) for key, value in record.items() if key != 'organizations'))
    return out


class Provider:
    """The provider: its id, its organizations (the default one first) and its administrators' organization links."""

    def __init__(self, default_id=None):
        self.lock = threading.RLock()
        self.id = new_object_id()
        self.default_id = default_id or new_object_id()
        self.organizations = {}
        self.administrators = {}
        self.links = {}          # administrator id -> [organization ids], in link order
        self.reset()

    def reset(self):
        """Only the default organization, empty; no administrators."""
        with self.lock:
            self.organizations = {}
            self.administrators = {}
            self.links = {}
            self.add_organization({'_id': self.default_id})

    # ---- organizations -----------------------------------------------------------------------------

    def add_organization(self, record):
        """Create an organization, or update the record of an existing one (its objects are kept)."""
        with self.lock:
            record = organization_record(record, self.id)
            existing = self.organizations.get(record['_id'])
            if existing is not None:
                existing.record = dict(existing.record, **record)
                return existing, False
            organization = Organization(record)
            self.organizations[organization.id] = organization
            return organization, True

    def organization(self, org_id=None):
        """The organization an ``x-org-id`` value names (the default one when None); the documented multi-tenant
        errors otherwise: 400 for a malformed id, 404 for an unknown one."""
        if org_id is None:
            return self.organizations[self.default_id]
        if not is_object_id(org_id):
            raise ApiError(400, 'x-org-id %r is not a valid organization id' % org_id)
        found = self.organizations.get(org_id)
        if found is None:
            raise ApiError(404, 'organization %s not found' % org_id)
        return found

    def find_organization(self, ref):
        """An organization by id or display name (seeds); None when there is none."""
        with self.lock:
            if ref in self.organizations:
                return self.organizations[ref]
            return next((org for org in self.organizations.values() if org.record.get('displayName') == ref), None)

    def records(self):
        with self.lock:
            return [org.record for org in self.organizations.values()]

    # ---- administrators ----------------------------------------------------------------------------

    def add_administrator(self, record, organizations=()):
        with self.lock:
            admin = administrator_record(record)
            self.administrators[admin['id']] = admin
            self.links.setdefault(admin['id'], [])
            for org in organizations:
                self.link(admin['id'], org)
            return admin

    def administrator(self, admin_id):
        admin = self.administrators.get(admin_id)
        if admin is None:
            raise ApiError(404, 'administrator %s not found' % admin_id)
        return admin

    def link(self, admin_id, org_id):
        """Link an administrator to an organization; False when the link exists."""
        with self.lock:
            self.administrator(admin_id)
            if org_id not in self.organizations:
                raise ApiError(404, 'organization %s not found' % org_id)
            links = self.links.setdefault(admin_id, [])
            if org_id in links:
                return False
            links.append(org_id)
            return True

    def unlink(self, admin_id, org_id):
        with self.lock:
            self.administrator(admin_id)
            links = self.links.get(admin_id, [])
            if org_id not in links:
                return False
            links.remove(org_id)
            return True

    def links_of_administrator(self, admin_id):
        with self.lock:
            self.administrator(admin_id)
            return [{'administrator': admin_id, 'organization': org_id} for org_id in self.links.get(admin_id, [])]

    def links_of_organization(self, org_id):
        with self.lock:
            return [{'administrator': admin_id, 'organization': org_id}
                    for admin_id, orgs in self.links.items() if org_id in orgs]

    def administrator_view(self, admin):
        """An administrator as the API returns it (with how many organizations it may access)."""
        return dict(admin, organizationAccessTotal=len(self.links.get(admin['id'], [])))

    def dump(self):
        with self.lock:
            return {
                'organizations': [dict(org.record) for org in self.organizations.values()],
                'administrators': [dict(admin, organizations=list(self.links.get(admin['id'], [])))
                                   for admin in self.administrators.values()],
            }
