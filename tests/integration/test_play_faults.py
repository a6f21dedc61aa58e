"""The shipped playbooks with ansible-playbook, each stopped by the fault a rerun finds hardest: the API applied a write
and the answer came after the module's timeout. The rerun must end exactly where a clean run ends, without sending
the create, the removal or the lock again.

The plays and their input are those of tests/integration/fault_support.py (its in-process matrix, in
tests/unit/plugins/modules/test_fault_matrix.py, covers every fault kind at every shape of write); here the playbooks
run as users run them (playbooks/directory.yml, onboard.yml and offboard.yml with the roles' own concurrency), with
``timeout: 2`` added to their module_defaults so that a 4 s answer times out.
"""

from __future__ import annotations

import json

import pytest

from tests.integration.fault_support import Matrix, canonical, differences, labels, repeated
from tests.integration.support import tail
from tests.simulator.inprocess import InProcessSimulator

TIMEOUT = 2
LATE = dict(apply_first=True, delay_ms=2 * TIMEOUT * 1000)


@pytest.fixture(scope='module')
def matrix():
    """The clean runs, in process: the state each play starts from and the state it must end in."""
    return Matrix(InProcessSimulator())


def with_timeout(playbook):
    """The playbook's text with ``timeout`` among its module defaults."""
    text = playbook.read_text()
    line = '      region: "{{ jumpcloud_region | default(omit) }}"\n'
    assert line in text
    return text.replace(line, line + '      timeout: {0}\n'.format(TIMEOUT))


def object_id(state, collection, name, field='name'):
    return next(item.get('id') or item.get('_id') for item in state[collection] if item.get(field) == name)


def faults(before):
    """Per play: the write whose answer comes late (the first one the fault's method and path match)."""
    engineering = object_id(before['mover'], 'usergroups', 'Engineering')
    return {
        'directory': dict(method='POST', path_regex='^/api/v2/usergroups$'),                   # create 'All staff'
        'joiner': dict(method='POST', path_regex='^/api/systemusers$'),                         # create the first hire
        'mover': dict(method='POST', path_regex='^/api/v2/usergroups/{0}/members$'.format(engineering)),  # leave Engineering
        'leaver': dict(method='POST', path_regex='/devices/[0-9a-f]+/lock$'),                  # lock the Mac
    }


@pytest.mark.parametrize('play', ['directory', 'joiner', 'mover', 'leaver'])
def test_a_write_applied_but_answered_too_late_then_a_rerun(matrix, sim, run_playbook, tmp_path, play):
    expected, clean_log, clean_state = matrix.clean[play]
    chosen = matrix.play(play)
    playbook = tmp_path / chosen.playbook.name
    playbook.write_text(with_timeout(chosen.playbook))
    extra = tmp_path / 'extra.json'
    extra.write_text(json.dumps(chosen.extra))
    env = dict(JUMPCLOUD_API_URL=sim.url)
    sim.reset()
    sim.seed(matrix.before[play])
    sim.fault(**dict(faults(matrix.before)[play], **LATE))

    first = run_playbook(str(playbook), '-e', '@' + str(extra), env=env)
    output = first.stdout + first.stderr
    assert first.returncode != 0, tail(output)
    assert 'no answer within {0} seconds'.format(TIMEOUT) in output and 'may already have been applied' in output, tail(output)
    first_log = sim.requests()
    assert sim.faults() == [] and any(entry['method'] == 'POST' and 200 <= entry['status'] < 300 for entry in first_log)

    sim.clear_requests()
    rerun = run_playbook(str(playbook), '-e', '@' + str(extra), env=env)
    assert rerun.returncode == 0, tail(rerun.stdout + rerun.stderr)
    state = sim.state()
    assert differences(expected, canonical(state)) == []
    assert repeated(clean_log, [first_log, sim.requests()], labels(matrix.before[play], clean_state, state)) == []
    assert sim.violations() == []
