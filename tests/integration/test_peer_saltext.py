"""Peer check: a client built and used against the live API (the saltext-jumpcloud Salt extension) works against
the simulator, and it and this collection read each other's writes.

The extension sends v1 filters without the ``$`` (``username:eq:jdoe``), ``sort=id`` on graph member and
association reads and ``sort=_id`` on a command's results; the live API serves them, so the simulator serves them
and records them as ``lenient`` violations. This test expects exactly those, and no other violation.
"""

from __future__ import annotations

import re

import pytest

from ansible_collections.jcops.jumpcloud.plugins.modules import jc_user, jc_user_group, jc_user_group_info, jc_user_info
from tests.integration import salt_peer
from tests.integration.support import API_KEY
from tests.module_runner import run_main

pytestmark = pytest.mark.skipif(not salt_peer.available(), reason='saltext-jumpcloud is not installed (make venv)')

EXPECTED_LENIENCIES = (
    re.compile(r'^v1 filter operator "eq" without "\$" in "(username|name):eq:[^"]+" served as "\$eq"$'),
    re.compile(r'^sort "id" on graph_userGroup(Members|Associations)List, which declares no sort parameter, '
               r'accepted and ignored$'),
    re.compile(r'^sort "_id" on commands_getResults, which declares no sort parameter, accepted and ignored$'),
)


@pytest.fixture
def peer(sim):
    sim.reset()
    yield salt_peer.SaltPeer(sim.url, API_KEY)
    found = sim.violations()
    sim.clear_violations()
    unexpected = [v for v in found if v['kind'] != 'lenient' or not any(p.match(v['message']) for p in EXPECTED_LENIENCIES)]
    assert unexpected == []
    assert {v['kind'] for v in found} == {'lenient'}  # the extension's own habits were seen, and recorded


def collection(sim, module, **args):
    result = run_main(module, dict(args, api_url=sim.url, api_key=API_KEY))
    assert not result['failed'], result['msg']
    return result


def test_create_rerun_and_update(peer, sim):
    user = dict(email='peer.user@example.com', firstname='Peer', department='Salt')
    created = peer.apply('user_present', 'peer.user', **user)
    assert created['result'] is True and created['changes']['old'] is None, created
    assert peer.apply('user_present', 'peer.user', **user) == {
        'name': 'peer.user', 'changes': {}, 'result': True, 'comment': "The systemusers 'peer.user' is already in the correct state"}

    group = dict(description='made by salt', members=['peer.user'])
    created = peer.apply('usergroup_present', 'peer-group', **group)
    assert created['result'] is True and len(created['changes']['members']['added']) == 1, created
    assert peer.apply('usergroup_present', 'peer-group', **group)['changes'] == {}
    assert peer.apply('usergroup_present', 'peer-group', test=True, **group)['result'] is True

    # a v2 PUT replaces the whole group: the extension reads, merges and sends the group's own GET output back
    sim.clear_requests()
    updated = peer.apply('usergroup_present', 'peer-group', description='changed by salt', members=['peer.user'])
    assert updated['changes'] == {'description': {'old': 'made by salt', 'new': 'changed by salt'}}
    put = [r for r in sim.requests() if r['method'] == 'PUT']
    assert len(put) == 1 and put[0]['status'] == 200 and put[0]['body']['id'] == put[0]['path'].rsplit('/', 1)[1]
    assert peer('member_names', 'usergroups', name='peer-group') == ['peer.user']
    assert peer.apply('usergroup_present', 'peer-group', description='changed by salt', members=['peer.user'])['changes'] == {}


def test_each_reads_the_others_writes(peer, sim):
    # this collection writes; the extension reads and finds nothing to change
    collection(sim, jc_user, username='ansible.user', email='ansible.user@example.com', firstname='Ansible', department='Ops')
    peer.apply('user_present', 'peer.user', email='peer.user@example.com', firstname='Peer')
    collection(sim, jc_user_group, name='ansible-group', description='made by ansible',
               members=['ansible.user', 'peer.user'])
    found = peer('find', 'systemusers', 'ansible.user')
    assert (found['email'], found['firstname'], found['department']) == ('ansible.user@example.com', 'Ansible', 'Ops')
    assert sorted(peer('member_names', 'usergroups', name='ansible-group')) == ['ansible.user', 'peer.user']
    assert peer.apply('usergroup_present', 'ansible-group', description='made by ansible',
                      members=['ansible.user', 'peer.user'])['changes'] == {}
    assert peer.apply('user_present', 'ansible.user', email='ansible.user@example.com', department='Ops')['changes'] == {}

    # the extension writes; this collection reads and finds nothing to change
    peer.apply('usergroup_present', 'salt-group', description='made by salt', members=['peer.user', 'ansible.user'])
    users = collection(sim, jc_user_info, username='peer.user')['users']
    assert [(u['username'], u['email'], u['firstname']) for u in users] == [('peer.user', 'peer.user@example.com', 'Peer')]
    groups = collection(sim, jc_user_group_info, name='salt-group', include_members=True)['user_groups']
    assert groups[0]['description'] == 'made by salt'
    assert sorted(m['name'] for m in groups[0]['members']) == ['ansible.user', 'peer.user']
    assert not collection(sim, jc_user_group, name='salt-group', description='made by salt',
                          members=['peer.user', 'ansible.user'], purge_members=True)['changed']
    assert not collection(sim, jc_user, username='peer.user', email='peer.user@example.com', firstname='Peer')['changed']


def test_pages_through_121_users(peer, sim):
    sim.seed({'systemusers': [{'username': 'user%03d' % i, 'email': 'user%03d@example.com' % i} for i in range(121)]})
    sim.clear_requests()
    users = peer('list', 'systemusers')
    assert len(users) == 121 and len({u['_id'] for u in users}) == 121
    assert [(r['query']['limit'], r['query']['skip'], r['query']['sort']) for r in sim.requests()] == [
        (['100'], ['0'], ['_id']), (['100'], ['100'], ['_id'])]
    assert peer('get', 'systemusers', name='user120')['username'] == 'user120'  # a lookup by name on page two


def test_commands_and_their_results(peer, sim):
    command = dict(command='uptime', commandType='linux')
    assert peer.apply('command_present', 'peer-command', **command)['changes']['old'] is None
    assert peer.apply('command_present', 'peer-command', **command)['changes'] == {}
    assert peer('command_run', command='peer-command')['queueIds'] == []  # bound to no device
    assert peer('command_results', command='peer-command') == []
