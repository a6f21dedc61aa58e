# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Access requests: plain ones at /accessrequests and workflow ones at /approvalflowrequest.

A plain access request grants a user access to a resource until an expiry (for example temporary admin
rights on a device). JumpCloud cannot list them: each is addressed by the id its creation returns, and
its ``accessState`` is ``granted``, ``revoked`` or ``expired``.

A workflow access request is made by a user in the User Portal against an approval flow and decided by
approvers; they can be listed and filtered. Undecided ones (pending, missing data, error) are cancelled;
approved ones that granted time-limited access are revoked through the active-session endpoints (device
admin sessions at /sudoactivesessions/revoke, other timed access at
/approvalflowrequest/revoke-ttl-active-session); the others are final.

Nothing here imports AnsibleModule: the modules pass in their parameters, a client and the check-mode
flag, and get back the result to exit with, or a JumpCloudValueError to fail with.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
import uuid

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudNotFound, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import deep_merge, values_equal
from ansible_collections.jcops.jumpcloud.plugins.module_utils._input import MULTILINE
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import Resolver, filter_terms
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import GRAPH_TYPES, TOKEN_ID_FORM, get_kind, is_object_id
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report

ACCESS_PATH = '/api/v2/accessrequests'
WORKFLOW_PATH = '/api/v2/approvalflowrequest'
TIMED_REVOKE_PATH = WORKFLOW_PATH + '/revoke-ttl-active-session'
DEVICE_REVOKE_PATH = '/api/v2/sudoactivesessions/revoke'

GRANTED = 'granted'
ACCESS_ENDED = ('revoked', 'expired')
UNDECIDED = ('PENDING', 'MISSING_DATA', 'ERROR')
APPROVED = 'APPROVED'
FINAL = ('CANCELLED', 'CANCELED', 'DENIED', 'EXPIRED', 'REVOKED')
DEVICE = 'device'

# resource_type -> the kind its name resolves in (JumpCloud calls a system a device in access requests)
RESOURCE_KINDS = dict({name: name for name in GRAPH_TYPES}, device='system')

# The options of jc_access_request; the modules add the common ones.
ACCESS_REQUEST_ARGS = dict(
    id=dict(type='str'),
    workflow_request_id=dict(type='str'),
    requestor=dict(type='str'),
    resource_type=dict(type='str'),
    resource=dict(type='str'),
    expiry=dict(type='str'),
    remarks=dict(type='str'),
    additional_attributes=dict(type='dict'),
    state=dict(type='str', default='present', choices=['present', 'revoked', 'cancelled']),
)
# The documents type both ids as plain strings (JumpCloud answers UUIDs): checked as one safe path segment.
REQUEST_IDS = {'id': (TOKEN_ID_FORM, 'access request'), 'workflow_request_id': (TOKEN_ID_FORM, 'workflow access request')}
ACCESS_REQUEST_RULES = dict(mutually_exclusive=[('id', 'workflow_request_id')],
                            required_together=[('resource_type', 'resource')],
                            ids=REQUEST_IDS, text={'remarks': MULTILINE})

ACCESS_REQUEST_INFO_ARGS = dict(
    id=dict(type='str'),
    workflow_request_id=dict(type='str'),
    requestor=dict(type='str'),
    status=dict(type='list', elements='str'),
    filter=dict(type='dict'),
)
ACCESS_REQUEST_INFO_RULES = dict(mutually_exclusive=[('id', 'workflow_request_id', 'requestor'),
                                                     ('id', 'workflow_request_id', 'status'),
                                                     ('id', 'workflow_request_id', 'filter')],
                                 ids=REQUEST_IDS)

# options of a plain access request: option -> API field
FIELDS = (('requestor', 'requestorId'), ('resource_type', 'resourceType'), ('resource', 'resourceId'),
          ('expiry', 'expiry'), ('remarks', 'remarks'), ('additional_attributes', 'additionalAttributes'))
CREATE_ONLY = ('requestor', 'resource_type', 'resource')

_DATE_TIME = re.compile(r'^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([Zz]|[+-]\d{2}:?\d{2})$')


# -- values -------------------------------------------------------------------------------

def parse_time(value, option='expiry'):
    """An RFC 3339 date-time (``2030-01-31T18:00:00Z``, an offset, fractions of a second) as an aware UTC
    datetime to the second: JumpCloud keeps whole seconds. A time without a zone is ambiguous and refused."""
    match = _DATE_TIME.match(str(value).strip()) if value not in (None, '') else None
    if not match:
        raise JumpCloudValueError("{0} must be a date and time with a time zone, such as 2030-01-31T18:00:00Z or "
                                  "2030-01-31T19:00:00+01:00; got {1!r}".format(option, value))
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
                                   tzinfo=datetime.timezone.utc)
    except ValueError as exc:
        raise JumpCloudValueError('{0} {1!r} is not a valid date: {2}'.format(option, value, exc))
    if zone not in ('Z', 'z'):
        digits = zone[1:].replace(':', '')
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        moment = moment - offset if zone[0] == '+' else moment + offset
    return moment


def format_time(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def same_time(wanted, current):
    """True when both name the same second (JumpCloud answers ``...:45Z`` for ``...:45.497Z``)."""
    try:
        return parse_time(wanted) == parse_time(current)
    except JumpCloudValueError:
        return False


def decode_attributes(value):
    """``additionalAttributes`` as a dict: JumpCloud returns them as base64-encoded JSON (format byte)."""
    if isinstance(value, dict):
        return value
    if value in (None, ''):
        return {}
    try:
        decoded = json.loads(base64.b64decode(value, validate=True).decode('utf-8'))
    except (binascii.Error, ValueError, TypeError):
        return value
    return decoded if isinstance(decoded, dict) else value


def readable(request):
    """A plain access request as JumpCloud returns it, with ``additionalAttributes`` decoded to a dict."""
    if not request:
        return {}
    out = dict(request)
    out['additionalAttributes'] = decode_attributes(request.get('additionalAttributes'))
    return out


def access_state(request):
    return str(request.get('accessState') or GRANTED).lower()


def workflow_status(request):
    return str(request.get('status') or '').upper()


def resource_kind(resource_type):
    """The kind a resource of this type is looked up in by name, or None (then it is given by id)."""
    name = RESOURCE_KINDS.get(resource_type)
    return get_kind(name) if name else None


def now():
    return datetime.datetime.now(datetime.timezone.utc)


# -- reading --------------------------------------------------------------------------------

def get_access_request(client, access_id):
    try:
        return client.get('{0}/{1}'.format(ACCESS_PATH, access_id), operation="read access request '{0}'".format(access_id))
    except JumpCloudNotFound:
        return None


def get_workflow_request(client, request_id):
    try:
        return client.get('{0}/{1}'.format(WORKFLOW_PATH, request_id),
                          operation="read workflow access request '{0}'".format(request_id))
    except JumpCloudNotFound:
        return None


def list_workflow_requests(client, requestor_id=None, statuses=None, filters=None):
    """Every workflow access request, paged through completely; optionally of one requestor (by user id, filtered by
    JumpCloud and checked again exactly), with one of ``statuses`` (compared without regard to case) and matching
    ``filters``. A request met twice while paging is returned once."""
    terms = filter_terms(filters)
    if requestor_id:
        terms.insert(0, 'requestor:eq:{0}'.format(requestor_id))
    params = {'filter': terms} if terms else None
    wanted = {status.upper() for status in statuses} if statuses else None
    found, seen = [], set()
    for request in client.paginate(WORKFLOW_PATH, params=params, operation='list workflow access requests'):
        if request.get('id') in seen:
            continue
        seen.add(request.get('id'))
        if requestor_id and request.get('requestor') != requestor_id:
            continue
        if wanted is not None and workflow_status(request) not in wanted:
            continue
        found.append(request)
    return found


def requestor_id(resolver, value):
    """The user id of a requestor given by username or id. An id that is no longer a user is still used as it is, so
    that the requests of a deleted user can be found."""
    try:
        return resolver.id(get_kind('user'), value, 'requestor')
    except JumpCloudValueError:
        if is_object_id(value):
            return value
        raise


def read_access_requests(client, params):
    """jc_access_request_info: one plain request by id, one workflow request by id, or the listed workflow requests."""
    result = dict(changed=False, access_requests=[], workflow_requests=[])
    if params.get('id'):
        request = get_access_request(client, params['id'])
        result['access_requests'] = [readable(request)] if request else []
    elif params.get('workflow_request_id'):
        request = get_workflow_request(client, params['workflow_request_id'])
        result['workflow_requests'] = [request] if request else []
    else:
        user = requestor_id(Resolver(client), params['requestor']) if params.get('requestor') else None
        result['workflow_requests'] = list_workflow_requests(client, user, params.get('status'), params.get('filter'))
    return result


# -- plain access requests ----------------------------------------------------------------

class AccessRequest:
    """Ensures one plain access request: created (without id), updated (with id), or revoked."""

    def __init__(self, client, params, resolver=None):
        self.client = client
        self.params = params
        self.check_mode = client.check_mode
        self.resolver = resolver or Resolver(client)
        self.ids = {}

    def check_input(self):
        params = self.params
        if params['state'] == 'cancelled':
            raise JumpCloudValueError('state=cancelled applies to workflow access requests: give workflow_request_id '
                                      '(a plain access request is revoked with state=revoked)')
        if params['state'] == 'revoked' and not params.get('id'):
            raise JumpCloudValueError('state=revoked needs the id of the access request to revoke (JumpCloud cannot list '
                                      'plain access requests)')
        if params['state'] == 'present' and not params.get('id'):
            missing = [option for option in CREATE_ONLY if not params.get(option)]
            if missing:
                raise JumpCloudValueError('Cannot create an access request: {0} {1} required to create one (or give the id '
                                          'of an existing request)'.format(', '.join(missing), 'is' if len(missing) == 1 else 'are'))
        if params['state'] == 'present' and params.get('expiry') is not None:
            parse_time(params['expiry'])

    def run(self):
        self.check_input()
        access_id = self.params.get('id')
        current = get_access_request(self.client, access_id) if access_id else None
        if access_id and current is None:
            raise JumpCloudValueError("No access request with id '{0}' exists{1}".format(
                access_id, '; to create one, leave out id' if self.params['state'] == 'present' else ''))
        if self.params['state'] == 'revoked':
            return self.revoke(readable(current))
        wanted = self.wanted(readable(current) if current else None)
        if current is None:
            return self.create(wanted)
        return self.update(readable(current), wanted)

    # -- references and values ------------------------------------------------------------

    def reference(self, option, current):
        """The id an option names: as it is when it is the current value, else resolved (an unknown name fails)."""
        value = self.params[option]
        api = dict(FIELDS)[option]
        if current is not None and value == current.get(api):
            return value
        if option == 'requestor':
            return self.resolver.id(get_kind('user'), value, option)
        kind = resource_kind(self.params['resource_type'])
        if kind is None:
            return value
        return self.resolver.id(kind, value, option)

    def wanted(self, current):
        """API field -> value for every option given, references resolved (before anything is written)."""
        wanted = {}
        for option, api in FIELDS:
            value = self.params.get(option)
            if value is None:
                continue
            if option in ('requestor', 'resource'):
                value = self.reference(option, current)
                self.ids[option] = value
            wanted[api] = value
        return wanted

    def view(self, request):
        """The diff view: id, state and the options given, references shown as written when they still match."""
        view = dict(id=request.get('accessId') or None, state=access_state(request) if request.get('accessState') else None)
        for option, api in FIELDS:
            if self.params.get(option) is None:
                continue
            value = request.get(api)
            if option in self.ids and value == self.ids[option]:
                value = self.params[option]
            view[option] = value
        return view

    def refuse_past(self, expiry):
        if expiry is not None and parse_time(expiry) <= now():
            raise JumpCloudValueError('expiry {0} is in the past; an access request ends at a future time'.format(expiry))

    # -- states -----------------------------------------------------------------------------

    def create(self, wanted):
        self.refuse_past(wanted.get('expiry'))
        body = dict(wanted)
        if 'expiry' in body:
            body['expiry'] = format_time(parse_time(body['expiry']))
        body['operationId'] = str(uuid.uuid4())
        created = self.client.write('POST', ACCESS_PATH, body=body, operation='create access request') or {}
        access_id = created.get('id')   # none in check mode: nothing was created
        obj = readable(get_access_request(self.client, access_id)) if access_id else None
        if obj is None:
            obj = {key: value for key, value in body.items() if key != 'operationId'}
            obj['accessState'] = GRANTED
        after = self.view(dict(obj, accessId=access_id))
        label = "Access request '{0}'".format(access_id) if access_id else 'An access request'
        return self.result(True, {}, after, obj, access_id, outcome(label, 'created', True, self.check_mode))

    def update(self, current, wanted):
        access_id = current.get('accessId') or self.params['id']
        for option in CREATE_ONLY:
            api = dict(FIELDS)[option]
            if api in wanted and wanted[api] != current.get(api):
                raise JumpCloudValueError(
                    "Cannot update access request '{0}': {1} is set only when an access request is created (it is {2!r}, "
                    "the task asks for {3!r}); revoke it and create a new one".format(
                        access_id, option, current.get(api), self.params[option]))
        changes = {}
        if 'expiry' in wanted and not same_time(wanted['expiry'], current.get('expiry')):
            changes['expiry'] = format_time(parse_time(wanted['expiry']))
        if 'remarks' in wanted and not values_equal(wanted['remarks'], current.get('remarks')):
            changes['remarks'] = wanted['remarks']
        attributes = current.get('additionalAttributes')
        if 'additionalAttributes' in wanted and not values_equal(wanted['additionalAttributes'], attributes):
            changes['additionalAttributes'] = deep_merge(attributes if isinstance(attributes, dict) else {},
                                                         wanted['additionalAttributes'])
        state = access_state(current)
        if changes and state in ACCESS_ENDED:
            raise JumpCloudValueError("Cannot update access request '{0}': it is {1}; create a new one".format(access_id, state))
        obj = current
        if changes:
            self.refuse_past(changes.get('expiry'))
            # send the whole updatable set, so that nothing depends on whether the API merges or replaces
            body = {'expiry': current.get('expiry'), 'remarks': current.get('remarks'),
                    'additionalAttributes': attributes if isinstance(attributes, dict) else None}
            body = {key: value for key, value in body.items() if value not in (None, '')}
            body.update(changes)
            self.client.write('PUT', '{0}/{1}'.format(ACCESS_PATH, access_id), body=body,
                              operation="update access request '{0}'".format(access_id))
            obj = dict(current, **changes)
            if not self.check_mode:
                obj = readable(get_access_request(self.client, access_id)) or obj
        return self.result(bool(changes), self.view(current), self.view(dict(current, **changes)), obj, access_id,
                           outcome("Access request '{0}'".format(access_id), 'updated' if changes else 'unchanged', bool(changes),
                                   self.check_mode))

    def revoke(self, current):
        access_id = current.get('accessId') or self.params['id']
        state = access_state(current)
        if state in ACCESS_ENDED:
            return self.result(False, self.view(current), self.view(current), current, access_id,
                               "Access request '{0}' is already {1}".format(access_id, state))
        if state != GRANTED:
            raise JumpCloudValueError("Access request '{0}' is in state {1!r}, which this module does not know; nothing was "
                                      "changed".format(access_id, current.get('accessState')))
        obj = dict(current, accessState='revoked')
        self.client.write('POST', '{0}/{1}/revoke'.format(ACCESS_PATH, access_id), operation="revoke access request '{0}'".format(access_id))
        if not self.check_mode:
            obj = readable(get_access_request(self.client, access_id)) or obj
        return self.result(True, self.view(current), self.view(dict(current, accessState='revoked')), obj, access_id,
                           outcome("Access request '{0}'".format(access_id), 'revoked', True, self.check_mode))

    @staticmethod
    def result(changed, before, after, obj, access_id, msg):
        return report(changed, msg, before, after, id=access_id, access_request=obj)


# -- workflow access requests -------------------------------------------------------------

def workflow_plan(request, state):
    """What ending a workflow request takes: ``(path, body)`` of the one request to send, or None when nothing is
    needed, plus the status it leaves and a warning (or None). A state the request cannot reach is an error."""
    request_id = request.get('id')
    status = workflow_status(request)
    if status in UNDECIDED:
        return ('{0}/{1}/cancel'.format(WORKFLOW_PATH, request_id), {}), 'CANCELLED', None
    if status in FINAL:
        return None, status, None
    if status != APPROVED:
        raise JumpCloudValueError("Workflow access request '{0}' has status {1!r}, which this module does not know; nothing "
                                  "was changed".format(request_id, request.get('status')))
    if state == 'cancelled':
        raise JumpCloudValueError("Workflow access request '{0}' is already approved: only a request awaiting a decision "
                                  "can be cancelled; use state=revoked to end the access it granted".format(request_id))
    if request.get('resourceType') == DEVICE:
        return (DEVICE_REVOKE_PATH, {'requestIds': [request_id]}), 'REVOKED', None
    if request.get('timeBasedAccess'):
        return (TIMED_REVOKE_PATH, {'requestIds': [request_id]}), 'REVOKED', None
    warning = ("Workflow access request '{0}' was approved without a time limit, so it has no session to revoke: the "
               "access it granted is a membership or association (user group {1!r}, resource {2} {3!r}), which "
               "jcops.jumpcloud.jc_association or jc_user_group removes".format(
                   request_id, request.get('group') or '', request.get('resourceType') or '', request.get('resourceId') or ''))
    return None, status, warning


def end_workflow_request(client, params):
    """jc_access_request with workflow_request_id: cancel an undecided request, revoke an approved time-limited one."""
    request_id = params['workflow_request_id']
    state = params['state']
    if state == 'present':
        raise JumpCloudValueError('A workflow access request is made by its user in the User Portal; with workflow_request_id, '
                                  'state is cancelled or revoked, not present')
    given = [option for option, dummy in FIELDS if params.get(option) is not None]
    if given:
        raise JumpCloudValueError('{0} apply to plain access requests (id), not to workflow_request_id'.format(', '.join(given)))
    current = get_workflow_request(client, request_id)
    if current is None:
        raise JumpCloudValueError("No workflow access request with id '{0}' exists".format(request_id))
    call, status, warning = workflow_plan(current, state)
    obj = dict(current, status=status)
    if call:
        path, body = call
        action = 'cancel' if path.endswith('/cancel') else 'revoke'
        client.write('POST', path, body=body, operation="{0} workflow access request '{1}'".format(action, request_id))
        if not client.check_mode:
            obj = get_workflow_request(client, request_id) or obj
    before = dict(id=request_id, status=current.get('status'))
    after = dict(id=request_id, status=obj.get('status') if call else current.get('status'))
    if call:
        msg = outcome("Workflow access request '{0}'".format(request_id), {'CANCELLED': 'cancelled', 'REVOKED': 'revoked'}[status],
                      True, client.check_mode)
    else:
        msg = "Workflow access request '{0}' is {1}; nothing to {2}".format(
            request_id, workflow_status(current).lower(), 'cancel' if state == 'cancelled' else 'revoke')
    result = report(bool(call), msg, before, after, id=request_id, workflow_request=obj)
    if warning:
        result['warnings'] = [warning]
    return result


def ensure_access_request(client, params):
    """jc_access_request: the result to exit with (``warnings`` to pass to module.warn)."""
    if params.get('workflow_request_id'):
        return end_workflow_request(client, params)
    return AccessRequest(client, params).run()
