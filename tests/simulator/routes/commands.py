"""v1 /commands (PUT merges, api-quirks 27), /runCommand and /command/trigger (their results: commandresults.py)."""

from .. import query as q
from ..common import BadRequest, NotFound, Response, now_iso, public
from ..seed import completer
from . import route
from .commandresults import queue
from .users import search_body_matches

KIND = 'commands'
ROOT_USER = '000000000000000000000000'
# The documented list item (``commandslist``): no user, shell, timeout, sudo, files...; ``command`` cut to 10k characters.
LIST_FIELDS = ('_id', 'command', 'commandType', 'launchType', 'listensTo', 'name', 'organization', 'schedule',
               'scheduleRepeatType', 'trigger', 'description', 'aiGenerated', 'templatingRequired')
SERVER_OWNED = ('_id', 'organization')
DEFAULTS = {'commandType': 'linux', 'launchType': 'manual', 'schedule': '', 'scheduleRepeatType': '', 'trigger': '',
            'listensTo': '', 'sudo': False, 'shell': '', 'timeout': '120', 'timeToLiveSeconds': 0, 'files': [],
            'commandRunners': [], 'systems': [], 'template': '', 'description': '', 'aiGenerated': False,
            'templatingRequired': False}


def render_list(command):
    out = dict((k, command[k]) for k in LIST_FIELDS if k in command)
    if len(out.get('command', '')) > 10000:
        out['command'] = out['command'][:10000]
    return out


def _defaults(app, ident, body):
    command = {'_id': ident}
    command.update(DEFAULTS)
    command['organization'] = app.organization
    command.update(dict((k, v) for k, v in body.items() if k not in SERVER_OWNED))
    if command.get('commandType') in ('linux', 'mac') and not command.get('user'):
        command['user'] = ROOT_USER
    return command


@completer(KIND)
def complete(app, obj, _existing):
    command = _defaults(app, obj['_id'], obj)
    command['organization'] = obj.get('organization') or app.organization
    return command


def load(store, ident):
    command = store.get(KIND, ident)
    if command is None:
        raise NotFound('command', ident)
    return command


@route('GET', 1, '/commands')
def list_commands(req):
    return q.list_v1(req.query, req.store.all(KIND), ('_id',), ('name', 'command'), render_list)


@route('POST', 1, '/search/commands')
def search_commands(req):
    body = req.json()
    items = [c for c in req.store.all(KIND) if search_body_matches(body, c, ('name', 'command'))]
    return q.list_v1(req.query, items, ('_id',), ('name', 'command'), render_list, body_fields=body.get('fields'))


@route('POST', 1, '/commands')
def create_command(req):
    body = req.json()
    for key in ('name', 'command'):
        if not body.get(key):
            raise BadRequest('%s is required' % key)
    command = _defaults(req.app, req.store.new_id(), body)
    req.store.put(KIND, command)
    return Response(200, public(command))


@route('GET', 1, '/commands/{id}')
def get_command(req):
    command = public(load(req.store, req.params['id']))
    return Response(200, q.project(command, q.field_list(req.query, 1), '_id'))


@route('PUT', 1, '/commands/{id}')
def update_command(req):
    body = req.json()
    store = req.store
    with store.lock:
        command = dict(load(store, req.params['id']))
        command.update(dict((k, v) for k, v in body.items() if k not in SERVER_OWNED))
        store.put(KIND, command)
    return Response(200, public(command))


@route('DELETE', 1, '/commands/{id}')
def delete_command(req):
    store = req.store
    with store.lock:
        command = load(store, req.params['id'])
        store.delete(KIND, command['_id'])
    return Response(200, public(command))


def _bound_systems(store, command_id):
    """The systems a command is bound to, directly or through device groups."""
    from .graph import traverse  # pylint: disable=import-outside-toplevel
    return [node[1] for node, _paths in traverse(store, ('command', command_id), ('system',))]


@route('POST', 1, '/runCommand')
def run_command(req):
    body = req.json()
    store = req.store
    with store.lock:
        command = dict(load(store, body.get('_id') or ''))
        systems = body.get('systemIds')
        if systems is None:
            systems = _bound_systems(store, command['_id'])
        for system in systems:
            if store.get('systems', system) is None:
                raise BadRequest('system %s does not exist' % system)
        queue_ids = [store.new_id() for _system in systems]
        run = {'workflowInstanceId': store.new_id(), 'queueIds': queue_ids, 'systemIds': list(systems),
               'requestTime': now_iso()}
        command['_runs'] = list(command.get('_runs') or []) + [run]
        store.put(KIND, command)
        queue(store, command, systems, run['workflowInstanceId'])
    return Response(200, {'queueIds': queue_ids, 'workflowInstanceId': run['workflowInstanceId']})


@route('POST', 1, '/command/trigger/{triggername}')
def trigger(req):
    name = req.params['triggername']
    store = req.store
    triggered = []
    with store.lock:
        for command in store.all(KIND):
            if command.get('launchType') == 'trigger' and command.get('trigger') == name:
                triggered.append(command['_id'])
                updated = dict(command)
                updated['_triggers'] = list(command.get('_triggers') or []) + [{'at': now_iso(), 'body': req.body}]
                store.put(KIND, updated)
                queue(store, updated, _bound_systems(store, command['_id']), store.new_id())
    return Response(200, {'triggered': triggered})
