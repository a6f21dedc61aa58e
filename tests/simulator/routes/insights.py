"""Directory Insights (``/insights/directory/v1``): the event log, queried with ``POST /events``, and the events the
simulator writes for the changes the API makes (``observe``).

Query (the document's description, "Using the Directory Insights API"):

* ``service`` (required) keeps events of those services (``all``: every one); ``start_time`` (required) and
  ``end_time`` bound ``timestamp`` (RFC 3339; a start in the future or an end before the start is 400);
* ``search_term`` ``{and|or|not: [terms]}``: a term is ``{field: value}`` (a list value matches any item), the operator
  form ``{field, operator, value}`` (eq, ne, contains, startsWith, endsWith, in, not_in, lt, gt, lte, gte, before,
  after), or a nested ``{and|or: [...]}``; fields use dot notation; text compares without case (values are stored
  lower-cased); ``q`` matches the event's text;
* ``sort`` ``ASC`` (default, also for nonsense) or ``DESC`` on ``timestamp``; ``limit`` default 1000, at most 10000
  (another value gives the default); ``skip``; ``fields`` projects (an empty list, or one naming no known field, is 400);
* paging: ``search_after`` continues after the ``X-Search_after`` value of the previous answer. Answers carry
  ``X-Result-Count``, ``X-Limit``, ``X-Sort``, ``X-Search_after`` (always, even on the last page) and ``X-Request-Id``.

Events come from the seed (``events``) and from ``observe``: every successful write through the console API that
JumpCloud logs writes one event (see the README for the table), initiated by the simulator's administrator for an
API key, or by the service account for a bearer token.
"""

import datetime
import json
import uuid

from .. import query as q
from ..common import GRAPH_PATH_KIND, KINDS, BadRequest, Response, name_field, new_object_id, now_iso
from ..seed import completer
from . import route
from .access import ADMIN_ID

KIND = 'events'
DEFAULT_LIMIT = 1000
MAX_LIMIT = 10000
ADMIN_EMAIL = 'admin@example.com'
GRAPH_ID_PARAMS = ('user_id', 'group_id', 'system_id', 'policy_id', 'application_id', 'radiusserver_id',
                   'ldapserver_id', 'activedirectory_id', 'gsuite_id', 'office365_id', 'command_id')
# the graph type of each collection, as Directory Insights names it in resources and associations
RESOURCE_TYPE = {'user': 'user', 'user_group': 'user_group', 'system': 'system', 'system_group': 'system_group'}


# ---- time ---------------------------------------------------------------------------------------

def parse_time(value, what):
    """An RFC 3339 time -> aware datetime; 400 naming ``what`` otherwise (fractions of any length are accepted)."""
    if not isinstance(value, str) or 'T' not in value:
        raise BadRequest('%s must be an RFC 3339 time, for example 2020-01-01T14:00:00Z' % what)
    text = value.strip()
    if text.endswith(('Z', 'z')):
        text = text[:-1] + '+00:00'
    if '.' in text:
        head, tail = text.split('.', 1)
        digits = ''.join(ch for ch in tail if ch.isdigit())
        text = head + '.' + digits[:6].ljust(6, '0') + tail[len(digits):]
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest('%s must be an RFC 3339 time, for example 2020-01-01T14:00:00Z' % what) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def _key(event):
    """The sort and ``search_after`` key: milliseconds since the epoch, then the id."""
    moment = parse_time(event.get('timestamp'), 'timestamp')
    return [int(moment.timestamp() * 1000), str(event.get('id'))]


# ---- matching ---------------------------------------------------------------------------------

def _texts(event, field):
    value = q.get_path(event, field)
    if value is q.MISSING:
        return []
    return [q._as_string(v).lower() for v in q._scalars(value)]  # pylint: disable=protected-access


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _operator_matches(term, event):
    field, operator, wanted = term.get('field'), term.get('operator', 'eq'), term.get('value')
    texts = _texts(event, field)
    wanted_list = [q._as_string(w).lower() for w in (wanted if isinstance(wanted, list) else [wanted])]  # pylint: disable=protected-access
    want = wanted_list[0] if wanted_list else ''
    if operator in ('eq', 'in'):
        return any(t in wanted_list for t in texts)
    if operator in ('ne', 'not_in'):
        return not any(t in wanted_list for t in texts)
    if operator == 'contains':
        return any(want in t for t in texts)
    if operator == 'startsWith':
        return any(t.startswith(want) for t in texts)
    if operator == 'endsWith':
        return any(t.endswith(want) for t in texts)
    if operator in ('before', 'after'):
        value = q.get_path(event, field)
        if not isinstance(value, str):
            return False
        moment, limit = parse_time(value, field), parse_time(wanted, 'value of %s' % field)
        return moment < limit if operator == 'before' else moment > limit
    if operator in ('lt', 'gt', 'lte', 'gte'):
        limit = _number(wanted)
        values = [n for n in (_number(v) for v in q._scalars(q.get_path(event, field))) if n is not None]  # pylint: disable=protected-access
        compare = {'lt': lambda a: a < limit, 'gt': lambda a: a > limit, 'lte': lambda a: a <= limit,
                   'gte': lambda a: a >= limit}[operator]
        return limit is not None and any(compare(v) for v in values)
    raise BadRequest('unknown search_term operator "%s"' % operator)


def term_matches(term, event):
    """One search term (or a nested conjunction) against one event."""
    if not isinstance(term, dict):
        raise BadRequest('a search_term entry must be an object')
    if any(key in term for key in ('and', 'or', 'not')) and not ('field' in term and 'operator' in term):
        return conjunction_matches(term, event)
    if 'field' in term and ('operator' in term or 'value' in term):
        return _operator_matches(term, event)
    for field, wanted in term.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if not _operator_matches({'field': field, 'operator': 'in', 'value': values}, event):
            return False
    return True


def conjunction_matches(search_term, event):
    for word, combine in (('and', all), ('or', any)):
        terms = search_term.get(word)
        if terms is not None:
            terms = terms if isinstance(terms, list) else [terms]
            if terms and not combine(term_matches(term, event) for term in terms):
                return False
    terms = search_term.get('not')
    if terms is not None:
        terms = terms if isinstance(terms, list) else [terms]
        if any(term_matches(term, event) for term in terms):
            return False
    return True


# ---- the query ----------------------------------------------------------------------------------

def select(store, body):
    """The events of the query's services, time range, search term and text, in ``sort`` order."""
    start = parse_time(body.get('start_time'), 'start_time')
    now = datetime.datetime.now(datetime.timezone.utc)
    if start > now + datetime.timedelta(minutes=1):
        raise BadRequest('start_time must not be in the future')
    end = parse_time(body['end_time'], 'end_time') if body.get('end_time') else None
    if end is not None and end < start:
        raise BadRequest('end_time must be after start_time')
    services = set(body.get('service') or [])
    text = str(body.get('q') or '').lower()
    search_term = body.get('search_term') or {}
    found = []
    for event in store.all(KIND):
        moment = parse_time(event.get('timestamp'), 'timestamp')
        if moment < start or (end is not None and moment > end):
            continue
        if 'all' not in services and event.get('service') not in services:
            continue
        if text and text not in json.dumps(event, sort_keys=True).lower():
            continue
        if search_term and not conjunction_matches(search_term, event):
            continue
        found.append(event)
    descending = str(body.get('sort') or '').upper() == 'DESC'
    return sorted(found, key=_key, reverse=descending), descending


def _limit(value):
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_LIMIT:
        return value
    return DEFAULT_LIMIT


@route('POST', 'di', '/events')
def query_events(req):
    body = req.json()
    events, descending = select(req.store, body)
    after = body.get('search_after')
    if after:
        if not isinstance(after, list) or len(after) != 2:
            raise BadRequest('search_after must be the two values of the X-Search_after header')
        mark = [int(_number(after[0]) or 0), str(after[1])]
        events = [e for e in events if (_key(e) < mark if descending else _key(e) > mark)]
    fields = body.get('fields')
    if fields is not None:
        known = set(k for e in req.store.all(KIND) for k in e) | {'timestamp', 'id', 'event_type', 'service'}
        if not fields or not any(f.split('.')[0] in known for f in fields):
            raise BadRequest('fields must name at least one event field')
    limit = _limit(body.get('limit'))
    skip = body.get('skip') if isinstance(body.get('skip'), int) and body.get('skip') > 0 else 0
    page = events[skip:skip + limit]
    last = _key(page[-1]) if page else (after if after else [])
    headers = {'X-Result-Count': str(len(page)), 'X-Limit': str(limit), 'X-Sort': 'DESC' if descending else 'ASC',
               'X-Search_after': json.dumps(last), 'X-Request-Id': str(uuid.uuid4())}
    if fields:
        page = [dict((f, q.get_path(e, f)) for f in fields if q.get_path(e, f) is not q.MISSING) for e in page]
    return Response(200, page, headers=headers)


# ---- events written by the API's own changes -------------------------------------------------------

@completer(KIND)
def complete(app, obj, _existing):
    event = {'id': obj.get('id') or new_object_id(), 'timestamp': now_iso(), 'service': 'directory',
             'organization': app.organization, '@version': '1', 'success': True}
    event.update(obj)
    parse_time(event['timestamp'], 'timestamp')
    return event


def _initiator(req):
    authorization = req.headers.get('authorization') or ''
    if authorization.lower().startswith('bearer '):
        client_id = req.app.oauth.client_of(authorization[len('bearer '):].strip())
        return {'type': 'service_account', 'id': client_id}, 'oauth'
    return {'type': 'admin', 'id': ADMIN_ID, 'email': ADMIN_EMAIL}, 'api key'


def _resource(store, graph_type, ident, obj=None):
    kind = next((k for k, v in KINDS.items() if v[0] == graph_type), None)
    obj = obj if isinstance(obj, dict) else (store.get(kind, ident) if kind else None) or {}
    resource = {'type': RESOURCE_TYPE.get(graph_type, graph_type), 'id': ident}
    name = obj.get(name_field(kind)) if kind else None
    if graph_type == 'user':
        resource['username'] = obj.get('username')
        resource['email'] = obj.get('email')
    elif name:
        resource['name'] = name
    return dict((k, v) for k, v in resource.items() if v is not None)


def _node_name(store, graph_type, ident):
    resource = _resource(store, graph_type, ident)
    return resource.get('username') or resource.get('name') or ident


def write_event(req, event_type, **fields):
    initiator, method = _initiator(req)
    event = {'id': new_object_id(), 'event_type': event_type, 'timestamp': now_iso(), 'service': 'directory',
             'organization': req.app.organization, 'initiated_by': initiator, 'auth_method': method, 'success': True,
             'client_ip': '127.0.0.1', '@version': '1'}
    event.update(fields)
    req.store.put(KIND, event)


# (version, template without its leading collection) -> event type per method, for the objects JumpCloud logs
OBJECT_EVENTS = {
    (1, '/systemusers'): ('user', {'POST': 'user_create'}),
    (1, '/systemusers/{id}'): ('user', {'PUT': 'user_update', 'DELETE': 'user_delete'}),
    (1, '/systems/{id}'): ('system', {'PUT': 'system_update', 'DELETE': 'system_delete'}),
    (1, '/radiusservers'): ('radius_server', {'POST': 'radiusserver_create'}),
    (1, '/radiusservers/{id}'): ('radius_server', {'PUT': 'radiusserver_update', 'DELETE': 'radiusserver_delete'}),
    (1, '/commands'): ('command', {'POST': 'command_create'}),
    (1, '/commands/{id}'): ('command', {'PUT': 'command_update', 'DELETE': 'command_delete'}),
    (1, '/applications'): ('application', {'POST': 'application_create'}),
    (1, '/applications/{id}'): ('application', {'PUT': 'application_update', 'DELETE': 'application_delete'}),
    (2, '/usergroups'): ('user_group', {'POST': 'group_create'}),
    (2, '/usergroups/{id}'): ('user_group', {'PUT': 'group_update', 'DELETE': 'group_delete'}),
    (2, '/systemgroups'): ('system_group', {'POST': 'group_create'}),
    (2, '/systemgroups/{id}'): ('system_group', {'PUT': 'group_update', 'DELETE': 'group_delete'}),
    (2, '/policies'): ('policy', {'POST': 'policy_create'}),
    (2, '/policies/{id}'): ('policy', {'PUT': 'policy_update', 'DELETE': 'policy_delete'}),
}
USER_ACTIONS = {'/systemusers/{id}/state/suspend': 'user_suspended', '/systemusers/{id}/state/activate': 'user_unsuspended',
                '/systemusers/{id}/unlock': 'user_unlocked', '/systemusers/{id}/expire': 'user_password_expired',
                '/systemusers/{id}/resetmfa': 'totp_delete_enrollment'}
MDM_REQUEST_TYPES = {'lock': 'DeviceLock', 'erase': 'EraseDevice', 'restart': 'RestartDevice', 'shutdown': 'ShutDownDevice',
                     'clearPasscode': 'ClearPasscode'}
SECRET_FIELDS = ('password', 'sharedSecret')


def observe(req, response):
    """Write the event JumpCloud logs for a successful write (nothing for writes it does not log)."""
    template, version, body = req.template or '', req.version, req.json()
    entry = OBJECT_EVENTS.get((version, template))
    if entry is not None and req.method in entry[1]:
        graph_type, event_type = entry[0], entry[1][req.method]
        answer = response.body if isinstance(response.body, dict) else {}
        ident = req.params.get('id') or answer.get('_id') or answer.get('id')
        fields = {'resource': _resource(req.store, graph_type, ident, answer or None)}
        if req.method == 'PUT':
            fields['changes'] = [{'field': k, 'to': None if k in SECRET_FIELDS else v} for k, v in sorted(body.items())]
        write_event(req, event_type, **fields)
    elif version == 1 and template in USER_ACTIONS:
        write_event(req, USER_ACTIONS[template], resource=_resource(req.store, 'user', req.params['id']))
    elif version == 2 and template.endswith(('/members', '/associations')) and body.get('op') in ('add', 'remove', 'update'):
        collection = template.split('/')[1]
        source_type = KINDS[GRAPH_PATH_KIND[collection]][0]
        source_id = next(req.params[p] for p in GRAPH_ID_PARAMS if p in req.params)
        target_type, target_id = body.get('type'), body.get('id')
        connection = {'from': {'type': source_type, 'object_id': source_id, 'name': _node_name(req.store, source_type, source_id)},
                      'to': {'type': target_type, 'object_id': target_id, 'name': _node_name(req.store, target_type, target_id)}}
        write_event(req, 'association_change', association={'op': body['op'], 'action_source': 'manual',
                                                            'connection': connection,
                                                            'attributes': body.get('attributes')})
    elif version == 1 and template == '/runCommand':
        command = req.store.get('commands', body.get('_id')) or {}
        write_event(req, 'command_run', resource={'type': 'command', 'id': body.get('_id'), 'name': command.get('name')})
    elif version == 2 and template.startswith('/applemdms/') and template.rsplit('/', 1)[-1] in MDM_REQUEST_TYPES:
        request_type = MDM_REQUEST_TYPES[template.rsplit('/', 1)[-1]]
        device = req.store.get('appledevices', req.params.get('device_id')) or {}
        sent = (device.get('_commands') or [{}])[-1]
        status = 'Acknowledged' if sent.get('status') == 'acknowledged' else 'Idle'
        write_event(req, 'mdm_command_result', service='mdm', mdm_type='apple', device_object_id=req.params.get('device_id'),
                    device_manager_object_id=req.params.get('apple_mdm_id'), request_type=request_type,
                    command={'request_type': request_type}, status=status, success=status == 'Acknowledged')
