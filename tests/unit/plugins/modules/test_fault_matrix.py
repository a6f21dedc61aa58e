"""A fault at every write step of each shipped play, then a rerun: it must end exactly where a clean run ends.

The plays (directory, joiner, mover, leaver suspending, leaver deleting; tests/integration/fault_support.py) run in
process against the in-process simulator, their module tasks with the arguments their roles and playbook template.
Every write step of each gets every fault kind in turn (a 500, a 503 storm longer than the client retries, a 429 storm
whose Retry-After is waited out, a timeout after the API applied the write): 344 cases, about 0.1 s of CPU each. With
``JCOPS_FAULT_MATRIX=sample`` in the environment only a sample runs (``fault_support.sample``: every shape of write,
every fault kind, and a timeout after every write that is not a graph edge), a sixth of the cases.
``scripts/bench/faults.py`` prints the converged/total table of the whole matrix.
"""

from __future__ import annotations

import os

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client
from ansible_collections.jcops.jumpcloud.tests.integration.fault_support import (
    KINDS,
    Matrix,
    canonical,
    differences,
    sample,
    table,
)
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.modules.conftest import import_module

from tests.simulator.inprocess import InProcessSimulator

PLAYS = ('directory', 'joiner', 'mover', 'leaver', 'leaver-delete')


@pytest.fixture(scope='module')
def matrix():
    return Matrix(InProcessSimulator())


def step_of(matrix, play, method, path_end):
    return next(step for step, entry in enumerate(matrix.writes(play), 1)
                if entry['method'] == method and entry['path'].endswith(path_end))


@pytest.mark.parametrize('play', PLAYS)
def test_a_fault_at_every_write_step_then_a_rerun_ends_like_a_clean_run(matrix, play):
    chosen = sample(matrix.writes(play))
    assert {case[1] for case in chosen} == set(KINDS)
    if os.environ.get('JCOPS_FAULT_MATRIX') != 'sample':
        chosen = [(step, kind) for step in range(1, len(matrix.writes(play)) + 1) for kind in KINDS]
    cases = [matrix.case(play, step, kind) for step, kind in chosen]
    print('\n' + table(cases))
    assert [case for case in cases if not case.converged] == []
    # the faults did what they say: a 500 or a 503 storm stops the play, a 429 storm is waited out
    for case in cases:
        if case.kind in ('500', '503') and case.write['method'] == 'POST':
            assert case.first.failed, case
        if case.kind == '429':
            assert not case.first.failed and case.waited >= 35, case


def test_the_clean_runs_did_the_work(matrix):
    state = matrix.clean['mover'][2]
    users = dict((user['_id'], user['username']) for user in state['systemusers'])
    barbara = next(user_id for user_id, name in users.items() if name == 'barbara.liskov')
    groups = dict((group['id'], group['name']) for group in state['usergroups'])
    systems = dict((system['_id'], system['displayName']) for system in state['systems'])
    member_of = sorted(groups[edge['group']['id']] for edge in state['members'] if edge['member']['id'] == barbara)
    assert member_of == ['All staff', 'Sales', 'VPN users']          # moved; the group the map does not name is kept
    bound = [systems[end['id']] for edge in state['associations'] for end in (edge['from'], edge['to'])
             if barbara in (edge['from']['id'], edge['to']['id']) and end['type'] == 'system']
    assert bound == ['LAPTOP-4711']
    leaver = matrix.clean['leaver'][2]
    mac = next(device for device in leaver['appledevices'] if device['serialNumber'] == 'C02DMR0001')
    assert [command['type'] for command in mac['_commands']] == ['lock']
    assert {user['username']: user['state'] for user in leaver['systemusers']}['ken.thompson'] == 'SUSPENDED'
    deleted = matrix.clean['leaver-delete'][2]
    assert {'dennis.ritchie', 'ken.thompson'} & {user['username'] for user in deleted['systemusers']} == set()
    report = matrix.results['leaver-delete'].facts['offboarding_report']     # the role's proof, from the audit log
    assert [(entry['username'], entry['proven']) for entry in report] == [('dennis.ritchie', True), ('ken.thompson', True)]


def test_the_check_sees_a_lock_sent_again(matrix, monkeypatch):
    """A client that sent a POST again after a timeout locks the Mac twice: the case does not converge."""
    monkeypatch.setattr(_client, 'IDEMPOTENT_METHODS', _client.IDEMPOTENT_METHODS | {'POST'})
    case = matrix.case('leaver', step_of(matrix, 'leaver', 'POST', '/lock'), 'timeout')
    assert not case.converged
    assert any(problem.startswith('sent twice: ["/api/v2/applemdms/') for problem in case.problems), case.problems
    assert any('_commands' in problem for problem in case.problems), case.problems


def test_the_check_sees_what_is_missing_or_extra_whatever_the_ids(matrix):
    clean = matrix.clean['joiner'][2]
    assert canonical(clean) == matrix.clean['joiner'][0]
    renamed = dict(clean, members=[dict(edge, member=dict(edge['member'], id='0' * 24)) for edge in clean['members'][:1]]
                   + clean['members'][1:])
    assert differences(canonical(clean), canonical(renamed)) != []
    fewer = dict(clean, associations=clean['associations'][1:])
    assert [line.split(':')[0] for line in differences(canonical(clean), canonical(fewer))] == ['/associations']


def test_a_user_deleted_but_answered_too_late_is_deleted(run_sim, sim):
    """The retry of a DELETE whose answer never came finds nothing: the user is gone, as asked."""
    sim.seed({'systemusers': [{'username': 'gone', 'email': 'gone@example.com'}]})
    sim.fault(method='DELETE', path_regex='^/api/systemusers/', apply_first=True, delay_ms=60000)
    result = run_sim(import_module('jc_user'), dict(username='gone', state='absent'))
    assert not result['failed'] and result['changed'], result['msg']
    assert sim.state()['systemusers'] == []
    assert [entry['status'] for entry in sim.requests() if entry['method'] == 'DELETE'] == [200, 404]
