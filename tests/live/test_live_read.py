"""Read-only smoke against a live organization: every ``*_info`` module and the systems inventory, the live answers
checked against the documents, and their shapes compared with what the simulator answers to the same requests."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.support import ansible_env
from tests.live import probes
from tests.module_runner import run_main

ROOT = Path(__file__).resolve().parents[2]
INFO_MODULES = sorted(p.stem for p in (ROOT / 'plugins' / 'modules').glob('*_info.py'))
# options that need an object to name: filled from the first object the organization has
NAMED = {'jc_user_info': ('/systemusers', 'username', 'username'),
         'jc_user_group_info': ('/v2/usergroups', 'name', 'name'),
         'jc_system_group_info': ('/v2/systemgroups', 'name', 'name'),
         'jc_system_info': ('/systems', 'name', 'displayName'),
         'jc_radius_server_info': ('/radiusservers', 'name', 'name'),
         'jc_policy_info': ('/v2/policies', 'name', 'name')}


def info(live, module_name, **args):
    module = importlib.import_module('ansible_collections.jcops.jumpcloud.plugins.modules.' + module_name)
    result = run_main(module, live.module_args(**args))
    assert not result['failed'], '%s: %s' % (module_name, result.get('msg'))
    return result


@pytest.mark.parametrize('name', [n for n in INFO_MODULES if n != 'jc_association_info'])
def test_info_module_lists(live, name):
    info(live, name)


@pytest.mark.parametrize('name', sorted(NAMED))
def test_info_module_finds_one_by_name(live, name):
    path, option, field = NAMED[name]
    first = live.api.first(path)
    if first is None:
        pytest.skip('the organization has no object at %s' % path)
    extra = {'include_members': True} if name.endswith('group_info') else {}
    result = info(live, name, **dict(extra, **{option: first[field]}))
    assert any(v for k, v in result.items() if isinstance(v, list))


def test_association_info(live):
    user = live.api.first('/systemusers')
    if user is None:
        pytest.skip('the organization has no user')
    info(live, 'jc_association_info', source_type='user', source=user['username'])


def test_inventory(live, tmp_path):
    config = tmp_path / 'live.jumpcloud.systems.yml'
    config.write_text('plugin: jcops.jumpcloud.systems\n')
    env = ansible_env(live.url, live.api_key, ANSIBLE_LOCAL_TEMP=str(tmp_path / 'tmp'))
    if live.org_id:
        env['JUMPCLOUD_ORG_ID'] = live.org_id
    command = [str(Path(sys.executable).parent / 'ansible-inventory'), '-i', str(config), '--list']
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert '_meta' in json.loads(result.stdout)


def test_read_probes(live):
    live.observe(probes.READ_PROBES)


def test_live_answers_match_the_documents(live):
    """The simulator in proxy mode checked each live answer against the documents: departures are listed."""
    departures = [v for v in live.proxy.violations() if v['kind'] == 'response']
    probes.OBSERVATIONS['live-departures'] = '%d answer(s) departing from the documents%s' % (
        len(departures), ''.join('\n    %s %s %s: %s' % (v['method'], v['path'], v['status'], v['message'])
                                 for v in departures))
    assert departures == []


def test_shapes_match_the_simulator(live):
    """The same requests answered by the simulator, seeded with what the live answers showed: same statuses and
    shapes."""
    assert live.shape_differences('shape-differences') == []
