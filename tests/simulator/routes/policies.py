"""v2 policies: /policytemplates (built-in catalogue), /policies, /policyresults and policy statuses.

Sensitive values (a template field marked ``sensitive``, or a value sent with ``sensitive: true``) are
write-only: GET /policies/{id} returns their entry with ``sensitive: true`` and no ``value``; the
stored value is visible in /_sim/state only.
"""

from .. import query as q
from ..common import BadRequest, Conflict, NotFound, Response, now_iso, public
from ..seed import SeedError, builtin, completer
from ..templates import build_templates
from . import route

TEMPLATE_KEYS = ('id', 'name', 'displayName', 'description', 'osMetaFamily', 'activation', 'behavior',
                 'deliveryTypes', 'state', 'alert', 'reference', 'osRestrictions')


@builtin
def install_templates(app):
    for template in build_templates():
        app.store.put('policytemplates', template)


# ---- templates ------------------------------------------------------------------------------

def template_summary(template):
    return dict((k, template[k]) for k in TEMPLATE_KEYS if k in template)


def template_details(template):
    out = template_summary(template)
    out.pop('deliveryTypes', None)
    out.pop('state', None)
    out.pop('alert', None)
    out.pop('reference', None)
    out['configFields'] = list(template.get('configFields') or [])
    return out


@completer('policytemplates')
def complete_template(_app, obj, _existing):
    if not obj.get('name'):
        raise SeedError('seeded policytemplates need a name')
    template = {'displayName': obj['name'], 'description': '', 'osMetaFamily': 'linux', 'activation': 'automatic',
                'behavior': 'standard', 'deliveryTypes': ['agent'], 'state': '', 'alert': None, 'reference': None,
                'osRestrictions': [], 'configFields': []}
    template.update(obj)
    return template


def load_template(store, ident):
    template = store.get('policytemplates', ident)
    if template is None:
        raise NotFound('policy template', ident)
    return template


@route('GET', 2, '/policytemplates')
def list_templates(req):
    return q.list_v2(req.query, req.store.all('policytemplates'), ('id',), template_summary, sort_lenient=('name',))


@route('GET', 2, '/policytemplates/{id}')
def get_template(req):
    return Response(200, template_details(load_template(req.store, req.params['id'])))


# ---- policies -------------------------------------------------------------------------------

def _check_value(field, value):
    kind = field.get('displayType')
    label = field['name']
    if kind == 'checkbox':
        if not isinstance(value, bool):
            raise BadRequest('value for %s must be a boolean' % label)
    elif kind in ('number', 'numberinline'):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BadRequest('value for %s must be a number' % label)
        validators = field.get('validators') or {}
        if 'min' in validators and value < validators['min']:
            raise BadRequest('value for %s must be at least %s' % (label, validators['min']))
        if 'max' in validators and value > validators['max']:
            raise BadRequest('value for %s must be at most %s' % (label, validators['max']))
    elif kind in ('select', 'radio', 'segmentedbutton'):
        options = [o.get('value') for o in (field.get('displayOptions') or {}).get('options', [])]
        if value not in options:
            raise BadRequest('value for %s must be one of %s' % (label, ', '.join(str(o) for o in options)))
    elif kind in ('table', 'multilist', 'doublelistbox', 'singlelistbox', 'paginationlist'):
        if not isinstance(value, list):
            raise BadRequest('value for %s must be a list' % label)
    elif not isinstance(value, str):
        raise BadRequest('value for %s must be a string' % label)


def build_values(template, values, current=None):
    """Validate ``values`` against the template; fill defaults. -> stored value list.

    ``current`` (PUT): an entry sent without ``value`` for a sensitive field keeps the stored value, so the
    GET output (where sensitive values are left out) can be sent back."""
    fields = dict((f['id'], f) for f in template.get('configFields') or [])
    kept = dict((v['configFieldID'], v) for v in current or [] if v.get('sensitive'))
    given = {}
    for entry in values or []:
        if not isinstance(entry, dict):
            raise BadRequest('values entries must be objects')
        field_id = entry.get('configFieldID')
        field = fields.get(field_id)
        if field is None:
            raise BadRequest('unknown configFieldID %s for template %s' % (field_id, template['name']))
        if 'value' not in entry and field_id in kept:
            entry = dict(entry, value=kept[field_id]['value'], sensitive=True)
        if 'value' not in entry:
            raise BadRequest('value for %s is missing' % field['name'])
        _check_value(field, entry['value'])
        given[field_id] = entry
    out = []
    for field in template.get('configFields') or []:
        entry = given.get(field['id'])
        if entry is not None:
            value = entry['value']
            sensitive = bool(field.get('sensitive') or entry.get('sensitive'))
        elif field.get('defaultValue') not in (None, ''):
            value, sensitive = field['defaultValue'], bool(field.get('sensitive'))
        elif field.get('required'):
            raise BadRequest('value for required field %s is missing' % field['name'])
        else:
            continue
        out.append({'configFieldID': field['id'], 'value': value, 'sensitive': sensitive})
    return out


def render_values(values):
    out = []
    for entry in values:
        if entry.get('sensitive'):
            entry = dict((k, v) for k, v in entry.items() if k != 'value')
        out.append(entry)
    return out


def details(store, policy):
    template = store.get('policytemplates', policy['template']['id']) or {'id': policy['template']['id']}
    return {'id': policy['id'], 'name': policy['name'], 'notes': policy.get('notes', ''),
            'template': template_summary(template), 'configFields': list(template.get('configFields') or []),
            'values': render_values(policy.get('values') or [])}


def summary(store, policy):
    template = store.get('policytemplates', policy['template']['id']) or {'id': policy['template']['id']}
    return {'id': policy['id'], 'name': policy['name'], 'template': template_summary(template)}


def _check_name(store, name, exclude=None):
    if not isinstance(name, str) or not name:
        raise BadRequest('name is required')
    for other in store.all('policies'):
        if other.get('name') == name and other['id'] != exclude:
            raise Conflict('policy with name "%s" already exists' % name)


def load_policy(store, ident):
    policy = store.get('policies', ident)
    if policy is None:
        raise NotFound('policy', ident)
    return policy


@completer('policies')
def complete_policy(app, obj, _existing):
    template_ref = obj.get('template') or {}
    template = app.store.get('policytemplates', template_ref.get('id') or '')
    if template is None and template_ref.get('name'):
        template = app.store.find('policytemplates', 'name', template_ref['name'])
    if template is None:
        raise SeedError('seeded policy %s needs an existing template {"id": ...} or {"name": ...}' % obj.get('name'))
    if not obj.get('name'):
        raise SeedError('seeded policies need a name')
    try:
        values = build_values(template, obj.get('values'))
    except BadRequest as exc:
        raise SeedError('policy %s: %s' % (obj['name'], exc.message)) from exc
    return {'id': obj['id'], 'name': obj['name'], 'notes': obj.get('notes', ''), 'template': {'id': template['id']},
            'values': values}


@route('GET', 2, '/policies')
def list_policies(req):
    store = req.store
    return q.list_v2(req.query, [summary(store, p) for p in store.all('policies')], ('id',), dict,
                     sort_lenient=('name',))


@route('POST', 2, '/policies')
def create_policy(req):
    body = req.json()
    store = req.store
    with store.lock:
        _check_name(store, body.get('name'))
        template_id = (body.get('template') or {}).get('id')
        template = store.get('policytemplates', template_id or '')
        if template is None:
            raise BadRequest('unknown policy template %s' % template_id)
        policy = {'id': store.new_id(), 'name': body['name'], 'notes': body.get('notes', ''),
                  'template': {'id': template['id']}, 'values': build_values(template, body.get('values'))}
        store.put('policies', policy)
    return Response(201, details(store, policy))


@route('GET', 2, '/policies/{id}')
def get_policy(req):
    return Response(200, details(req.store, load_policy(req.store, req.params['id'])))


@route('PUT', 2, '/policies/{id}')
def replace_policy(req):
    body = req.json()
    store = req.store
    with store.lock:
        current = load_policy(store, req.params['id'])
        _check_name(store, body.get('name'), exclude=current['id'])
        sent_template = body.get('template')
        if isinstance(sent_template, dict) and sent_template.get('id') not in (None, current['template']['id']):
            raise BadRequest('the template of a policy cannot be changed')
        template = load_template(store, current['template']['id'])
        policy = {'id': current['id'], 'name': body['name'], 'notes': body.get('notes', ''),
                  'template': dict(current['template']),
                  'values': build_values(template, body.get('values'), current.get('values'))}
        store.put('policies', policy)
    return Response(200, summary(store, policy))


@route('DELETE', 2, '/policies/{id}')
def delete_policy(req):
    store = req.store
    with store.lock:
        policy = load_policy(store, req.params['id'])
        store.delete('policies', policy['id'])
    return Response(204)


# ---- results and statuses ---------------------------------------------------------------------

@completer('policyresults')
def complete_result(_app, obj, _existing):
    if not obj.get('policyID') or not obj.get('systemID'):
        raise SeedError('seeded policyresults need policyID and systemID')
    result = {'id': obj['id'], 'policyID': obj['policyID'], 'systemID': obj['systemID'], 'state': 'success',
              'success': True, 'exitStatus': 0, 'detail': '', 'stdOut': '', 'stdErr': '',
              'startedAt': now_iso(-5), 'endedAt': now_iso()}
    result.update(obj)
    if 'success' not in obj and result['state'] not in ('success', 'SUCCESS'):
        result['success'] = False
    return result


def _results(req, predicate=None):
    items = req.store.all('policyresults')
    if predicate:
        items = [r for r in items if predicate(r)]
    return items


def _latest(items, key):
    latest = {}
    for result in items:
        group = result.get(key)
        current = latest.get(group)
        if current is None or (result.get('endedAt') or result.get('startedAt') or '') >= \
                (current.get('endedAt') or current.get('startedAt') or ''):
            latest[group] = result
    return list(latest.values())


@route('GET', 2, '/policyresults')
def list_results(req):
    return q.list_v2(req.query, _results(req), (), public)


@route('GET', 2, '/policyresults/{id}')
def get_result(req):
    result = req.store.get('policyresults', req.params['id'])
    if result is None:
        raise NotFound('policy result', req.params['id'])
    return Response(200, public(result))


@route('GET', 2, '/policies/{policy_id}/policyresults')
def policy_results(req):
    policy = load_policy(req.store, req.params['policy_id'])
    return q.list_v2(req.query, _results(req, lambda r: r.get('policyID') == policy['id']), (), public)


@route('GET', 2, '/policies/{policy_id}/policystatuses')
def policy_statuses(req):
    policy = load_policy(req.store, req.params['policy_id'])
    items = _latest(_results(req, lambda r: r.get('policyID') == policy['id']), 'systemID')
    return q.list_v2(req.query, items, ('id', 'systemID', 'startedAt', 'endedAt'), public)


@route('GET', 2, '/systems/{system_id}/policystatuses')
def system_statuses(req):
    ident = req.params['system_id']
    if req.store.get('systems', ident) is None:
        raise NotFound('system', ident)
    items = _latest(_results(req, lambda r: r.get('systemID') == ident), 'policyID')
    return q.list_v2(req.query, items, ('id', 'policyID', 'startedAt', 'endedAt'), public)


@route('GET', 2, '/users/{user_id}/policystatuses')
def user_statuses(req):
    ident = req.params['user_id']
    if req.store.get('systemusers', ident) is None:
        raise NotFound('user', ident)
    items = _latest(_results(req, lambda r: r.get('userObjectId') == ident), 'policyID')
    return q.list_v2(req.query, items, ('id', 'policyID', 'startedAt', 'endedAt'), public)
