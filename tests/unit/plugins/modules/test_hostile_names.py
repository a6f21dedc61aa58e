"""Names JumpCloud's filter syntax gives a meaning to (a comma in v2, a ``|`` in an ``in`` filter) are managed and
referenced like any other."""

from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.modules import (
    jc_association,
    jc_policy,
    jc_policy_group,
    jc_system_group,
    jc_user_group,
    jc_user_info,
)


def writes(session):
    return [method for method, dummy, dummy_kwargs in session.sent if method != 'GET']


@pytest.mark.parametrize('module, args', [(jc_user_group, dict(description='EMEA sales')),
                                          (jc_system_group, dict(description='EMEA sales')), (jc_policy_group, {})])
def test_a_group_named_with_a_comma_is_created_found_and_deleted(run_module, sim, module, args):
    sim.seed({'usergroups': [{'name': 'Sales'}], 'systemgroups': [{'name': 'Sales'}], 'policygroups': [{'name': 'Sales'}]})
    created, session = run_module(module, dict(args, name='Sales, EMEA'), sim)
    assert created['changed'] and not created['failed'] and writes(session) == ['POST']
    again, session = run_module(module, dict(args, name='Sales, EMEA'), sim)
    assert not again['failed'] and not again['changed'] and writes(session) == []
    deleted, session = run_module(module, dict(name='Sales, EMEA', state='absent'), sim)
    assert deleted['changed'] and writes(session) == ['DELETE']


def test_a_policy_named_with_a_comma_is_created_then_unchanged(run_module, sim):
    args = dict(name='Screen lock, Macs', template='screen_lock_darwin', values={'timeout': 600})
    created, dummy = run_module(jc_policy, args, sim)
    assert created['changed'] and not created['failed']
    again, session = run_module(jc_policy, args, sim)
    assert not again['failed'] and not again['changed'] and writes(session) == []


def test_targets_named_with_a_comma_are_bound(run_module, sim):
    sim.seed({'systemusers': [{'username': 'jdoe', 'email': 'jdoe@example.com'}],
              'usergroups': [{'name': 'Sales, EMEA'}, {'name': 'Sales'}, {'name': 'Ops, EMEA'}]})
    result, dummy = run_module(jc_association, dict(source_type='user', source='jdoe', target_type='user_group',
                                                    targets=['Sales, EMEA', 'Ops, EMEA']), sim)
    assert not result['failed'] and result['changed']
    assert sorted(result['added']) == ['Ops, EMEA', 'Sales, EMEA']


def test_info_filter_values_with_a_pipe_are_escaped(run_module, sim):
    sim.seed({'systemusers': [{'username': 'ops', 'email': 'ops@example.com', 'department': 'R&D | Ops'},
                              {'username': 'dev', 'email': 'dev@example.com', 'department': 'R&D'}]})
    result, dummy = run_module(jc_user_info, dict(filter={'department': ['R&D | Ops', 'Nobody']}), sim)
    assert [user['username'] for user in result['users']] == ['ops']


def test_a_v2_filter_value_with_a_comma_is_refused_naming_the_option(run_module, sim):
    from ansible_collections.jcops.jumpcloud.plugins.modules import jc_user_group_info
    result, session = run_module(jc_user_group_info, dict(filter={'name': 'Sales, EMEA'}), sim)
    assert result['failed'] and result['msg'].startswith("filter.name: 'Sales, EMEA' cannot be sent in a JumpCloud v2 filter")
    assert session.sent == []
