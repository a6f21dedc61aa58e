"""jc_command on the engine: JumpCloud's command list shows a cut-down command, and a rerun is still unchanged."""

from __future__ import annotations

from urllib.parse import urlparse

from ansible_collections.jcops.jumpcloud.plugins.modules import jc_command

ROOT = '0' * 24
LONG = 'echo start\n' + 'true # padding\n' * 1000 + 'echo done\n'   # more than the 10,000 characters the list shows


def writes(session):
    return [(method, urlparse(url).path, kwargs.get('json')) for method, url, kwargs in session.sent if method != 'GET']


def args(**more):
    base = dict(name='Weekly patch', command=LONG, command_type='linux', shell='/bin/bash', command_timeout=3600,
                launch_type='repeated', schedule='0 0 3 * * 1', schedule_repeat_type='week', trigger='', description='patch')
    base.update(more)
    return base


def stored(sim):
    [command] = sim.state()['commands']
    return command


def test_create_then_an_identical_rerun_sends_no_write(run_module, sim):
    created, session = run_module(jc_command, args(), sim)
    assert created['changed'] and not created['failed'], created
    [(method, path, body)] = writes(session)
    assert (method, path) == ('POST', '/api/commands')
    assert body['user'] == ROOT and body['timeout'] == '3600' and body['command'] == LONG
    assert len(LONG) > 10000 and stored(sim)['command'] == LONG
    again, session = run_module(jc_command, args(), sim)
    assert not again['changed'] and not again['failed'] and writes(session) == []
    assert again['msg'] == "Command 'Weekly patch' unchanged"
    assert again['command']['command'] == LONG and again['command']['user'] == ROOT


def test_update_sends_what_differs_with_the_fields_every_update_needs(run_module, sim):
    sim.seed({'systemusers': [{'username': 'deploy', 'email': 'deploy@example.com'}]})
    run_module(jc_command, args(), sim)
    result, session = run_module(jc_command, dict(name='Weekly patch', user='deploy', shell='/bin/sh', command_timeout=60), sim)
    assert result['changed']
    [(method, dummy, body)] = writes(session)
    deploy = sim.state()['systemusers'][0]['_id']
    assert method == 'PUT'
    assert body == {'name': 'Weekly patch', 'command': LONG, 'commandType': 'linux', 'user': deploy, 'shell': '/bin/sh',
                    'timeout': '60'}
    assert result['diff'] == {'before': {'name': 'Weekly patch', 'id': stored(sim)['_id'], 'user': ROOT, 'shell': '/bin/bash',
                                         'command_timeout': 3600},
                              'after': {'name': 'Weekly patch', 'id': stored(sim)['_id'], 'user': 'deploy', 'shell': '/bin/sh',
                                        'command_timeout': 60}}
    again, session = run_module(jc_command, dict(name='Weekly patch', user='deploy', shell='/bin/sh', command_timeout=60), sim)
    assert not again['changed'] and writes(session) == []


def test_root_is_a_user_and_an_unknown_user_names_the_option(run_module, sim):
    run_module(jc_command, args(), sim)
    same, session = run_module(jc_command, dict(name='Weekly patch', user='root'), sim)
    assert not same['changed'] and writes(session) == []
    bad, session = run_module(jc_command, dict(name='Weekly patch', user='nobody'), sim)
    assert bad['failed'] and bad['msg'] == "user: no user named or with id 'nobody' exists in JumpCloud"
    assert writes(session) == []


def test_check_mode_reports_without_writing(run_module, sim):
    created, session = run_module(jc_command, args(_ansible_check_mode=True), sim)
    assert created['changed'] and created['msg'] == "Command 'Weekly patch' would be created" and writes(session) == []
    assert sim.state().get('commands', []) == []
    run_module(jc_command, args(), sim)
    changed, session = run_module(jc_command, dict(name='Weekly patch', command='echo new', _ansible_check_mode=True), sim)
    assert changed['changed'] and writes(session) == [] and stored(sim)['command'] == LONG


def test_a_windows_command_and_delete(run_module, sim):
    created, session = run_module(jc_command, dict(name='Rotate logs', command='Remove-Item C:\\logs\\*.log',
                                                   command_type='windows', shell='powershell', launch_type='trigger',
                                                   trigger='rotate-logs'), sim)
    assert created['changed'] and 'user' not in writes(session)[0][2]
    deleted, session = run_module(jc_command, dict(name='Rotate logs', state='absent'), sim)
    assert deleted['changed'] and [method for method, dummy, dummy_body in writes(session)] == ['DELETE']
    gone, session = run_module(jc_command, dict(name='Rotate logs', state='absent'), sim)
    assert not gone['changed'] and writes(session) == []


def test_a_name_two_commands_share_is_refused(run_module, sim):
    ids = sim.seed({'commands': [{'name': 'twin', 'command': 'a'}, {'name': 'twin', 'command': 'b'}]})['commands']
    result, session = run_module(jc_command, dict(name='twin', command='c'), sim)
    assert result['failed'] and result['msg'] == (
        "name: command name 'twin' is ambiguous: 2 objects have that name (ids: {0}, {1}); give the id instead".format(*sorted(ids)))
    assert writes(session) == []
