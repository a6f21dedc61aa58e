"""The link engine (_association over _graph, with _lookup) in-process against the simulator: what is read, what is
sent, and what is refused before any write."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudError, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import Edges, GroupNames, member_of, plan
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind, graph_targets
from ansible_collections.jcops.jumpcloud.plugins.modules import jc_association, jc_association_info, jc_user_info

SUDO = {'sudo': {'enabled': True, 'withoutPassword': False}}


def sent(session, methods=('POST', 'PUT', 'PATCH', 'DELETE')):
    return [(method, urlparse(url).path, kwargs.get('json')) for method, url, kwargs in session.sent if method in methods]


@pytest.fixture
def org(sim):
    ids = sim.seed({
        'systemusers': [{'username': 'jdoe', 'email': 'jdoe@example.com'}, {'username': 'asmith', 'email': 'asmith@example.com'}],
        'systems': [{'displayName': 'build-01', 'hostname': 'build-01.example.com', 'os': 'Ubuntu'},
                    {'displayName': 'build-02', 'hostname': 'build-02.example.com', 'os': 'Ubuntu'}],
        'usergroups': [{'name': 'Engineering'}, {'name': 'Auto', 'membershipMethod': 'DYNAMIC_AUTOMATED',
                                                 'memberQuery': {'queryType': 'FilterQuery', 'filters': []}}],
        'systemgroups': [{'name': 'Build servers'}],
        'radiusservers': [{'name': 'Wi-Fi', 'networkSourceIp': '203.0.113.10', 'sharedSecret': 'x'}],
        'members': [{'group': {'type': 'system_group', 'name': 'Build servers'}, 'member': {'type': 'system', 'name': 'build-01'}}],
        'associations': [{'from': {'type': 'user_group', 'name': 'Engineering'}, 'to': {'type': 'system_group', 'name': 'Build servers'}}],
    })
    return ids


def associate(run_module, sim, **args):
    return run_module(jc_association, dict(dict(source_type='user', source='jdoe', target_type='system'), **args), sim)


def test_adds_then_nothing_on_a_rerun(run_module, sim, org):
    result, session = associate(run_module, sim, targets=['build-01', 'build-02.example.com'])
    assert result['changed'] and sorted(result['added']) == ['build-01', 'build-02']
    assert [(method, body['op']) for method, dummy, body in sent(session)] == [('POST', 'add'), ('POST', 'add')]
    assert result['diff'] == {'before': {'source': 'user jdoe', 'target_type': 'system', 'targets': []},
                              'after': {'source': 'user jdoe', 'target_type': 'system', 'targets': ['build-01', 'build-02']}}
    again, session = associate(run_module, sim, targets=['build-01', 'build-02.example.com'])
    assert not again['changed'] and sent(session) == []
    assert again['msg'] == "System links of user 'jdoe' unchanged"


def test_attributes_are_updated_and_unmanaged_attributes_never_cause_an_update(run_module, sim, org):
    associate(run_module, sim, targets=['build-01'])
    result, session = associate(run_module, sim, targets=[{'name': 'build-01', 'attributes': SUDO}])
    assert result['changed'] and result['updated'] == ['build-01']
    assert [body for dummy, dummy_path, body in sent(session)] == [
        {'op': 'update', 'type': 'system', 'id': org['systems'][0], 'attributes': SUDO}]
    assert result['diff']['after']['attributes'] == {'build-01': SUDO}
    again, session = associate(run_module, sim, targets=['build-01', {'id': org['systems'][0], 'attributes': SUDO}])
    assert not again['changed'] and sent(session) == []


def test_purge_removes_the_other_targets_of_that_type_only(run_module, sim, org):
    associate(run_module, sim, targets=['build-01', 'build-02'])
    associate(run_module, sim, target_type='radius_server', targets=['Wi-Fi'])
    result, session = associate(run_module, sim, targets=['build-02'], purge=True)
    assert result['removed'] == ['build-01'] and result['association']['targets'][0]['name'] == 'build-02'
    assert [body['op'] for dummy, dummy_path, body in sent(session)] == ['remove']
    kept, dummy = run_module(jc_association_info, dict(source_type='user', source='jdoe', target_types=['radius_server']), sim)
    assert [row['name'] for row in kept['targets']['radius_server']] == ['Wi-Fi']
    gone, session = associate(run_module, sim, targets=[], purge=True)
    assert gone['removed'] == ['build-02']
    absent, session = associate(run_module, sim, targets=['build-01'], state='absent')
    assert not absent['changed'] and sent(session) == []


def test_check_mode_plans_every_change_and_sends_none(run_module, sim, org):
    associate(run_module, sim, targets=['build-01'])
    sim.clear_requests()
    result, session = associate(run_module, sim, targets=[{'name': 'build-02', 'attributes': SUDO}], purge=True,
                                _ansible_check_mode=True)
    assert result['changed'] and result['msg'] == "System links of user 'jdoe' would be changed"
    assert (result['added'], result['removed']) == (['build-02'], ['build-01'])
    assert sent(session) == [] and sim.writes() == []


def test_membership_from_either_side(run_module, sim, org):
    result, session = run_module(jc_association, dict(source_type='user_group', source='Engineering', target_type='user',
                                                      targets=['jdoe']), sim)
    assert result['added'] == ['jdoe']
    assert sent(session) == [('POST', '/api/v2/usergroups/{0}/members'.format(org['usergroups'][0]),
                              {'op': 'add', 'type': 'user', 'id': org['systemusers'][0]})]
    seen, session = run_module(jc_association, dict(source_type='user', source='jdoe', target_type='user_group',
                                                    targets=['Engineering']), sim)
    assert not seen['changed'] and sent(session) == []
    left, session = run_module(jc_association, dict(source_type='user', source='jdoe', target_type='user_group',
                                                    targets=['Engineering'], state='absent'), sim)
    assert left['removed'] == ['Engineering']
    assert sent(session) == [('POST', '/api/v2/usergroups/{0}/members'.format(org['usergroups'][0]),
                              {'op': 'remove', 'type': 'user', 'id': org['systemusers'][0]})]


def test_a_dynamic_group_is_refused_from_either_side_before_any_write(run_module, sim, org):
    for args in (dict(source_type='user_group', source='Auto', target_type='user', targets=['jdoe']),
                 dict(source_type='user', source='jdoe', target_type='user_group', targets=['Engineering', 'Auto'])):
        result, session = run_module(jc_association, args, sim)
        assert result['failed'] and "User group 'Auto' has dynamic membership (DYNAMIC_AUTOMATED)" in result['msg']
        assert sent(session) == []


@pytest.mark.parametrize('args, message', [
    (dict(target_type='command', targets=['x']), 'target_type: JumpCloud cannot link a user to a command; a user can be linked to:'),
    (dict(targets=['build-01'], purge=True, state='absent'), 'purge=true goes with state=present'),
    (dict(targets=[{'name': 'build-01', 'sudo': True}]), 'targets[0]: each target is a name or id, or a dict with name (or id)'),
    (dict(targets=['build-01', 'nowhere', 'build-01.example.com']), "targets[1]: no system named or with id 'nowhere'"),
    (dict(source='nobody', targets=['build-01']), "source: no user named or with id 'nobody'"),
])
def test_bad_input_is_refused_before_any_write(run_module, sim, org, args, message):
    result, session = associate(run_module, sim, **args)
    assert result['failed'] and message in result['msg']
    assert sent(session) == []


def test_an_add_that_already_exists_or_a_remove_of_a_missing_link_counts_as_done(run_module, sim, org):
    """JumpCloud answers 409 to an add of an existing link and 404 to a remove of a missing one (another run may have
    made the change between the read and the write): the link is as asked."""
    associate(run_module, sim, targets=['build-01'])
    sim.fault(method='POST', path_regex='/associations$', status=409, message='already exists')
    result, dummy = associate(run_module, sim, targets=['build-02'])
    assert result['changed'] and not result['failed']
    sim.fault(method='POST', path_regex='/associations$', status=404, message='not found')
    result, dummy = associate(run_module, sim, targets=['build-01'], state='absent')
    assert result['changed'] and not result['failed']


def test_links_read_directly_and_through_groups(run_module, sim, org):
    run_module(jc_association, dict(source_type='user_group', source='Engineering', target_type='user', targets=['jdoe']), sim)
    associate(run_module, sim, targets=['build-02'])
    direct, session = run_module(jc_association_info, dict(source_type='user', source='jdoe'), sim)
    assert set(direct['targets']) == set(graph_targets('user'))
    assert [row['name'] for row in direct['targets']['system']] == ['build-02']
    assert [row['name'] for row in direct['targets']['user_group']] == ['Engineering']
    assert all(method == 'GET' for method, dummy, dummy_kwargs in session.sent)
    reach, dummy = run_module(jc_association_info, dict(source_type='user', source='jdoe', target_types=['system'], indirect=True), sim)
    assert [(row['name'], row['paths']) for row in reach['targets']['system']] == [('build-01', 1), ('build-02', 1)]
    nope, session = run_module(jc_association_info, dict(source_type='system_group', source='Build servers',
                                                         target_types=['radius_server'], indirect=True), sim)
    assert nope['failed'] and 'JumpCloud offers no traversal from a system_group to its radius_servers' in nope['msg']


def test_edges_read_members_and_memberships(sim, sim_client, org):
    client, session = sim_client()
    group, build01 = org['systemgroups'][0], org['systems'][0]
    assert Edges(client, 'system_group', group, 'system').read() == {build01: {}}
    assert Edges(client, 'system', build01, 'system_group').read() == {group: {}}
    assert Edges(client, 'system_group', group, 'system').reachable() == {build01: 1}
    assert member_of(client, 'system', build01) == [group]
    assert GroupNames(client, get_kind('system_group')).of_member('system', build01) == [{'id': group, 'name': 'Build servers'}]


def test_a_change_that_fails_otherwise_is_an_error(sim, sim_client, org):
    client, dummy = sim_client()
    edges = Edges(client, 'user', org['systemusers'][0], 'system', source_name='jdoe')
    with pytest.raises(JumpCloudError, match="^Failed to update system 'build-01' on user 'jdoe': HTTP 404"):
        edges.change('update', org['systems'][0], SUDO, 'build-01')   # no such link to update
    sim.fault(method='POST', path_regex='/associations$', status=409, message='conflict')
    with pytest.raises(JumpCloudError, match='HTTP 409'):
        edges.change('remove', org['systems'][0], target_name='build-01')
    sim.clear_faults()


def test_plan_and_apply_in_check_mode_report_the_links_afterwards(sim, sim_client, org):
    client, session = sim_client(check_mode=True)
    edges = Edges(client, 'user', org['systemusers'][0], 'system')
    current = {org['systems'][0]: {}}
    add, update, remove = plan(current, {org['systems'][1]: SUDO}, purge=True)
    assert edges.apply(current, add, update, remove) == {org['systems'][1]: SUDO}
    assert [write[0] for write in client.writes] == ['POST', 'POST'] and session.sent == []


def test_the_user_info_groups_are_read_once_per_kind(run_module, sim, org):
    run_module(jc_association, dict(source_type='user_group', source='Engineering', target_type='user', targets=['jdoe']), sim)
    with pytest.raises(JumpCloudValueError):
        Edges(None, 'user', 'x', 'command')
    result, dummy = run_module(jc_user_info, dict(username='jdoe', include_groups=True), sim)
    assert result['users'][0]['groups'] == [{'id': org['usergroups'][0], 'name': 'Engineering'}]
