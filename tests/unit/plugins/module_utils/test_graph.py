from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._association import parse_targets
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import edge_kind, plan, refuse_dynamic_group
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import GRAPH_TYPES, KINDS, graph_targets


@pytest.mark.parametrize('source, target, how', [
    ('user', 'system', 'association'),
    ('system', 'user', 'association'),
    ('user_group', 'application', 'association'),
    ('policy', 'system_group', 'association'),
    ('user_group', 'user', 'members'),
    ('system_group', 'system', 'members'),
    ('policy_group', 'policy', 'members'),
    ('user', 'user_group', 'memberof'),
    ('system', 'system_group', 'memberof'),
    ('policy', 'policy_group', 'memberof'),
])
def test_edge_kind(source, target, how):
    assert edge_kind(source, target) == how


def test_illegal_pairs_name_the_legal_ones():
    with pytest.raises(JumpCloudValueError) as err:
        edge_kind('user', 'command')
    assert str(err.value).startswith('JumpCloud cannot link a user to a command; a user can be linked to: active_directory, application,')
    with pytest.raises(JumpCloudValueError):
        edge_kind('ldap_server', 'system')


def test_links_are_symmetric():
    for source in GRAPH_TYPES:
        for target in graph_targets(source):
            assert source in graph_targets(target), (source, target)
            assert KINDS[target].graph_path


def test_plan():
    current = {'a': {}, 'b': {'sudo': {'enabled': True}}, 'c': {}}
    wanted = {'a': None, 'b': {'sudo': {'enabled': False}}, 'd': None}
    assert plan(current, wanted) == ([('d', None)], [('b', {'sudo': {'enabled': False}})], [])
    assert plan(current, wanted, purge=True)[2] == [('c', None)]
    assert plan(current, {'a': None, 'z': None}, state='absent') == ([], [], [('a', None)])
    assert plan(current, {'b': {'sudo': {'enabled': True}}}) == ([], [], [])
    assert plan(current, {}, purge=True) == ([], [], [('a', None), ('b', None), ('c', None)])


def test_parse_targets():
    assert parse_targets(['web-1', {'name': 'web-2', 'attributes': {'sudo': {}}}, {'id': 'f' * 24}]) == [
        ('web-1', None), ('web-2', {'sudo': {}}), ('f' * 24, None)]
    for bad in ({'hostname': 'x'}, {'name': 'x', 'attributes': 'sudo'}, 42, {'attributes': {}}):
        with pytest.raises(JumpCloudValueError):
            parse_targets([bad])


def test_dynamic_groups_are_refused():
    refuse_dynamic_group({'name': 'static', 'membershipMethod': 'STATIC'}, KINDS['user_group'])
    with pytest.raises(JumpCloudValueError, match='has dynamic membership'):
        refuse_dynamic_group({'name': 'auto', 'membershipMethod': 'DYNAMIC_AUTOMATED'}, KINDS['user_group'])
