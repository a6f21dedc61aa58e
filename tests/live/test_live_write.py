"""Write round trip on a live organization (``JUMPCLOUD_LIVE_WRITE=1``): a user, a user group, a membership, a RADIUS
server and a policy, all named with a unique prefix, each applied twice (the second run changes nothing), read back,
probed for the open questions, and deleted at the end even after a failure."""

from __future__ import annotations

import os
import secrets

import pytest

from ansible_collections.jcops.jumpcloud.plugins.modules import (
    jc_policy, jc_radius_server, jc_user, jc_user_group, jc_user_group_info)
from tests.live import probes
from tests.module_runner import run_main

pytestmark = pytest.mark.skipif(not probes.WRITE, reason='a read-only run: JUMPCLOUD_LIVE_WRITE=1 adds the write round trip')

POLICY_TEMPLATE = os.environ.get('JUMPCLOUD_LIVE_POLICY_TEMPLATE', 'disable_usb_storage_linux')


def apply(live, module, changed, **args):
    """Run a module; ``changed`` is what it must report (None: either)."""
    result = run_main(module, live.module_args(**args))
    assert not result['failed'], '%s: %s' % (module.__name__, result.get('msg'))
    assert changed is None or result['changed'] is changed, result
    return result


def sweep(live, prefix):
    """Delete whatever still carries the prefix (a duplicate a probe made, an object a failed step left)."""
    api, left = live.api, []
    for path, key, field in (('/v2/policies', 'id', 'name'), ('/radiusservers', '_id', 'name'),
                             ('/v2/usergroups', 'id', 'name'), ('/systemusers', '_id', 'username')):
        operator = 'search' if path.startswith('/v2/') else '$sw'
        response = api.get(path, limit=100, filter='%s:%s:%s' % (field, operator, prefix))
        if response.status_code != 200:  # no prefix filter there: the first page, matched here
            response = api.get(path, limit=100)
        body = response.json()
        for item in body.get('results') if isinstance(body, dict) else body:
            if str(item.get(field, '')).startswith(prefix):
                deleted = api.call('DELETE', '%s/%s' % (path, item[key]))
                if deleted.status_code >= 300:
                    left.append('%s %s: %s' % (path, item[field], probes.said(deleted)))
    return left


def test_write_round_trip(live):
    prefix = 'jcops-live-%s' % secrets.token_hex(3)
    made = {'user_name': prefix + '-user', 'group_name': prefix + '-group', 'radius_name': prefix + '-radius',
            'policy_name': prefix + '-policy', 'secret': secrets.token_urlsafe(18)}
    user = dict(username=made['user_name'], email='%s@example.com' % made['user_name'], firstname='Live',
                lastname='Test', department='jcops live test')
    group = dict(name=made['group_name'], description='jcops live test', members=[made['user_name']])
    radius = dict(name=made['radius_name'], network_source_ip='192.0.2.10', shared_secret=made['secret'])
    policy = dict(name=made['policy_name'], template=POLICY_TEMPLATE, notes='jcops live test')
    try:
        made['user_id'] = apply(live, jc_user, True, **user)['user']['_id']
        apply(live, jc_user, False, **user)
        made['group_id'] = apply(live, jc_user_group, True, **group)['user_group']['id']
        apply(live, jc_user_group, False, **group)
        members = apply(live, jc_user_group_info, False, name=made['group_name'], include_members=True)
        assert [m['name'] for m in members['user_groups'][0]['members']] == [made['user_name']]
        made['radius_id'] = apply(live, jc_radius_server, True, **radius)['radius_server']['_id']
        apply(live, jc_radius_server, False, **radius)
        made['policy_id'] = apply(live, jc_policy, True, **policy)['policy']['id']
        apply(live, jc_policy, False, **policy)
        live.observe(probes.WRITE_PROBES, made)
    finally:
        cleanup = []
        for module, args in ((jc_policy, {'name': made['policy_name']}), (jc_radius_server, {'name': made['radius_name']}),
                             (jc_user_group, {'name': made['group_name']}), (jc_user, {'username': made['user_name']})):
            result = run_main(module, live.module_args(state='absent', **args))
            if result['failed']:
                cleanup.append('%s: %s' % (module.__name__, result.get('msg')))
        cleanup.extend(sweep(live, prefix))
        assert cleanup == [], 'left behind on the organization: %s' % cleanup


def test_write_shapes_match_the_simulator(live):
    assert live.shape_differences('shape-differences-after-writes') == []
