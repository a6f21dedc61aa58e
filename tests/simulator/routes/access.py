"""v2 access requests: plain ones at /accessrequests and workflow ones at /approvalflowrequest.

Plain access requests (``accessrequests``) grant a user access to a resource until ``expiry``, for
example temporary admin rights on a device (``resourceType: device``, ``additionalAttributes:
{sudo: {...}}``). They are addressed by the ``accessId`` a create returns; the document has no list
route. GET answers ``GetAccessRequestResponse``: ``id`` is an int32 row number, ``accessId`` the
string id, ``additionalAttributes`` the attributes as base64-encoded JSON (format byte), and
``accessState`` one of ``granted``, ``revoked``, ``expired`` (``granted`` is the value JumpCloud's
own article shows; a granted request whose ``expiry`` has passed reads ``expired``).

Workflow access requests (``approvalflowrequests``) are made by users in the User Portal against an
approval flow and decided by approvers. ``status`` is one of PENDING, MISSING_DATA, ERROR (all three
undecided), APPROVED, DENIED, CANCELLED, EXPIRED, REVOKED. Transitions:

* ``PUT /approvalflowrequest/{id}`` with ``status`` APPROVED or DENIED decides an undecided request;
  an approved time-based request expires ``approvedDuration`` (else ``requestedDuration``) later;
* ``POST /approvalflowrequest/{id}/cancel``: undecided -> CANCELLED;
* ``POST /approvalflowrequest/revoke-ttl-active-session`` ``{requestIds}``: an APPROVED time-based
  request for anything but a device -> REVOKED (the "Timed Access" sessions);
* ``POST /sudoactivesessions/revoke`` ``{requestIds}``: an APPROVED device request -> REVOKED (the
  "Device Admin" sessions);
* on read, an undecided request older than 30 days and an approved one past its ``expirationDate``
  read EXPIRED.

Anything else (cancelling a decided request, revoking one that is not an approved session, revoking
a plain request twice, updating a revoked one) is a 400 naming the status. None of these answers
is documented; see the simulator README ("to confirm on a live org").
"""

import base64
import datetime
import json
import os
import re
import uuid

from .. import query as q
from ..common import GRAPH_TYPE_KIND, BadRequest, NotFound, Response, new_object_id
from ..seed import SeedError, completer, id_factory
from . import route

ACCESS = 'accessrequests'
WORKFLOW = 'approvalflowrequests'

GRANTED, REVOKED, EXPIRED = 'granted', 'revoked', 'expired'

PENDING, MISSING_DATA, ERROR = 'PENDING', 'MISSING_DATA', 'ERROR'
APPROVED, DENIED, CANCELLED = 'APPROVED', 'DENIED', 'CANCELLED'
WF_EXPIRED, WF_REVOKED = 'EXPIRED', 'REVOKED'
UNDECIDED = (PENDING, MISSING_DATA, ERROR)
STATUSES = UNDECIDED + (APPROVED, DENIED, CANCELLED, WF_EXPIRED, WF_REVOKED)
RETENTION = datetime.timedelta(days=30)
DEVICE = 'device'

# resourceType -> collection whose object must exist (other types are stored as given)
RESOURCE_KINDS = dict(GRAPH_TYPE_KIND, device='systems')

# the administrator every API-key write is made as
ADMIN_ID = new_object_id()

# the create body (jumpcloud.ingresso.CreateAccessRequestsRequest) less organizationObjectId
CREATE_FIELDS = ('additionalAttributes', 'applicationIntId', 'expiry', 'operationId', 'remarks', 'requestorId',
                 'resourceId', 'resourceType')
ACCESS_FIELDS = ('accessId', 'accessState', 'additionalAttributes', 'applicationIntId', 'companyId', 'createdBy',
                 'duration', 'expiry', 'id', 'jobId', 'metadata', 'onBehalfOfUserId', 'operationId', 'remarks',
                 'requestorId', 'resourceId', 'resourceType', 'tempGroupId', 'updatedBy', 'version')
# jumpcloud.ingresso.WorkflowAccessRequest (list items) and GetWorkflowAccessRequestResponse (one request)
LIST_FIELDS = ('approvalFlowDescription', 'approvalFlowId', 'approvalFlowName', 'approvalType', 'approvedDuration',
               'createdAt', 'department', 'devicePermissionLevel', 'expirationDate', 'group', 'iconColor', 'iconUrl',
               'id', 'internalNote', 'manager', 'nonAdminApproval', 'remarks', 'requestedDuration', 'requestor',
               'resourceId', 'resourceType', 'runId', 'sessionStartDate', 'status', 'timeBasedAccess', 'updatedAt',
               'updatedBy', 'userName', 'wfMetadata')
GET_FIELDS = ('approvalFlowDescription', 'approvalFlowId', 'approvalFlowName', 'approvalType', 'approvedDuration',
              'approvers', 'approversRequirement', 'category', 'createdAt', 'department', 'devicePermissionLevel',
              'fixedDuration', 'group', 'iconColor', 'iconUrl', 'id', 'internalNote', 'manager', 'metadata',
              'multiSelectDuration', 'nonAdminApproval', 'remarks', 'requestedDuration', 'requestor', 'resourceId',
              'resourceType', 'runId', 'sessionStartDate', 'status', 'timeBasedAccess', 'ttlConfig', 'updatedAt',
              'updatedBy', 'userName')
WORKFLOW_DEFAULTS = {
    'approvalFlowDescription': '', 'approvalFlowId': '', 'approvalFlowName': '', 'approvalType': 'MANUAL',
    'approvedDuration': '', 'approvers': [], 'approversRequirement': '', 'category': '', 'department': '',
    'devicePermissionLevel': '', 'expirationDate': '', 'fixedDuration': '', 'group': '', 'iconColor': '',
    'iconUrl': '', 'internalNote': '', 'manager': '', 'metadata': '', 'multiSelectDuration': [],
    'nonAdminApproval': False, 'remarks': '', 'requestedDuration': '', 'requestor': '', 'resourceId': '',
    'resourceType': 'application', 'runId': '', 'sessionStartDate': '', 'status': PENDING,
    'timeBasedAccess': False, 'ttlConfig': 'TTL_CONFIG_UNSPECIFIED', 'updatedBy': '', 'userName': '',
    'wfMetadata': '',
}
WORKFLOW_SORT = ('approvalFlowName', 'createdAt', 'expirationDate', 'id', 'requestor', 'resourceType', 'status',
                 'updatedAt', 'userName')

_RFC3339 = re.compile(r'^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2})$')
_DURATION = re.compile(r'^(\d+(?:\.\d+)?)([smhd]?)$')


# ---- time -------------------------------------------------------------------------

def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def parse_time(value, what):
    """An RFC 3339 date-time -> aware UTC datetime (whole seconds); 400 otherwise."""
    match = _RFC3339.match(value) if isinstance(value, str) else None
    if not match:
        raise BadRequest('%s must be an RFC 3339 date-time such as 2030-01-31T18:00:00Z, not %r' % (what, value))
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                                   tzinfo=datetime.timezone.utc)
    except ValueError as exc:
        raise BadRequest('%s is not a valid date-time: %s' % (what, exc)) from exc
    if zone not in ('Z', 'z'):
        sign = 1 if zone[0] == '+' else -1
        moment -= sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return moment


def format_time(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def parse_duration(value):
    """``3600s`` (protobuf Duration), ``8h``, ``30m``, ``2d`` or plain seconds -> timedelta; None if empty or unreadable."""
    match = _DURATION.match(str(value or '').strip())
    if not match:
        return None
    unit = {'': 1, 's': 1, 'm': 60, 'h': 3600, 'd': 86400}[match.group(2)]
    return datetime.timedelta(seconds=float(match.group(1)) * unit)


def _b64_object_id(hex_id):
    try:
        return base64.b64encode(bytes.fromhex(hex_id)).decode('ascii')
    except ValueError:
        return ''


# ---- plain access requests ------------------------------------------------------------

def _decode_attributes(value):
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        decoded = json.loads(base64.b64decode(value, validate=True).decode('utf-8'))
    except (ValueError, TypeError) as exc:
        raise SeedError('additionalAttributes must be an object or base64-encoded JSON object: %s' % exc) from exc
    if not isinstance(decoded, dict):
        raise SeedError('additionalAttributes must encode a JSON object')
    return decoded


def access_state(request):
    state = request.get('accessState') or GRANTED
    if state == GRANTED and request.get('expiry') and parse_time(request['expiry'], 'expiry') <= now():
        return EXPIRED
    return state


def render_access(request):
    out = dict((key, request[key]) for key in ACCESS_FIELDS if key in request)
    attributes = request.get('additionalAttributes') or {}
    out['additionalAttributes'] = base64.b64encode(json.dumps(attributes).encode('utf-8')).decode('ascii') \
        if attributes else ''
    out['accessState'] = access_state(request)
    return out


def _duration(request):
    if not request.get('expiry'):
        return 0
    seconds = (parse_time(request['expiry'], 'expiry') - parse_time(request['_created'], 'created')).total_seconds()
    return max(0, min(int(seconds), 2 ** 31 - 1))


def _next_row(store):
    used = [r.get('id') for r in store.all(ACCESS) if isinstance(r.get('id'), int)]
    return max(used + [0]) + 1


def build_access(app, body, access_id):
    store = app.store
    request = {
        'accessId': access_id, 'id': _next_row(store), 'applicationIntId': '', 'onBehalfOfUserId': '',
        'requestorId': '', 'tempGroupId': '', 'resourceId': '', 'resourceType': '', 'accessState': GRANTED,
        'remarks': '', 'expiry': '', 'version': 0, 'createdBy': ADMIN_ID, 'updatedBy': ADMIN_ID, 'operationId': '',
        'additionalAttributes': {}, 'metadata': '', 'jobId': base64.b64encode(os.urandom(12)).decode('ascii'),
        'companyId': _b64_object_id(app.organization), '_created': format_time(now()),
    }
    request.update(dict((k, v) for k, v in body.items() if k != 'organizationObjectId'))
    request['additionalAttributes'] = _decode_attributes(request.get('additionalAttributes'))
    if request['expiry']:
        request['expiry'] = format_time(parse_time(request['expiry'], 'expiry'))
    request['duration'] = _duration(request)
    return request


@id_factory(ACCESS)
@id_factory(WORKFLOW)
def new_request_id():
    """Request ids are opaque strings; the simulator mints UUIDs (the format is not documented)."""
    return str(uuid.uuid4())


@completer(ACCESS)
def complete_access(app, obj, existing):
    try:
        request = build_access(app, obj, obj['accessId'])
    except BadRequest as exc:
        raise SeedError(exc.message) from exc
    if existing is not None:
        request['id'] = obj.get('id', existing['id'])
    if request.get('accessState') not in (GRANTED, REVOKED, EXPIRED):
        raise SeedError('accessState must be one of granted, revoked, expired')
    return request


def load_access(store, access_id):
    request = store.get(ACCESS, access_id)
    if request is None:
        raise NotFound('access request', access_id)
    return request


def _check_reference(store, body):
    for key in ('requestorId', 'resourceId', 'resourceType'):
        if not body.get(key):
            raise BadRequest('%s is required' % key)
    if store.get('systemusers', body['requestorId']) is None:
        raise BadRequest('requestorId %s is not an existing user' % body['requestorId'])
    kind = RESOURCE_KINDS.get(body['resourceType'])
    if kind is not None and store.get(kind, body['resourceId']) is None:
        raise BadRequest('resourceId %s is not an existing %s' % (body['resourceId'], body['resourceType']))


@route('POST', 2, '/accessrequests')
def create_access(req):
    body = req.json()
    store = req.store
    with store.lock:
        _check_reference(store, body)
        request = build_access(req.app, dict((k, body[k]) for k in CREATE_FIELDS if k in body), new_request_id())
        if request['expiry'] and parse_time(request['expiry'], 'expiry') <= now():
            raise BadRequest('expiry must be in the future')
        store.put(ACCESS, request)
    return Response(200, {'id': request['accessId']})


@route('GET', 2, '/accessrequests/{accessId}')
def get_access(req):
    return Response(200, render_access(load_access(req.store, req.params['accessId'])))


@route('PUT', 2, '/accessrequests/{accessId}')
def update_access(req):
    body = req.json()
    store = req.store
    with store.lock:
        request = dict(load_access(store, req.params['accessId']))
        state = access_state(request)
        if state != GRANTED:
            raise BadRequest('access request %s is %s and can no longer be updated' % (request['accessId'], state))
        if body.get('expiry') not in (None, ''):
            expiry = parse_time(body['expiry'], 'expiry')
            if expiry <= now():
                raise BadRequest('expiry must be in the future')
            request['expiry'] = format_time(expiry)
        if 'remarks' in body:
            request['remarks'] = body['remarks']
        # JumpCloud's own example extends an expiry with "additionalAttributes": {}: an empty object keeps them
        if body.get('additionalAttributes'):
            request['additionalAttributes'] = body['additionalAttributes']
        request['duration'] = _duration(request)
        request['version'] = request.get('version', 0) + 1
        request['updatedBy'] = ADMIN_ID
        store.put(ACCESS, request)
    return Response(200, {})


@route('POST', 2, '/accessrequests/{accessId}/revoke')
def revoke_access(req):
    store = req.store
    with store.lock:
        request = dict(load_access(store, req.params['accessId']))
        state = access_state(request)
        if state != GRANTED:
            raise BadRequest('access request %s is already %s' % (request['accessId'], state))
        request['accessState'] = REVOKED
        request['version'] = request.get('version', 0) + 1
        request['updatedBy'] = ADMIN_ID
        request['_revoked'] = format_time(now())
        store.put(ACCESS, request)
    return Response(200, {})


# ---- workflow access requests -------------------------------------------------------

def workflow_status(request):
    """The status as read: undecided past the retention period, or approved past the expiration date, is EXPIRED."""
    status = request.get('status') or PENDING
    if status in UNDECIDED and request.get('createdAt'):
        if parse_time(request['createdAt'], 'createdAt') + RETENTION <= now():
            return WF_EXPIRED
    if status == APPROVED and request.get('timeBasedAccess') and request.get('expirationDate'):
        if parse_time(request['expirationDate'], 'expirationDate') <= now():
            return WF_EXPIRED
    return status


def render_workflow(request, fields):
    out = dict((key, request[key]) for key in fields if key in request)
    out['status'] = workflow_status(request)
    return out


def build_workflow(app, body, request_id):
    store = app.store
    request = dict(WORKFLOW_DEFAULTS)
    request['id'] = request_id
    stamp = format_time(now())
    request['createdAt'] = stamp
    request['updatedAt'] = stamp
    request.update(body)
    user = store.get('systemusers', request['requestor']) if request['requestor'] else None
    if user is not None:
        request['userName'] = request['userName'] or user.get('username', '')
        request['department'] = request['department'] or user.get('department', '')
        request['manager'] = request['manager'] or user.get('manager', '')
    if request['status'] not in STATUSES:
        raise SeedError('status must be one of %s' % ', '.join(STATUSES))
    return request


@completer(WORKFLOW)
def complete_workflow(app, obj, _existing):
    request = build_workflow(app, obj, obj['id'])
    try:
        for key in ('createdAt', 'updatedAt', 'expirationDate'):
            if request.get(key):
                request[key] = format_time(parse_time(request[key], key))
    except BadRequest as exc:
        raise SeedError(exc.message) from exc
    return request


def load_workflow(store, request_id):
    request = store.get(WORKFLOW, request_id)
    if request is None:
        raise NotFound('workflow access request', request_id)
    return request


def _touch(request, admin=None):
    request['updatedAt'] = format_time(now())
    request['updatedBy'] = admin or ADMIN_ID


@route('GET', 2, '/approvalflowrequest')
def list_workflow(req):
    items = [render_workflow(r, LIST_FIELDS) for r in req.store.all(WORKFLOW)]
    predicate = q.v2_predicate(req.query)
    if predicate:
        items = [r for r in items if predicate(r)]
    items = q.apply_sort(items, req.query, 2, WORKFLOW_SORT)
    limit, skip = q.paging(req.query)
    fields = q.field_list(req.query, 2)
    results = [q.project(r, fields, 'id') for r in items[skip:skip + limit]]
    return Response(200, {'results': results, 'totalCount': len(items)})


@route('POST', 2, '/approvalflowrequest')
def create_workflow(req):
    """A request as the caller; an API key is an administrator's, not a user's, so ``requestor`` stays empty."""
    body = req.json()
    if not body.get('id'):
        raise BadRequest('id (the approval flow) is required')
    fields = {'approvalFlowId': body['id'], 'remarks': body.get('reason') or '',
              'requestedDuration': body.get('requestedDuration') or '',
              'devicePermissionLevel': body.get('devicePermissionLevel') or '',
              'sessionStartDate': body.get('sessionStartDate') or ''}
    if body.get('deviceId'):
        fields.update(resourceId=body['deviceId'], resourceType=DEVICE, timeBasedAccess=True)
    request = build_workflow(req.app, fields, new_request_id())
    req.store.put(WORKFLOW, request)
    return Response(200, {'id': request['id']})


@route('GET', 2, '/approvalflowrequest/{id}')
def get_workflow(req):
    return Response(200, render_workflow(load_workflow(req.store, req.params['id']), GET_FIELDS))


@route('PUT', 2, '/approvalflowrequest/{id}')
def update_workflow(req):
    body = req.json()
    store = req.store
    with store.lock:
        request = dict(load_workflow(store, req.params['id']))
        status = workflow_status(request)
        wanted = body.get('status')
        if wanted not in (None, '', status):
            if wanted not in (APPROVED, DENIED):
                raise BadRequest('status can be set to APPROVED or DENIED; cancel a pending request at '
                                 '/approvalflowrequest/{id}/cancel and revoke an approved one at '
                                 '/approvalflowrequest/revoke-ttl-active-session or /sudoactivesessions/revoke')
            if status not in UNDECIDED:
                raise BadRequest('workflow access request %s is %s and can no longer be decided' % (request['id'], status))
            request['status'] = wanted
            if wanted == APPROVED:
                request['approvedDuration'] = body.get('approvedDuration') or request['requestedDuration']
                duration = parse_duration(request['approvedDuration'])
                if request.get('timeBasedAccess') and duration:
                    request['expirationDate'] = format_time(now() + duration)
        for key in ('remarks', 'internalNote'):
            if key in body:
                request[key] = body[key]
        _touch(request, body.get('admin'))
        store.put(WORKFLOW, request)
    return Response(200, {})


@route('POST', 2, '/approvalflowrequest/{id}/cancel')
def cancel_workflow(req):
    store = req.store
    with store.lock:
        request = dict(load_workflow(store, req.params['id']))
        status = workflow_status(request)
        if status not in UNDECIDED:
            raise BadRequest('workflow access request %s is %s; only a request awaiting a decision can be cancelled'
                             % (request['id'], status))
        request['status'] = CANCELLED
        _touch(request)
        store.put(WORKFLOW, request)
    return Response(200, {})


def _revoke_sessions(req, device):
    ids = req.json().get('requestIds') or []
    if not ids:
        raise BadRequest('requestIds is required')
    store = req.store
    with store.lock:
        requests = [dict(load_workflow(store, request_id)) for request_id in ids]
        for request in requests:
            status = workflow_status(request)
            if status != APPROVED:
                raise BadRequest('workflow access request %s is %s, not an active session' % (request['id'], status))
            if device and request.get('resourceType') != DEVICE:
                raise BadRequest('workflow access request %s is not a device admin session; revoke it at '
                                 '/approvalflowrequest/revoke-ttl-active-session' % request['id'])
            if not device and request.get('resourceType') == DEVICE:
                raise BadRequest('workflow access request %s is a device admin session; revoke it at '
                                 '/sudoactivesessions/revoke' % request['id'])
            if not device and not request.get('timeBasedAccess'):
                raise BadRequest('workflow access request %s granted access without a time limit; there is no '
                                 'session to revoke' % request['id'])
        for request in requests:
            request['status'] = WF_REVOKED
            _touch(request)
            store.put(WORKFLOW, request)
    return Response(200, {})


@route('POST', 2, '/approvalflowrequest/revoke-ttl-active-session')
def revoke_ttl_sessions(req):
    return _revoke_sessions(req, device=False)


@route('POST', 2, '/sudoactivesessions/revoke')
def revoke_device_sessions(req):
    return _revoke_sessions(req, device=True)
