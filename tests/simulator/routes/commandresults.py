"""v1 command results: what systems answer when a command runs (``/runCommand``, ``/command/trigger/{name}``).

A run queues the command on each target system; the system's result appears once the system has answered. The
simulator answers for each online system after the command's ``_delayMs`` (default 0); a system with ``_online:
false`` never answers (its command stays queued). The answer is the command's ``_results[<system id or display
name>]`` if given, else ``{exitCode: _exitCode (0), output: _output, error: ''}`` with the default output
``<command name> ran on <hostname>``.

Representations (v1 document): ``GET /commandresults/{id}`` and ``GET /commands/{id}/results`` answer whole
``commandresult`` objects; the lists (``GET /commandresults``, ``POST /search/commandresults``) answer
``commandresultslist`` items, whose ``command`` is cut to 10,000 characters and ``response.data.output`` and
``response.error`` to 40 (as the document says), with ``exitCode`` beside ``response``.
"""

import time

from .. import query as q
from ..common import NotFound, Response, now_iso, public
from ..seed import completer
from . import route
from .users import search_body_matches

KIND = 'commandresults'
ROOT_USER = '000000000000000000000000'
LIST_TEXT = 40
LIST_COMMAND = 10000
LIST_FIELDS = ('_id', 'command', 'name', 'requestTime', 'responseTime', 'sudo', 'system', 'systemId', 'user', 'workflowId')


def _visible(result):
    return result.get('_visibleAt', 0) <= time.time()


def _run_as(store, command):
    user = command.get('user')
    if not user or user == ROOT_USER:
        return 'root' if command.get('commandType') in ('linux', 'mac') else 'SYSTEM'
    found = store.get('systemusers', user)
    return found.get('username') if found else user


def queue(store, command, system_ids, workflow_instance_id):
    """Results to come for one run of ``command`` on ``system_ids`` (caller holds the store lock)."""
    delay = (command.get('_delayMs') or 0) / 1000.0
    for system_id in system_ids:
        system = store.get('systems', system_id) or {}
        if system.get('_online') is False:
            continue
        scripted = (command.get('_results') or {})
        answer = scripted.get(system_id) or scripted.get(system.get('displayName')) or {}
        output = answer.get('output', command.get('_output', '{0} ran on {1}\n'.format(
            command.get('name'), system.get('hostname') or system.get('displayName'))))
        exit_code = answer.get('exitCode', command.get('_exitCode', 0))
        delay_ms = answer.get('delayMs')
        visible = time.time() + (delay if delay_ms is None else delay_ms / 1000.0)
        result_id = store.new_id()
        store.put(KIND, {
            '_id': result_id, 'command': command.get('command', ''), 'name': command.get('name', ''),
            'files': list(command.get('files') or []), 'organization': command.get('organization'),
            'requestTime': now_iso(), 'responseTime': now_iso(visible - time.time()),
            'response': {'id': store.new_id(), 'error': answer.get('error', ''),
                         'data': {'exitCode': exit_code, 'output': output}},
            'sudo': bool(command.get('sudo')), 'system': system.get('displayName', ''), 'systemId': system_id,
            'user': _run_as(store, command), 'workflowId': command['_id'], 'workflowInstanceId': workflow_instance_id,
            '_visibleAt': visible})


@completer(KIND)
def complete(app, obj, _existing):
    result = {'command': '', 'name': '', 'files': [], 'organization': app.organization, 'requestTime': now_iso(),
              'responseTime': now_iso(), 'sudo': False, 'system': '', 'systemId': '', 'user': 'root',
              'response': {'id': app.store.new_id(), 'error': '', 'data': {'exitCode': 0, 'output': ''}},
              'workflowId': '', 'workflowInstanceId': ''}
    result.update(obj)
    return result


def render_item(result):
    """A ``commandresultslist`` item: texts cut as the document says."""
    out = dict((k, result[k]) for k in LIST_FIELDS if k in result)
    out['command'] = (out.get('command') or '')[:LIST_COMMAND]
    response = result.get('response') or {}
    data = response.get('data') or {}
    out['exitCode'] = data.get('exitCode')
    out['response'] = {'data': {'exitCode': data.get('exitCode'), 'output': (data.get('output') or '')[:LIST_TEXT]},
                       'error': (response.get('error') or '')[:LIST_TEXT]}
    return out


def load(store, ident):
    result = store.get(KIND, ident)
    if result is None or not _visible(result):
        raise NotFound('command result', ident)
    return result


def visible(store):
    return [r for r in store.all(KIND) if _visible(r)]


@route('GET', 1, '/commandresults')
def list_results(req):
    return q.list_v1(req.query, visible(req.store), ('_id', 'name', 'requestTime', 'responseTime', 'system'),
                     render=render_item)


@route('POST', 1, '/search/commandresults')
def search_results(req):
    body = req.json()
    items = [r for r in visible(req.store) if search_body_matches(body, r, ('name', 'system', 'command'))]
    return q.list_v1(req.query, items, render=render_item, body_fields=body.get('fields'))


@route('GET', 1, '/commandresults/{id}')
def get_result(req):
    result = public(load(req.store, req.params['id']))
    return Response(200, q.project(result, q.field_list(req.query, 1), '_id'))


@route('DELETE', 1, '/commandresults/{id}')
def delete_result(req):
    store = req.store
    with store.lock:
        result = load(store, req.params['id'])
        store.delete(KIND, result['_id'])
    return Response(200, public(result))


@route('GET', 1, '/commands/{id}/results')
def command_results(req):
    if req.store.get('commands', req.params['id']) is None:
        raise NotFound('command', req.params['id'])
    results = [public(r) for r in visible(req.store) if r.get('workflowId') == req.params['id']]
    return Response(200, q.page(results, req.query))
