"""Eight editors at once against one object: no edit may be lost.

Each editor is a thread with a client of its own (as a playbook run has), running the module's routine against the
in-process simulator, whose requests wait a few milliseconds so that reads and writes interleave (rounds and wait:
JCOPS_CONCURRENT_RUNS, JCOPS_CONCURRENT_LATENCY in seconds). Every run starts
all eight together; ten runs per scenario. A v2 PUT replaces the whole object, so without a guard an editor that read
before another one's write sends the old values back (the lost update); the scenarios cover that path (one policy,
one user group) and the additive ones (group members, associations). ``lost`` counts the edits missing at the end of
each run; it must be 0, and every editor must report ``changed``.
"""

from __future__ import annotations

import os
import threading
import types

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.jcops.jumpcloud.plugins.module_utils._association import AssociationModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudClient
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Ensure
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import Resolver
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import common_argument_spec
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.modules.conftest import argument_spec, import_module

EDITORS = 8
RUNS = int(os.environ.get('JCOPS_CONCURRENT_RUNS', 10))
LATENCY = float(os.environ.get('JCOPS_CONCURRENT_LATENCY', 0.01))  # seconds the simulator waits before serving each request

FIELDS = ['f{0}'.format(index) for index in range(1, EDITORS + 1)]
TEMPLATE = {
    'id': 'c0c0c0c0c0c0c0c0c0c0c0c0', 'name': 'concurrency_linux', 'displayName': 'Eight settings', 'osMetaFamily': 'linux',
    'configFields': [{'id': '{0:024x}'.format(0xc1 + index), 'name': name, 'label': name.upper(), 'displayType': 'number',
                      'defaultValue': 0, 'displayOptions': None, 'position': index + 1, 'readOnly': False, 'required': False,
                      'sensitive': False, 'validators': {'min': 0, 'max': 100000}, 'tooltip': None}
                     for index, name in enumerate(FIELDS)],
}


def params(module_name, args, url):
    """A module's parameters as AnsibleModule would make them (defaults filled, types converted)."""
    spec, dummy = argument_spec(module_name)
    spec = dict(common_argument_spec(), **spec)
    result = ArgumentSpecValidator(spec).validate(dict(args, api_key='test-key', api_url=url))
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


def runner(sim):
    """A module's stand-in for one editor: its own client (and session), resolver and no check mode."""
    client = JumpCloudClient(api_key='test-key', api_url=sim.url, session=sim.session())
    return types.SimpleNamespace(client=client, resolver=Resolver(client), check_mode=False)


def ensure(module_name, args, sim):
    """One editor running the ensure-state routine of ``module_name`` (its ENTITY and routine) with ``args``."""
    module = import_module(module_name)
    routine = getattr(module, 'PolicyEnsure', None) or Ensure
    return routine(runner(sim), module.ENTITY, params(module_name, args, sim.url)).run()


def associate(args, sim):
    """One editor running jc_association's edge routine with ``args``."""
    editor = AssociationModule.__new__(AssociationModule)
    stand_in = runner(sim)
    editor.params = params('jc_association', args, sim.url)
    editor._client, editor._resolver, editor.check_mode = stand_in.client, stand_in.resolver, False  # pylint: disable=protected-access
    editor.source_kind, editor.target_kind = get_kind(args['source_type']), get_kind(args['target_type'])
    return editor.ensure()


def together(jobs):
    """Run the jobs on threads released at once; their results (an exception is re-raised)."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def work(index, job):
        barrier.wait()
        try:
            results[index] = job()
        except Exception as exc:  # pylint: disable=broad-except
            results[index] = exc

    threads = [threading.Thread(target=work, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


def policy_values(sim, name):
    policy = [obj for obj in sim.state()['policies'] if obj['name'] == name][0]
    names = {field['id']: field['name'] for field in TEMPLATE['configFields']}
    return {names[entry['configFieldID']]: entry['value'] for entry in policy['values']}


@pytest.fixture
def slow(sim):
    sim.app.latency = LATENCY
    yield sim
    sim.app.latency = 0


def test_concurrent_policy_edits_are_not_lost(slow):
    slow.seed({'policytemplates': [TEMPLATE], 'policies': [{'name': 'Shared policy', 'template': {'id': TEMPLATE['id']}}]})
    lost, unchanged = 0, 0
    for run in range(1, RUNS + 1):
        wanted = {name: run * 100 + index for index, name in enumerate(FIELDS)}
        results = together([lambda name=name: ensure('jc_policy', {'name': 'Shared policy', 'values': {name: wanted[name]}}, slow)
                            for name in FIELDS])
        unchanged += sum(1 for result in results if not result['changed'])
        held = policy_values(slow, 'Shared policy')
        lost += sum(1 for name in FIELDS if held[name] != wanted[name])
    print('policy: {0} of {1} edits lost over {2} runs of {3} editors'.format(lost, RUNS * EDITORS, RUNS, EDITORS))
    assert (lost, unchanged) == (0, 0)


GROUP_EDITS = {
    'description': 'Edited in run {0}'.format,
    'email': 'run{0}@example.com'.format,
    'sudo': lambda run: {'enabled': run % 2 == 1, 'without_password': False},
    'posix_groups': lambda run: [{'id': 7000 + run, 'name': 'posix{0}'.format(run)}],
    'ldap_groups': lambda run: ['ldap{0}'.format(run)],
    'radius_reply_attributes': lambda run: [{'name': 'Reply-Message', 'value': 'run {0}'.format(run)}],
    'samba_enabled': lambda run: run % 2 == 1,
    'members': lambda run: ['user{0}'.format(run)],
}


def test_concurrent_user_group_edits_are_not_lost(slow, run_sim):
    slow.seed({'systemusers': [{'username': 'user{0}'.format(run), 'email': 'user{0}@example.com'.format(run)}
                               for run in range(1, RUNS + 1)], 'usergroups': [{'name': 'Shared group'}]})
    jc_user_group = import_module('jc_user_group')
    lost, unchanged = 0, 0
    for run in range(1, RUNS + 1):
        results = together([lambda option=option, edit=edit: ensure('jc_user_group', {'name': 'Shared group', option: edit(run)}, slow)
                            for option, edit in GROUP_EDITS.items()])
        unchanged += sum(1 for result in results if not result['changed'])
        for option, edit in GROUP_EDITS.items():
            again = run_sim(jc_user_group, {'name': 'Shared group', option: edit(run)})
            lost += again['changed']   # a rerun that changes something found an edit missing
    print('user group: {0} of {1} edits lost over {2} runs of {3} editors'.format(lost, RUNS * EDITORS, RUNS, EDITORS))
    assert (lost, unchanged) == (0, 0)


def test_concurrent_member_adds_and_bindings_are_not_lost(slow):
    slow.seed({'systemusers': [{'username': 'user{0}'.format(index), 'email': 'user{0}@example.com'.format(index)}
                               for index in range(EDITORS)]})
    lost_members, lost_bindings, unchanged = 0, 0, 0
    for run in range(1, RUNS + 1):
        group, source, hosts = 'Group {0}'.format(run), 'user{0}'.format(run % EDITORS), ['host{0}-{1}'.format(run, index) for index in range(EDITORS)]
        slow.seed({'usergroups': [{'name': group}], 'systems': [{'displayName': host, 'os': 'Ubuntu'} for host in hosts]})
        results = together(
            [lambda index=index: ensure('jc_user_group', {'name': group, 'members': ['user{0}'.format(index)]}, slow)
             for index in range(EDITORS)]
            + [lambda host=host: associate({'source_type': 'user', 'source': source, 'target_type': 'system', 'targets': [host]}, slow)
               for host in hosts])
        unchanged += sum(1 for result in results if not result['changed'])
        state = slow.state()
        group_id = [obj['id'] for obj in state['usergroups'] if obj['name'] == group][0]
        lost_members += EDITORS - len([edge for edge in state['members'] if edge['group']['id'] == group_id])
        host_ids = {obj['_id'] for obj in state['systems'] if obj['displayName'] in hosts}
        bound = {node['id'] for edge in state['associations'] for node in (edge['from'], edge['to']) if node['id'] in host_ids}
        lost_bindings += EDITORS - len(bound)
    print('group members: {0} of {1} lost; associations: {2} of {1} lost, over {3} runs of {4} editors'.format(
        lost_members, RUNS * EDITORS, lost_bindings, RUNS, EDITORS))
    assert (lost_members, lost_bindings, unchanged) == (0, 0, 0)
