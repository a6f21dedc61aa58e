# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Commands run on devices, and what the devices answered (jc_command_run, jc_command_result_info).

Running is an action, not a state: every run queues the command again. ``POST /api/runCommand {_id, systemIds}``
queues one command on the systems given and answers ``{queueIds, workflowInstanceId}``; ``POST
/api/command/trigger/{name}`` runs every command listening to that trigger on the systems bound to it and answers
``{triggered: [command ids]}``. Both are writes (the write gate describes them in check mode).

A device answers when it is online and has run the command; its result is listed by ``POST /api/search/commandresults``
(filtered on ``workflowInstanceId`` for a run, ``workflowId`` for a command, ``systemId`` for a device), where
JumpCloud cuts the output and the error to 40 characters, and read whole by ``GET /api/commandresults/{id}`` (one
request per result, sent concurrently). Waiting polls the list until every device answered or the time is up.

Nothing here imports AnsibleModule.
"""

from __future__ import annotations

import datetime
import re
import time
from urllib.parse import quote

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudNotFound, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._fleet import system_ids
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import Edges
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import filter_param, list_by_ids, list_objects, whole
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report

COMMAND = get_kind('command')
SYSTEM = get_kind('system')
RUN_PATH = '/api/runCommand'
TRIGGER_PATH = '/api/command/trigger/'
SEARCH_PATH = '/api/search/commandresults'
RESULT_PATH = '/api/commandresults/'
# A trigger's results are those requested since it was sent, less this many seconds for clocks that differ.
CLOCK_ALLOWANCE = 5
TIME = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$')
NAMES_SHOWN = 5


def _sleep(seconds):
    time.sleep(seconds)


def parse_time(text):
    """An RFC 3339 time from JumpCloud as an aware datetime; None for anything else."""
    found = TIME.match(text or '') if isinstance(text, str) else None
    if not found:
        return None
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                               int((fraction or '0')[:6].ljust(6, '0')), tzinfo=datetime.timezone.utc)
    if zone and zone != 'Z':
        sign = 1 if zone[0] == '+' else -1
        digits = zone[1:].replace(':', '')
        moment -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment


def normalize(result):
    """One command result as the modules return it: who ran what where, exit code, output, error and timing."""
    response = result.get('response') or {}
    data = response.get('data') or {}
    exit_code = data.get('exitCode') if data.get('exitCode') is not None else result.get('exitCode')
    started, ended = parse_time(result.get('requestTime')), parse_time(result.get('responseTime'))
    return dict(id=result.get('_id'), command_id=result.get('workflowId'), command=result.get('name'),
                system_id=result.get('systemId'), system=result.get('system'),
                workflow_instance_id=result.get('workflowInstanceId'), exit_code=exit_code, output=data.get('output'),
                error=response.get('error'), request_time=result.get('requestTime'), response_time=result.get('responseTime'),
                duration=(ended - started).total_seconds() if started and ended else None, user=result.get('user'),
                sudo=result.get('sudo'))


def search(client, filters):
    """The command results matching the v1 filters (strings), every page, as the list answers them."""
    params = {'filter': filter_param(COMMAND, filters)} if filters else {}
    return list(client.paginate(SEARCH_PATH, params=params, search={}, operation='list command results'))


def read_whole(client, results):
    """The results read one by one (output and error not cut short); one that is gone meanwhile is kept as listed."""
    def read(result):
        try:
            return client.get(RESULT_PATH + quote(result['_id'], safe=''), operation="read command result '{0}'".format(result['_id']))
        except JumpCloudNotFound:
            return result
    return client.map_concurrent(read, results)


def collect(client, filters, expected, wait_timeout=0, poll_interval=5, full_output=True, clock=time.monotonic):
    """Poll the results of ``filters`` until every expected (command id, system id) answered or ``wait_timeout`` seconds
    passed: (the results found, in the order of ``expected``; the keys still pending)."""
    deadline = clock() + wait_timeout
    found = {}
    while True:
        for result in search(client, filters):
            key = (result.get('workflowId'), result.get('systemId'))
            if key in expected and key not in found:
                found[key] = result
        if len(found) >= len(expected) or clock() + poll_interval > deadline:
            break
        _sleep(poll_interval)
    keys = [key for key in expected if key in found]
    results = [found[key] for key in keys]
    if full_output and results:
        results = read_whole(client, results)
    return [normalize(result) for result in results], [key for key in expected if key not in found]


def named_systems(client, ids):
    """``[{id, name}]`` for system ids, in their order: one request per 100 systems (a system gone is named by its id)."""
    found = dict((system['_id'], system.get('displayName') or system.get('hostname')) for system in list_by_ids(client, SYSTEM, ids))
    return [dict(id=system_id, name=found.get(system_id) or system_id) for system_id in ids]


def _systems_label(names):
    shown = ', '.join(names[:NAMES_SHOWN]) + (', ...' if len(names) > NAMES_SHOWN else '')
    return '{0} system{1} ({2})'.format(len(names), '' if len(names) == 1 else 's', shown)


def _waited(results, pending):
    failed = len([result for result in results if result['exit_code'] not in (0, None)])
    text = '; {0} answered'.format(len(results))
    if failed:
        text += ' ({0} with a non-zero exit code)'.format(failed)
    return text + ', {0} pending'.format(len(pending)) if pending else text


def check_wait(params):
    if params.get('wait_timeout', 0) < 0:
        raise JumpCloudValueError('wait_timeout must not be negative')
    if params.get('poll_interval', 1) <= 0:
        raise JumpCloudValueError('poll_interval must be more than 0 seconds')


def run_command(client, resolver, params):
    """Queue one command (by name or id) on the systems asked for, or those bound to it; wait for results if asked."""
    check_wait(params)
    command = whole(client, COMMAND, resolver.object(COMMAND, params['command'], 'command'))   # see Kind.partial_views
    subject = "Command '{0}'".format(command.get('name'))
    ids = system_ids(client, resolver, params.get('systems'), params.get('system_groups'))
    if ids is None:
        ids = sorted(Edges(client, 'command', command['_id'], 'system').reachable())
    if not ids:
        raise JumpCloudValueError('{0} has no system to run on: it is bound to none, and no systems or system_groups were '
                                  'given'.format(subject))
    systems = named_systems(client, ids)
    answer = client.write('POST', RUN_PATH, body={'_id': command['_id'], 'systemIds': ids},
                          operation="run command '{0}'".format(command.get('name'))) or {}
    expected = [(command['_id'], system_id) for system_id in ids]
    return _finish(client, params, subject, [command], systems, expected, answer.get('workflowInstanceId'),
                   ['workflowInstanceId:$eq:{0}'.format(answer.get('workflowInstanceId'))], queue_ids=answer.get('queueIds') or [])


def run_trigger(client, resolver, params):
    """Run every command listening to a trigger, on the systems bound to each; wait for results if asked."""
    check_wait(params)
    name = params['trigger']
    commands = [command for command in list_objects(client, COMMAND, filters=[COMMAND.name_filter(name, 'trigger')])
                if command.get('trigger') == name and command.get('launchType') == 'trigger']
    if not commands:
        raise JumpCloudValueError("No command listens to the trigger '{0}' (launchType trigger)".format(name))
    bound = {command['_id']: sorted(Edges(client, 'command', command['_id'], 'system').reachable()) for command in commands}
    ids = sorted(set(system_id for found in bound.values() for system_id in found))
    systems = named_systems(client, ids)
    started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=CLOCK_ALLOWANCE)
    answer = client.write('POST', TRIGGER_PATH + quote(name, safe=''), body=params.get('trigger_data') or {},
                          operation="run the commands of trigger '{0}'".format(name)) or {}
    triggered = answer.get('triggered') if not client.check_mode else [command['_id'] for command in commands]
    commands = [command for command in commands if command['_id'] in (triggered or [])]
    expected = [(command['_id'], system_id) for command in commands for system_id in bound[command['_id']]]
    filters = ['workflowId:$in:{0}'.format('|'.join(command['_id'] for command in commands)),
               'requestTime:$gte:{0}'.format(started.strftime('%Y-%m-%dT%H:%M:%S.000Z'))]
    subject = "Trigger '{0}' ({1} command{2})".format(name, len(commands), '' if len(commands) == 1 else 's')
    return _finish(client, params, subject, commands, systems, expected, None, filters, triggered=triggered or [])


def _finish(client, params, subject, commands, systems, expected, workflow_instance_id, filters, **values):
    names = [system['name'] for system in systems]
    msg = outcome(subject, 'queued on ' + _systems_label(names), True, client.check_mode)
    results, pending = [], []
    if params.get('wait') and not client.check_mode:
        results, pending_keys = collect(client, filters, expected, params['wait_timeout'], params['poll_interval'],
                                        params.get('full_output', True))
        by_id = dict((system['id'], system) for system in systems)
        pending = [dict(by_id.get(system_id) or dict(id=system_id, name=system_id), command_id=command_id)
                   for command_id, system_id in pending_keys]
        msg += _waited(results, pending)
    after = dict(commands=[command.get('name') for command in commands], systems=names)
    return report(True, msg, {}, after, command=commands[0] if len(commands) == 1 else None, commands=commands,
                  systems=systems, workflow_instance_id=workflow_instance_id, results=results, pending=pending,
                  timed_out=bool(pending), **values)


def result_info(client, resolver, params):
    """The results asked for, normalized: one by id, or those of a run, a command and/or a system."""
    if params.get('id'):
        try:
            found = [client.get(RESULT_PATH + quote(params['id'], safe=''), operation="read command result '{0}'".format(params['id']))]
        except JumpCloudNotFound:
            found = []
        return [normalize(result) for result in found]
    filters = []
    if params.get('workflow_instance_id'):
        filters.append('workflowInstanceId:$eq:{0}'.format(params['workflow_instance_id']))
    if params.get('command'):
        filters.append('workflowId:$eq:{0}'.format(resolver.id(COMMAND, params['command'], 'command')))
    if params.get('system'):
        filters.append('systemId:$eq:{0}'.format(resolver.id(SYSTEM, params['system'], 'system')))
    found = search(client, filters)
    if params.get('full_output', True) and found:
        found = read_whole(client, found)
    return [normalize(result) for result in found]
