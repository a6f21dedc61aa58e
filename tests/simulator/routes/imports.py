"""Directory imports: Workday (v2 /workdays: instances, authorization, workers, import jobs and their results), the
users an Office 365 or Google Workspace directory offers for import, and those directories' domains and translation
rules.

What the other side holds is seeded as private fields, never served as such:
- a Workday instance's ``_workers`` (``[{username, email, firstName, lastName, attributes}]``, the rows of its
  custom report), its ``_auth`` (``{basic: {username}}``, set by POST .../auth) and ``_imports`` ({job id: results});
- an Office 365 directory's ``_importUsers`` (``[{id, userPrincipalName, givenName, surname}]``, from Microsoft
  Graph) and a Google Workspace directory's (``[{id, primaryEmail, givenName, familyName, thumbnailPhotoUrl, and
  JumpCloud user fields such as department, jobTitle}]``, from the Directory API);
- each directory's ``_domains`` (``[{objectId, domain, default}]``) and ``_translationRules``
  (``[{id, builtIn, direction}]``).
"""

import base64

from .. import query as q
from ..common import BadRequest, Conflict, NotFound, Response, now_iso, public
from ..seed import completer
from . import route
from .directories import load as load_directory
from .users import KIND as USERS, _check_unique, build_user

WORKDAY_NAME = 'Workday Import'
USER_FIELDS = ('email', 'firstname', 'lastname', 'department', 'jobTitle', 'company', 'costCenter', 'employeeType',
               'location', 'alternateEmail', 'employeeIdentifier', 'phoneNumbers', 'addresses')


# ---- Workday -------------------------------------------------------------------------------

@completer('workdays')
def complete_workday(_app, obj, existing):
    out = {'name': WORKDAY_NAME, 'reportUrl': '', '_workers': [], '_imports': {}}
    if existing:
        out.update((key, existing[key]) for key in ('_imports', '_auth') if key in existing)
    out.update(obj)
    return out


def workday_view(workday):
    out = public(workday)
    auth = workday.get('_auth') or {}
    out['auth'] = dict((kind, {'isValid': True, 'expiry': '', 'message': ''}) for kind in auth)
    out.setdefault('lastImport', '')
    return out


def load_workday(store, ident):
    workday = store.get('workdays', ident)
    if workday is None:
        raise NotFound('workday', ident)
    return workday


def _auth(body):
    basic = ((body or {}).get('auth') or {}).get('basic') or {}
    if not basic.get('username') or not basic.get('password'):
        raise BadRequest('auth.basic needs the username and password of the Workday Integrator System User')
    return {'basic': {'username': basic['username']}}


@route('GET', 2, '/workdays')
def list_workdays(req):
    return q.list_v2(req.query, req.store.all('workdays'), ('id', 'name'), workday_view)


@route('POST', 2, '/workdays')
def create_workday(req):
    body = req.json()
    store = req.store
    with store.lock:
        if store.all('workdays'):
            raise BadRequest('only one Workday instance is allowed')
        workday = {'id': store.new_id(), 'name': body.get('name') or WORKDAY_NAME, 'reportUrl': body.get('reportUrl') or '',
                   '_auth': _auth(body), '_workers': [], '_imports': {}}
        store.put('workdays', workday)
    return Response(201, workday_view(workday))


@route('GET', 2, '/workdays/{id}')
def get_workday(req):
    return Response(200, workday_view(load_workday(req.store, req.params['id'])))


@route('PUT', 2, '/workdays/{id}')
def update_workday(req):
    body = req.json()
    store = req.store
    with store.lock:
        workday = dict(load_workday(store, req.params['id']))
        if body.get('name') not in (None, workday['name']):
            raise BadRequest('the name of a Workday instance cannot be changed from %r' % workday['name'])
        if body.get('reportUrl') is not None:
            workday['reportUrl'] = body['reportUrl']
        store.put('workdays', workday)
    return Response(200, workday_view(workday))


@route('POST', 2, '/workdays/{workday_id}/auth')
def authorize_workday(req):
    store = req.store
    with store.lock:
        workday = dict(load_workday(store, req.params['workday_id']), _auth=_auth(req.json()))
        store.put('workdays', workday)
    return Response(204)


@route('DELETE', 2, '/workdays/{workday_id}/auth')
def deauthorize_workday(req):
    store = req.store
    with store.lock:
        workday = dict(load_workday(store, req.params['workday_id']))
        workday.pop('_auth', None)
        store.put('workdays', workday)
    return Response(204)


def _authorized(workday):
    if not workday.get('_auth'):
        raise BadRequest('Workday instance %s is not authorized: POST its auth first' % workday['id'])
    return workday


@route('GET', 2, '/workdays/{workday_id}/workers')
def list_workers(req):
    workday = _authorized(load_workday(req.store, req.params['workday_id']))
    workers = sorted(workday.get('_workers') or [], key=lambda worker: (worker.get('username') or '', worker.get('email') or ''))
    return Response(200, q.page(workers, req.query))


@route('POST', 2, '/workdays/{workday_id}/import')
def import_workers(req):
    """An import job: each entry becomes a user (one that exists already fails, the others go on); the job's results
    are kept for .../import/{job_id}/results."""
    if not isinstance(req.body, list):
        raise BadRequest('the body is a list of users')
    store = req.store
    with store.lock:
        workday = _authorized(load_workday(store, req.params['workday_id']))
        job_id, results = store.new_id(), []
        for entry in req.body:
            result = {'id': store.new_id(), 'createdAt': now_iso(), 'updatedAt': now_iso(),
                      'meta': {'username': entry.get('username'), 'email': entry.get('email')}, 'persistedFields': None}
            body = dict((key, entry[key]) for key in ('username',) + USER_FIELDS if entry.get(key) is not None)
            body['attributes'] = [item for item in entry.get('attributes') or [] if isinstance(item, dict)]
            try:
                if not body.get('username') or not body.get('email'):
                    raise BadRequest('username and email are required')
                _check_unique(store, body)
            except BadRequest as exc:
                result.update(status='failed', statusMsg=exc.message)
            else:
                user = build_user(req.app, dict(body, creationSource='workday'))
                store.put(USERS, user)
                result.update(status='finished', statusMsg='user created',
                              persistedFields={'_id': user['_id'], 'username': user['username'], 'email': user['email']})
            results.append(result)
        workday = dict(workday, lastImport=now_iso(), _imports=dict(workday.get('_imports') or {}, **{job_id: results}))
        store.put('workdays', workday)
    return Response(201, {'jobId': job_id})


@route('GET', 2, '/workdays/{id}/import/{job_id}/results')
def import_results(req):
    workday = load_workday(req.store, req.params['id'])
    results = (workday.get('_imports') or {}).get(req.params['job_id'])
    if results is None:
        raise NotFound('import job', req.params['job_id'])
    return Response(200, q.page(results, req.query))


# ---- users to import from Office 365 and Google Workspace ---------------------------------------

def _token(offset):
    return base64.urlsafe_b64encode(('offset:%d' % offset).encode()).decode()


def _offset(token):
    if not token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode().split(':', 1)[1])
    except (ValueError, IndexError, UnicodeDecodeError) as exc:
        raise BadRequest('invalid page token') from exc


def _window(users, size, token):
    """(this page, the next page's token or None)."""
    offset = _offset(token)
    page = users[offset:offset + size]
    return page, (_token(offset + size) if offset + size < len(users) else None)


def _refuse_unmodelled(req, names):
    for name in names:
        if req.query.get(name):
            raise BadRequest('the simulator does not model the %s parameter' % name)


@route('GET', 2, '/office365s/{office365_id}/import/users')
def office365_import_users(req):
    """Microsoft Graph's paging: ``top`` users (default 100, at most 999) and a ``skipToken`` for the next page."""
    _refuse_unmodelled(req, ('filter', 'search'))
    directory = load_directory(req.store, 'office365s', req.params['office365_id'])
    size = int(q.first(req.query, 'top') or 100)
    if not 1 <= size <= 999:
        raise BadRequest('top must be from 1 to 999')
    users = sorted(directory.get('_importUsers') or [], key=lambda user: user.get('userPrincipalName') or '')
    page, token = _window(users, size, q.first(req.query, 'skipToken'))
    body = {'top': size, 'users': [dict((key, user[key]) for key in ('id', 'userPrincipalName', 'givenName', 'surname')
                                        if key in user) for user in page]}
    if token:
        body['skipToken'] = token
    return Response(200, body)


def _gsuite_page(req):
    _refuse_unmodelled(req, ('query',))
    directory = load_directory(req.store, 'gsuites', req.params['gsuite_id'])
    size = int(q.first(req.query, 'maxResults') or 100)
    if not 1 <= size <= 500:
        raise BadRequest('maxResults must be from 1 to 500')
    users = sorted(directory.get('_importUsers') or [], key=lambda user: user.get('primaryEmail') or '')
    return _window(users, size, q.first(req.query, 'pageToken'))


def _paged(users, token):
    body = {'users': users}
    if token:
        body['nextPageToken'] = token
    return Response(200, body)


@route('GET', 2, '/gsuites/{gsuite_id}/import/users')
def gsuite_import_users(req):
    """The Directory API's paging: ``maxResults`` users (default 100, at most 500) and a ``pageToken``."""
    page, token = _gsuite_page(req)
    return _paged([dict((key, user[key]) for key in ('id', 'primaryEmail', 'givenName', 'familyName', 'thumbnailPhotoUrl')
                        if key in user) for user in page], token)


@route('GET', 2, '/gsuites/{gsuite_id}/import/jumpcloudusers')
def gsuite_import_jumpcloud_users(req):
    """The same users in JumpCloud's user shape: ``email``, ``firstname``, ``lastname`` and the fields Google holds."""
    page, token = _gsuite_page(req)
    allow_empty = q.first(req.query, 'allowEmptyFields') == 'true'
    users = []
    for user in page:
        out = {'email': user.get('primaryEmail'), 'firstname': user.get('givenName'), 'lastname': user.get('familyName')}
        out.update((key, user[key]) for key in USER_FIELDS if key in user and key != 'email')
        users.append(dict((key, value) for key, value in out.items() if allow_empty or value not in (None, '', [])))
    return _paged(users, token)


# ---- domains and translation rules of Office 365 and Google Workspace ---------------------------

def _change(store, kind, ident, key, change):
    """Apply ``change(list) -> answer`` to a directory's private list ``key`` under the lock."""
    with store.lock:
        directory = dict(load_directory(store, kind, ident))
        items = [dict(item) for item in directory.get(key) or []]
        answer = change(items)
        directory[key] = items
        store.put(kind, directory)
    return answer


def _domains(kind, param):
    def list_domains(req):
        directory = load_directory(req.store, kind, req.params[param])
        domains = directory.get('_domains') or []
        owner = 'resourceObjectId' if kind == 'office365s' else 'accountObjectId'
        rendered = [dict(domain, **{owner: directory['id']}) for domain in domains]
        return Response(200, {'totalCount': len(rendered), 'domains': q.page(rendered, req.query)})

    def add_domain(req):
        name = req.json().get('domain') if kind == 'office365s' else q.first(req.query, 'domain')
        if not name:
            raise BadRequest('domain is required')

        def add(items):
            if any(item['domain'].lower() == name.lower() for item in items):
                raise Conflict('domain %s is already configured' % name)
            item = {'objectId': req.store.new_id(), 'domain': name, 'default': not items}
            items.append(item)
            return item

        return Response(201, {'domain': _change(req.store, kind, req.params[param], '_domains', add)})

    def delete_domain(req):
        domain_id = req.params['domain_id' if kind == 'office365s' else 'domainId']

        def remove(items):
            found = next((item for item in items if item['objectId'] == domain_id), None)
            if found is None:
                raise NotFound('domain', domain_id)
            items.remove(found)
            return found

        return Response(200, {'domain': _change(req.store, kind, req.params[param], '_domains', remove)})

    return list_domains, add_domain, delete_domain


def _translation_rules(kind, param):
    def list_rules(req):
        directory = load_directory(req.store, kind, req.params[param])
        return q.list_v2(req.query, directory.get('_translationRules') or [], ('id', 'builtIn'), dict)

    def add_rule(req):
        body = req.json()
        rule = {'builtIn': body.get('builtIn'), 'direction': body.get('direction') or 'export'}
        if not rule['builtIn']:
            raise BadRequest('builtIn is required')

        def add(items):
            if any(item['builtIn'] == rule['builtIn'] and item['direction'] == rule['direction'] for item in items):
                raise Conflict('translation rule %s (%s) already exists' % (rule['builtIn'], rule['direction']))
            created = dict(rule, id=req.store.new_id())
            items.append(created)
            return created

        return Response(201, _change(req.store, kind, req.params[param], '_translationRules', add))

    def _find(items, rule_id):
        found = next((item for item in items if item['id'] == rule_id), None)
        if found is None:
            raise NotFound('translation rule', rule_id)
        return found

    def get_rule(req):
        directory = load_directory(req.store, kind, req.params[param])
        return Response(200, _find(directory.get('_translationRules') or [], req.params['id']))

    def delete_rule(req):
        _change(req.store, kind, req.params[param], '_translationRules',
                lambda items: items.remove(_find(items, req.params['id'])))
        return Response(204)

    return list_rules, add_rule, get_rule, delete_rule


DIRECTORY_ROUTES = (('office365s', 'office365_id', '/office365s/{office365_id}', 'domain_id'),
                    ('gsuites', 'gsuite_id', '/gsuites/{gsuite_id}', 'domainId'))


def _register():
    for kind, param, prefix, domain_param in DIRECTORY_ROUTES:
        list_domains, add_domain, delete_domain = _domains(kind, param)
        route('GET', 2, prefix + '/domains')(list_domains)
        route('POST', 2, prefix + '/domains')(add_domain)
        route('DELETE', 2, prefix + '/domains/{%s}' % domain_param)(delete_domain)
        list_rules, add_rule, get_rule, delete_rule = _translation_rules(kind, param)
        route('GET', 2, prefix + '/translationrules')(list_rules)
        route('POST', 2, prefix + '/translationrules')(add_rule)
        route('GET', 2, prefix + '/translationrules/{id}')(get_rule)
        route('DELETE', 2, prefix + '/translationrules/{id}')(delete_rule)


_register()
