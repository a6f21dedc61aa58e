# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Directory imports: users from Workday, Office 365 (Microsoft 365) and Google Workspace, and the domains and
translation rules of those two directories.

A source offers candidates, each normalized to ``{username, email, firstname, lastname, source_id, fields}``:
- Workday: the workers of the instance's custom report (``/workdays/{id}/workers``); importing sends them to
  ``/workdays/{id}/import`` (one request, an import job whose ``/results`` tell what happened to each);
- Office 365: ``/office365s/{id}/import/users`` (Microsoft Graph's paging, ``top`` and ``skipToken``); the username is
  the user principal name's local part;
- Google Workspace: ``/gsuites/{id}/import/jumpcloudusers`` (the users in JumpCloud's shape, ``maxResults`` and
  ``pageToken``); the username is the e-mail address's local part.
The documents offer no import operation for the two directories: their users are created as JumpCloud users
(``POST /systemusers``) and bound to the directory, which is what makes the directory sync them.

A candidate exists when a JumpCloud user has its username or e-mail address (compared without case; JumpCloud keeps
both unique that way). Importing skips those, so a rerun imports nothing; in check mode nothing is sent and the
result lists who would be imported.
"""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import Edges
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import list_objects
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report

SOURCES = ('workday', 'office_365', 'g_suite')
DIRECTORY_TYPES = ('office_365', 'g_suite')
WORKDAYS = '/api/v2/workdays'
PAGE = 100
USER_FIELDS = ('department', 'jobTitle', 'company', 'costCenter', 'employeeType', 'location', 'alternateEmail',
               'employeeIdentifier', 'phoneNumbers', 'addresses')

# The built-in translation rules of the v2 document (Office365BuiltinTranslation, GSuiteBuiltinTranslation) and the
# directions each directory takes.
TRANSLATION_RULES = {
    'office_365': ('user_alternate_email', 'user_business_phones', 'user_city', 'user_country', 'user_department',
                   'user_job_title', 'user_manager', 'user_mobile_phone', 'user_office_location', 'user_postal_code',
                   'user_principal_name_from_alternate_email', 'user_state', 'user_street_address'),
    'g_suite': ('user_home_addresses', 'user_work_addresses', 'user_other_addresses', 'user_home_phone_numbers',
                'user_mobile_phone_numbers', 'user_other_phone_numbers', 'user_work_phone_numbers',
                'user_work_fax_phone_numbers', 'user_work_mobile_phone_numbers', 'user_manager', 'user_alternate_email',
                'user_primary_organization_cost_center', 'user_primary_organization_department',
                'user_primary_organization_description', 'user_primary_organization_employee_id',
                'user_primary_organization_title', 'user_status', 'user_password'),
}
DIRECTIONS = {'office_365': ('export',), 'g_suite': ('export', 'import')}


def local_part(email):
    return (email or '').split('@', 1)[0]


def candidate(username, email, firstname=None, lastname=None, source_id=None, fields=None):
    return dict(username=username or local_part(email), email=email, firstname=firstname, lastname=lastname,
                source_id=source_id, fields=fields or {})


# -- sources -------------------------------------------------------------------------------------

def source_label(source):
    return {'workday': 'Workday instance'}.get(source) or get_kind(source).label


def find_source(module, source, ref):
    """The Workday instance or directory ``ref`` names (id or name); without ``ref``, the only one there is."""
    if source == 'workday':
        instances = module.client.list(WORKDAYS, operation='list Workday instances')
        matches = [obj for obj in instances if ref in (None, obj.get('id'), obj.get('name'))]
    else:
        kind = get_kind(source)
        if ref is not None:
            return module.resolver.object(kind, ref, option='directory')
        matches = list_objects(module.client, kind)
    if len(matches) == 1:
        return matches[0]
    what = source_label(source)
    if not matches:
        raise JumpCloudValueError('No {0}{1} exists in JumpCloud'.format(what, " named or with id '{0}'".format(ref) if ref else ''))
    raise JumpCloudValueError('More than one {0} exists ({1}): name the one to use'.format(
        what, ', '.join(sorted(str(obj.get('name') or obj.get('id')) for obj in matches))))


def _token_pages(client, path, size_param, token_param, next_key, operation):
    """The users of a token-paged listing (Microsoft Graph's or Google's paging), page after page."""
    params = {size_param: PAGE}
    while True:
        page = client.get(path, params=params, operation=operation) or {}
        yield from page.get('users') or []
        token = page.get(next_key)
        if not token:
            return
        params = {size_param: PAGE, token_param: token}


def read_candidates(client, source, source_id):
    """The users the source offers, normalized (see the module docstring), sorted by username."""
    operation = "list the users to import from {0} '{1}'".format(source_label(source), source_id)
    if source == 'workday':
        workers = client.paginate('{0}/{1}/workers'.format(WORKDAYS, source_id), operation=operation)
        found = [candidate(worker.get('username'), worker.get('email'), worker.get('firstName'), worker.get('lastName'),
                           fields={'attributes': [{'name': name, 'value': value}
                                                  for name, value in sorted((worker.get('attributes') or {}).items())]})
                 for worker in workers]
    elif source == 'office_365':
        users = _token_pages(client, '/api/v2/office365s/{0}/import/users'.format(source_id), 'top', 'skipToken', 'skipToken',
                             operation)
        found = [candidate(None, user.get('userPrincipalName'), user.get('givenName'), user.get('surname'), user.get('id'))
                 for user in users]
    else:
        users = _token_pages(client, '/api/v2/gsuites/{0}/import/jumpcloudusers'.format(source_id), 'maxResults', 'pageToken',
                             'nextPageToken', operation)
        found = [candidate(None, user.get('email'), user.get('firstname'), user.get('lastname'),
                           fields={key: user[key] for key in USER_FIELDS if user.get(key) not in (None, '', [])})
                 for user in users]
    return sorted(found, key=lambda user: (user['username'] or '', user['email'] or ''))


def mark_existing(client, candidates):
    """Each candidate with ``exists``: whether a JumpCloud user has its username or e-mail (without case)."""
    users = list_objects(client, get_kind('user'), operation='list users')
    names = {(user.get('username') or '').lower() for user in users}
    emails = {(user.get('email') or '').lower() for user in users}
    for user in candidates:
        user['exists'] = (user['username'] or '').lower() in names or (user['email'] or '').lower() in emails
    return candidates


def select(candidates, wanted):
    """The candidates ``wanted`` names (usernames or e-mails, without case; all of them when None); an unknown name is
    a JumpCloudValueError listing them all."""
    if wanted is None:
        return list(candidates)
    keys = {}
    for user in candidates:
        for key in (user['username'], user['email']):
            if key:
                keys.setdefault(key.lower(), user)
    unknown = [name for name in wanted if name.lower() not in keys]
    if unknown:
        raise JumpCloudValueError('Not offered for import by the source: {0}'.format(', '.join(unknown)))
    chosen = []
    for name in wanted:
        if keys[name.lower()] not in chosen:
            chosen.append(keys[name.lower()])
    return chosen


def user_body(user):
    body = {key: user[key] for key in ('username', 'email', 'firstname', 'lastname') if user.get(key)}
    body.update(user['fields'])
    return body


def import_users(client, source, directory, users, bind=True):
    """Send the import; returns (job id or None, created users). Workday: one import job; a directory: one user
    created per candidate, bound to the directory when ``bind``."""
    if source == 'workday':
        body = [user_body(user) for user in users]
        answer = client.write('POST', '{0}/{1}/import'.format(WORKDAYS, directory['id']), body=body,
                              operation="import {0} users from Workday '{1}'".format(len(users), directory.get('name')))
        return (answer or {}).get('jobId'), []
    created = []
    for user in users:
        answer = client.write('POST', get_kind('user').path, body=user_body(user), operation="create user '{0}'".format(user['username']),
                              preview=dict(user_body(user), _id=None))
        created.append(answer)
        if bind:
            Edges(client, source, directory['id'], 'user').change('add', answer.get('_id') or 'new')
    return None, created


class UserImportModule(JumpCloudModule):
    """Reads (``info``) or runs an import of users from a source."""

    def __init__(self, info=False):
        spec = dict(source=dict(type='str', required=True, choices=list(SOURCES)), directory=dict(type='str'))
        if info:
            spec.update(job_id=dict(type='str'), include_existing=dict(type='bool', default=True))
        else:
            spec.update(users=dict(type='list', elements='str'), bind=dict(type='bool', default=True))
        self.info = info
        super().__init__(argument_spec=spec)

    def run(self):
        with self.api_errors():
            result = self.read() if self.info else self.ensure()
        self.exit_json(**result)

    def context(self):
        params = self.params
        source = params['source']
        if params.get('job_id') and source != 'workday':
            raise JumpCloudValueError('job_id goes with source=workday (import results are Workday\'s)')
        directory = find_source(self, source, params['directory'])
        candidates = mark_existing(self.client, read_candidates(self.client, source, directory['id']))
        return source, directory, candidates

    def read(self):
        source, directory, candidates = self.context()
        if not self.params['include_existing']:
            candidates = [user for user in candidates if not user['exists']]
        result = dict(changed=False, directory=directory, users=candidates)
        if source == 'workday':
            if self.params['job_id']:
                path = '{0}/{1}/import/{2}/results'.format(WORKDAYS, directory['id'], self.params['job_id'])
                result['results'] = self.client.list(path, operation="read the results of import job '{0}'".format(self.params['job_id']))
        else:
            base = '{0}/{1}'.format(get_kind(source).graph_path, directory['id'])
            result['domains'] = DOMAINS.read(self.client, base)
            result['translation_rules'] = TRANSLATION_RULE.read(self.client, base)
        return result

    def ensure(self):
        source, directory, candidates = self.context()
        chosen = select(candidates, self.params['users'])
        existing = [user['username'] for user in chosen if user['exists']]
        new = [user for user in chosen if not user['exists']]
        job_id, created = import_users(self.client, source, directory, new, self.params['bind']) if new else (None, [])
        names = [user['username'] for user in new]
        where = "{0} '{1}'".format(source_label(source), directory.get('name') or directory['id'])
        if new:
            msg = outcome('{0} user{1} from {2}'.format(len(names), '' if len(names) == 1 else 's', where), 'imported',
                          check_mode=self.check_mode)
        else:
            msg = 'No user to import from {0} ({1} offered, all in JumpCloud already)'.format(where, len(chosen))
        return report(bool(new), msg, dict(imported=[]), dict(imported=names), imported=names, existing=existing,
                      job_id=job_id, users=[user for user in created if user])


# -- domains and translation rules -----------------------------------------------------------------

class DirectoryItems:
    """One kind of item a directory holds (domains, translation rules): how it is listed, named, created and deleted."""

    def __init__(self, label, segment, id_field, key, answer_key=None, list_key=None):
        self.label = label
        self.segment = segment
        self.id_field = id_field
        self.key = key              # item -> the key the module matches on
        self.answer_key = answer_key  # a create's answer wraps the item under this key
        self.list_key = list_key    # a list wraps the items under this key, with a totalCount

    def read(self, client, base):
        path = '{0}/{1}'.format(base, self.segment)
        operation = 'list the {0}s of {1}'.format(self.label, base)
        if not self.list_key:
            return client.list(path, operation=operation)
        items, skip = [], 0
        while True:
            page = client.get(path, params={'limit': PAGE, 'skip': skip}, operation=operation) or {}
            found = page.get(self.list_key) or []
            items.extend(found)
            skip += len(found)
            if not found or skip >= int(page.get('totalCount') or 0):
                return items


DOMAINS = DirectoryItems('domain', 'domains', 'objectId', lambda item: (item.get('domain') or '').lower(), answer_key='domain',
                         list_key='domains')
TRANSLATION_RULE = DirectoryItems('translation rule', 'translationrules', 'id',
                                  lambda item: (item.get('builtIn'), item.get('direction') or 'export'))


class DirectoryItemModule(JumpCloudModule):
    """Ensures that an item (a domain, a translation rule) of an Office 365 or Google Workspace directory is present or
    absent. Items have no settings to update: they are created or deleted."""

    def __init__(self, items, argument_spec):
        spec = dict(directory_type=dict(type='str', required=True, choices=list(DIRECTORY_TYPES)), directory=dict(type='str'),
                    state=dict(type='str', default='present', choices=['present', 'absent']))
        spec.update(argument_spec)
        self.items = items
        super().__init__(argument_spec=spec)

    def wanted(self):
        """The item the task describes, in the API's shape."""
        raise NotImplementedError

    def describe(self, item):
        raise NotImplementedError

    def create(self, base, item):
        """(path, body, params) of the create request."""
        return '{0}/{1}'.format(base, self.items.segment), item, None

    def run(self):
        with self.api_errors():
            result = self.ensure()
        self.exit_json(**result)

    def ensure(self):
        wanted = self.wanted()
        directory_type = self.params['directory_type']
        directory = find_source(self, directory_type, self.params['directory'])
        base = '{0}/{1}'.format(get_kind(directory_type).graph_path, directory['id'])
        found = [item for item in self.items.read(self.client, base) if self.items.key(item) == self.items.key(wanted)]
        present = self.params['state'] == 'present'
        subject = "{0} {1} of {2} '{3}'".format(self.items.label.capitalize(), self.describe(wanted), get_kind(directory_type).label,
                                                directory.get('name') or directory['id'])
        changed = bool(found) != present
        item = found[0] if found else {}
        if changed and present:
            path, body, params = self.create(base, wanted)
            preview = {self.items.answer_key: wanted} if self.items.answer_key else wanted
            answer = self.client.write('POST', path, body=body, params=params, operation='create ' + subject, preview=preview) or {}
            item = answer.get(self.items.answer_key) if self.items.answer_key else answer
        elif changed:
            self.client.write('DELETE', '{0}/{1}/{2}'.format(base, self.items.segment, item[self.items.id_field]),
                              operation='delete ' + subject)
        verb = ('created' if present else 'deleted') if changed else ('present' if found else 'absent')
        view = dict(directory=directory.get('name') or directory['id'], **{self.items.label.replace(' ', '_'): self.describe(wanted)})
        return report(changed, outcome(subject, verb, changed, self.check_mode), dict(view, state='present' if found else 'absent'),
                      dict(view, state=self.params['state']), **{self.items.label.replace(' ', '_'): item if present else {}})


class DomainModule(DirectoryItemModule):
    def __init__(self):
        super().__init__(DOMAINS, dict(domain=dict(type='str', required=True)))

    def wanted(self):
        return {'domain': self.params['domain']}

    def describe(self, item):
        return item['domain']

    def create(self, base, item):
        """Office 365 takes the domain in the body, Google Workspace in the query (as each operation documents it)."""
        path = '{0}/{1}'.format(base, self.items.segment)
        if self.params['directory_type'] == 'g_suite':
            return path, None, {'domain': item['domain']}
        return path, item, None


class TranslationRuleModule(DirectoryItemModule):
    def __init__(self):
        rules = sorted(set(TRANSLATION_RULES['office_365']) | set(TRANSLATION_RULES['g_suite']))
        super().__init__(TRANSLATION_RULE, dict(rule=dict(type='str', required=True, choices=rules),
                                                direction=dict(type='str', default='export', choices=['export', 'import'])))

    def wanted(self):
        directory_type, rule, direction = self.params['directory_type'], self.params['rule'], self.params['direction']
        if rule not in TRANSLATION_RULES[directory_type]:
            raise JumpCloudValueError("{0} has no translation rule '{1}'; its rules are: {2}".format(
                get_kind(directory_type).label, rule, ', '.join(TRANSLATION_RULES[directory_type])))
        if direction not in DIRECTIONS[directory_type]:
            raise JumpCloudValueError("{0} translation rules only {1}".format(get_kind(directory_type).label, ' and '.join(DIRECTIONS[directory_type])))
        return {'builtIn': rule, 'direction': direction}

    def describe(self, item):
        return '{0} ({1})'.format(item['builtIn'], item['direction'])
