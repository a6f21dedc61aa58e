"""v1 /systemusers: CRUD, search and the lifecycle actions."""

from .. import query as q
from ..common import ApiError, BadRequest, NotFound, Response, now_iso, public
from ..seed import SeedError, completer
from . import route

KIND = 'systemusers'
DUPLICATE = 'User already exists or Bad Request'
SEARCH_FIELDS = ('username', 'email', 'firstname', 'lastname', 'displayname', 'middlename', 'employeeIdentifier',
                 'department', 'jobTitle', 'company', 'alternateEmail')
STRING_DEFAULTS = ('firstname', 'middlename', 'lastname', 'displayname', 'description', 'company', 'costCenter',
                   'department', 'employeeType', 'jobTitle', 'location', 'alternateEmail', 'external_dn',
                   'external_source_type', 'public_key', 'creationSource')
BOOL_DEFAULTS = ('account_locked', 'allow_public_key', 'disableDeviceMaxLoginAttempts', 'enable_managed_uid',
                 'enable_user_portal_multifactor', 'externally_managed', 'ldap_binding_user', 'password_expired',
                 'password_never_expires', 'passwordless_sudo', 'samba_service_user', 'sudo', 'totp_enabled')
LIST_DEFAULTS = ('addresses', 'attributes', 'phoneNumbers', 'relationships', 'ssh_keys', 'restrictedFields')
ENROLLMENT = ('totpStatus', 'webAuthnStatus', 'pushStatus', 'smsStatus', 'overallStatus', 'jcGoStatus')
# write-only or handled specially
SPECIAL = ('_id', 'password', 'ssh_keys', 'state', 'suspended', 'mfa', 'organization', 'created')


def not_enrolled():
    return dict((key, 'NOT_ENROLLED') for key in ENROLLMENT)


def render(user):
    return public(user)


def _with_item_ids(store, items):
    out = []
    for item in items or []:
        if isinstance(item, dict) and not item.get('id'):
            item = dict(item, id=store.new_id())
        out.append(item)
    return out


def _ssh_keys(store, keys):
    out = []
    for key in keys or []:
        key = dict(key)
        key.setdefault('_id', store.new_id())
        key.setdefault('create_date', now_iso())
        out.append(key)
    return out


def _next_uid(store):
    used = [u.get('unix_uid') for u in store.all(KIND) if isinstance(u.get('unix_uid'), int)]
    used += [u.get('unix_guid') for u in store.all(KIND) if isinstance(u.get('unix_guid'), int)]
    return max(used + [5000]) + 1


def _check_unique(store, user, exclude=None):
    username = (user.get('username') or '').lower()
    email = (user.get('email') or '').lower()
    for other in store.all(KIND):
        if other['_id'] == exclude:
            continue
        if username and (other.get('username') or '').lower() == username:
            raise BadRequest(DUPLICATE)
        if email and (other.get('email') or '').lower() == email:
            raise BadRequest(DUPLICATE)


def _check_manager(store, manager, own_id=None):
    if manager in (None, ''):
        return
    if manager == own_id or store.get(KIND, manager) is None:
        raise BadRequest('manager %s is not an existing user' % manager)


def build_user(app, body):
    """A complete stored user from a create body (or a seeded object)."""
    store = app.store
    user = {'_id': body.get('_id') or store.new_id()}
    user.update(dict((k, v) for k, v in body.items() if k != 'password'))
    user.setdefault('created', now_iso())
    user.setdefault('organization', app.organization)
    for key in STRING_DEFAULTS:
        user.setdefault(key, '')
    for key in BOOL_DEFAULTS:
        user.setdefault(key, key == 'allow_public_key')
    for key in LIST_DEFAULTS:
        user.setdefault(key, [])
    state = user.get('state')
    if state not in ('STAGED', 'ACTIVATED', 'SUSPENDED'):
        state = 'SUSPENDED' if user.get('suspended') else 'ACTIVATED'
    user['state'] = state
    user['suspended'] = state == 'SUSPENDED'
    user.setdefault('activated', state == 'ACTIVATED')
    user.setdefault('account_locked_date', None)
    user.setdefault('badLoginAttempts', 0)
    user.setdefault('mfa', {'configured': False, 'exclusion': False})
    user.setdefault('mfaEnrollment', not_enrolled())
    user.setdefault('password_expiration_date', None)
    user.setdefault('recoveryEmail', {'address': '', 'verified': False})
    user['addresses'] = _with_item_ids(store, user['addresses'])
    user['phoneNumbers'] = _with_item_ids(store, user['phoneNumbers'])
    user['ssh_keys'] = _ssh_keys(store, user['ssh_keys'])
    if 'unix_uid' not in user or 'unix_guid' not in user:
        uid = _next_uid(store)
        user.setdefault('unix_uid', uid)
        user.setdefault('unix_guid', uid)
    if body.get('password'):
        user['_password'] = body['password']
        user['password_date'] = now_iso()
    user.setdefault('password_date', None)
    if user.get('manager') in (None, ''):
        user.pop('manager', None)
    return user


@completer(KIND)
def complete(app, obj, _existing):
    if not obj.get('username') or not obj.get('email'):
        raise SeedError('seeded systemusers need username and email')
    return build_user(app, obj)


def load(store, ident):
    user = store.get(KIND, ident)
    if user is None:
        raise NotFound('user', ident)
    return user


# ---- collection -------------------------------------------------------------

@route('GET', 1, '/systemusers')
def list_users(req):
    return q.list_v1(req.query, req.store.all(KIND), ('_id',), SEARCH_FIELDS, render)


@route('POST', 1, '/systemusers')
def create_user(req):
    body = req.json()
    if not body.get('username') or not body.get('email'):
        raise BadRequest('username and email are required')
    store = req.store
    with store.lock:
        _check_unique(store, body)
        _check_manager(store, body.get('manager'))
        user = build_user(req.app, dict((k, v) for k, v in body.items() if k not in ('_id', 'organization', 'created')))
        store.put(KIND, user)
    return Response(200, render(user))


@route('POST', 1, '/search/systemusers')
def search_users(req):
    body = req.json()
    items = req.store.all(KIND)
    items = [u for u in items if search_body_matches(body, u)]
    return q.list_v1(req.query, items, ('_id',), SEARCH_FIELDS, render, body_fields=body.get('fields'))


def search_body_matches(body, obj, default_fields=SEARCH_FIELDS):
    """The ``search`` body: ``filter`` {and|or: [{field: value}]} and ``searchFilter`` {searchTerm, fields}."""
    flt = body.get('filter')
    if isinstance(flt, dict) and flt:
        if 'or' in flt:
            exprs, combine = flt.get('or') or [], any
        else:
            exprs, combine = flt.get('and') or [flt], all
        results = [_expr_matches(expr, obj) for expr in exprs if isinstance(expr, dict)]
        if results and not combine(results):
            return False
    sfilter = body.get('searchFilter')
    if isinstance(sfilter, dict) and sfilter.get('searchTerm'):
        terms = sfilter['searchTerm']
        terms = terms if isinstance(terms, list) else [terms]
        fields = sfilter.get('fields') or list(default_fields)
        if not any(q.search_predicate(str(term), fields)(obj) for term in terms):
            return False
    return True


def _expr_matches(expr, obj):
    for field, wanted in expr.items():
        values = q._scalars(q.get_path(obj, field))  # pylint: disable=protected-access
        texts = [q._as_string(v) for v in values]  # pylint: disable=protected-access
        if isinstance(wanted, list):
            if not any(q._as_string(w) in texts for w in wanted):  # pylint: disable=protected-access
                return False
        elif q._as_string(wanted) not in texts:  # pylint: disable=protected-access
            return False
    return True


# ---- one user -----------------------------------------------------------------

@route('GET', 1, '/systemusers/{id}')
def get_user(req):
    user = load(req.store, req.params['id'])
    predicate = q.v1_predicate(req.query)
    if predicate and not predicate(user):
        raise NotFound('user', req.params['id'])
    return Response(200, q.project(render(user), q.field_list(req.query, 1), '_id'))


@route('PUT', 1, '/systemusers/{id}')
def update_user(req):
    body = req.json()
    store = req.store
    with store.lock:
        user = dict(load(store, req.params['id']))
        _check_unique(store, body, exclude=user['_id'])
        if 'manager' in body:
            _check_manager(store, body['manager'], user['_id'])
        for key, value in body.items():
            if key in SPECIAL:
                continue
            user[key] = value
        if 'addresses' in body:
            user['addresses'] = _with_item_ids(store, body['addresses'])
        if 'phoneNumbers' in body:
            user['phoneNumbers'] = _with_item_ids(store, body['phoneNumbers'])
        if 'ssh_keys' in body:
            user['ssh_keys'] = _ssh_keys(store, body['ssh_keys'])
        if 'mfa' in body and isinstance(body['mfa'], dict):
            user['mfa'] = dict(user.get('mfa') or {}, **body['mfa'])
        if body.get('state') in ('ACTIVATED', 'SUSPENDED', 'STAGED'):
            _set_state(user, body['state'])
        elif 'suspended' in body:
            if body['suspended']:
                _set_state(user, 'SUSPENDED')
            elif user['state'] == 'SUSPENDED':
                _set_state(user, 'ACTIVATED')
        if body.get('password'):
            user['_password'] = body['password']
            user['password_date'] = now_iso()
            user['password_expired'] = False
        if body.get('account_locked') is False:
            user['account_locked_date'] = None
        elif body.get('account_locked') is True and not user.get('account_locked_date'):
            user['account_locked_date'] = now_iso()
        if user.get('manager') in (None, ''):
            user.pop('manager', None)
        store.put(KIND, user)
    return Response(200, render(user))


def _set_state(user, state):
    user['state'] = state
    user['suspended'] = state == 'SUSPENDED'
    if state == 'ACTIVATED':
        user['activated'] = True


@route('DELETE', 1, '/systemusers/{id}')
def delete_user(req):
    store = req.store
    ident = req.params['id']
    cascade = q.first(req.query, 'cascade_manager')
    with store.lock:
        user = load(store, ident)
        reports = [u for u in store.all(KIND) if u.get('manager') == ident]
        if cascade is not None and cascade != 'null':
            if cascade == ident or store.get(KIND, cascade) is None:
                raise BadRequest('cascade_manager %s is not an existing user' % cascade)
        if reports:
            if cascade is None:
                raise ApiError(409, 'user is a manager of other users; set cascade_manager')
            for report in reports:
                report = dict(report)
                if cascade == 'null':
                    report.pop('manager', None)
                else:
                    report['manager'] = cascade
                store.put(KIND, report)
        store.delete(KIND, ident)
    return Response(200, render(user))


# ---- actions --------------------------------------------------------------------

def _change(req, func):
    store = req.store
    with store.lock:
        user = dict(load(store, req.params['id']))
        func(user)
        store.put(KIND, user)
    return user


@route('POST', 1, '/systemusers/{id}/state/activate')
def activate(req):
    def apply(user):
        if user['state'] in ('STAGED', 'SUSPENDED'):
            _set_state(user, 'ACTIVATED')
        email = req.json().get('email')
        if email not in (None, False):
            user['_activationEmailSentTo'] = email if isinstance(email, str) else user.get('email')
    _change(req, apply)
    return Response(200, 'OK')


@route('POST', 1, '/systemusers/{id}/state/suspend')
def suspend(req):
    _change(req, lambda user: _set_state(user, 'SUSPENDED'))
    return Response(200)


@route('POST', 1, '/systemusers/{id}/unlock')
def unlock(req):
    def apply(user):
        user['account_locked'] = False
        user['account_locked_date'] = None
        user['badLoginAttempts'] = 0
    _change(req, apply)
    return Response(200, 'OK')


@route('POST', 1, '/systemusers/{id}/expire')
def expire(req):
    def apply(user):
        user['password_expired'] = True
        user['password_expiration_date'] = now_iso()
    _change(req, apply)
    return Response(200, 'OK')


@route('POST', 1, '/systemusers/{id}/resetmfa')
def reset_mfa(req):
    body = req.json()

    def apply(user):
        mfa = {'configured': False, 'exclusion': bool(body.get('exclusion', False))}
        if body.get('exclusionUntil'):
            mfa['exclusionUntil'] = body['exclusionUntil']
        if body.get('exclusionDays'):
            mfa['exclusionDays'] = body['exclusionDays']
            mfa.setdefault('exclusionUntil', now_iso(86400 * int(body['exclusionDays'])))
        user['mfa'] = mfa
        user['totp_enabled'] = False
        user['mfaEnrollment'] = not_enrolled()
    _change(req, apply)
    return Response(200, 'OK')


@route('POST', 1, '/systemusers/{id}/password')
def set_password(req):
    password = req.json().get('password')
    if not isinstance(password, str) or not password:
        raise BadRequest('password is required')

    def apply(user):
        user['_password'] = password
        user['password_date'] = now_iso()
        user['password_expired'] = False
    _change(req, apply)
    return Response(200)


@route('POST', 1, '/systemusers/{id}/mfa/enforce')
def enforce_mfa(req):
    body = req.json()

    def apply(user):
        if 'enable_user_portal_multifactor' in body:
            user['enable_user_portal_multifactor'] = bool(body['enable_user_portal_multifactor'])
        if isinstance(body.get('mfa'), dict):
            user['mfa'] = dict(user.get('mfa') or {}, **body['mfa'])
    _change(req, apply)
    return Response(200)


@route('GET', 1, '/systemusers/{id}/sshkeys')
def list_ssh_keys(req):
    return Response(200, list(load(req.store, req.params['id']).get('ssh_keys') or []))


@route('POST', 1, '/systemusers/{id}/sshkeys')
def add_ssh_key(req):
    body = req.json()
    if not body.get('name') or not body.get('public_key'):
        raise BadRequest('name and public_key are required')
    key = {'_id': req.store.new_id(), 'create_date': now_iso(), 'name': body['name'], 'public_key': body['public_key']}
    _change(req, lambda user: user.__setitem__('ssh_keys', list(user.get('ssh_keys') or []) + [key]))
    return Response(200, key)


@route('DELETE', 1, '/systemusers/{systemuser_id}/sshkeys/{id}')
def delete_ssh_key(req):
    store = req.store
    with store.lock:
        user = dict(load(store, req.params['systemuser_id']))
        keys = [k for k in user.get('ssh_keys') or [] if k.get('_id') != req.params['id']]
        if len(keys) == len(user.get('ssh_keys') or []):
            raise NotFound('ssh key', req.params['id'])
        user['ssh_keys'] = keys
        store.put(KIND, user)
    return Response(200, 'OK')
