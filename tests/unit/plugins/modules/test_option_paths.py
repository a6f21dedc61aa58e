"""The ensure-state routine in-process, against the simulator: errors name the option path that holds a bad value."""

from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudError, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Ensure
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import Resolver
from ansible_collections.jcops.jumpcloud.plugins.modules import jc_association, jc_policy, jc_user, jc_user_group


class Module:
    """What Ensure takes from a module: the client, the resolver and check mode."""

    def __init__(self, client):
        self.client = client
        self.resolver = Resolver(client)
        self.check_mode = client.check_mode


def params(entity, **given):
    out = dict.fromkeys(entity.argument_spec())
    out.update(state='present', update_password='on_create', purge_members=False, update_sensitive_values='on_create',
               os_family=None, cascade_manager=None)
    out.update(given)
    return out


def test_an_item_of_a_list_of_objects_names_its_options_with_its_path(sim, sim_client):
    client, dummy = sim_client()
    module = Module(client)
    given = params(jc_user.ENTITY, username='x', email='x@example.com', manager='no.such.person')
    routine = jc_user.UserEnsure(module, jc_user.ENTITY, given, where='users[3]')
    with pytest.raises(JumpCloudValueError) as err:
        routine.plan()
    assert str(err.value) == "users[3].manager: no user named or with id 'no.such.person' exists in JumpCloud"
    group = Ensure(module, jc_user_group.ENTITY, params(jc_user_group.ENTITY, name='Eng', members=['a', 'b']), where='groups[1]')
    with pytest.raises(JumpCloudValueError) as err:
        group.plan()
    assert str(err.value) == ("groups[1].members[0]: no user named or with id 'a' exists in JumpCloud; "
                              "groups[1].members[1]: no user named or with id 'b' exists in JumpCloud")


def test_the_parameters_of_a_module_name_the_option_alone(sim, sim_client):
    sim.seed({'usergroups': [{'name': 'twin'}, {'name': 'twin'}]})
    client, dummy = sim_client()
    with pytest.raises(JumpCloudValueError, match=r"^name: user group name 'twin' is ambiguous: 2 objects"):
        Ensure(Module(client), jc_user_group.ENTITY, params(jc_user_group.ENTITY, name='twin')).plan()


def test_policy_values_are_named_by_their_path(sim, sim_client):
    client, dummy = sim_client()
    routine = jc_policy.PolicyEnsure(Module(client), jc_policy.ENTITY, params(
        jc_policy.ENTITY, name='Lock', template='screen_lock_darwin', values={'timeout': 'ten', 'bogus': 1}), where='policies[2]')
    with pytest.raises(JumpCloudValueError) as err:
        routine.plan()
    message = str(err.value)
    assert "policies[2].values.bogus: unknown field" in message
    assert "policies[2].values.timeout: field 'timeout' takes a number" in message


def test_a_failed_member_change_names_the_member_and_the_group_as_given(run_module, sim):
    sim.seed({'systemusers': [{'username': 'jdoe', 'email': 'jdoe@example.com'}], 'usergroups': [{'name': 'Engineering'}]})
    sim.fault(method='POST', path_regex='/members$', status=500, message='try later')
    result, dummy = run_module(jc_user_group, dict(name='Engineering', members=['jdoe']), sim)
    assert result['failed']
    assert result['msg'] == "Failed to add user 'jdoe' to user group 'Engineering': HTTP 500: try later"


def test_a_failed_link_change_names_the_target_and_the_source_as_given(run_module, sim):
    sim.seed({'systemusers': [{'username': 'jdoe', 'email': 'jdoe@example.com'}],
              'systemgroups': [{'name': 'Build servers'}, {'name': 'Laptops'}],
              'associations': [{'from': {'type': 'user', 'name': 'jdoe'}, 'to': {'type': 'system_group', 'name': 'Laptops'}}]})
    sim.fault(method='POST', path_regex='/associations$', status=500, message='try later')
    result, dummy = run_module(jc_association, dict(source_type='user', source='jdoe', target_type='system_group',
                                                    targets=['Build servers']), sim)
    assert result['msg'] == "Failed to add system group 'Build servers' to user 'jdoe': HTTP 500: try later"
    sim.fault(method='POST', path_regex='/associations$', status=500, message='try later')
    result, dummy = run_module(jc_association, dict(source_type='user', source='jdoe', target_type='system_group',
                                                    targets=[], purge=True), sim)
    assert result['msg'] == "Failed to remove system group 'Laptops' on user 'jdoe': HTTP 500: try later"


def test_a_failed_read_of_links_names_the_source_as_given(sim, sim_client):
    from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import Edges
    client, dummy = sim_client()
    with pytest.raises(JumpCloudError, match="^Failed to list the user links of user group 'Engineering': HTTP 404"):
        Edges(client, 'user_group', 'f' * 24, 'user', source_name='Engineering').read()
