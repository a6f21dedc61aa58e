"""Requests and time for a policy baseline: create policies by template name, run again, then read their stats.

Starts the simulator with a per-request latency (default 50 ms, a distant API), seeds --systems devices, all in
one system group, and --policies policies bound to that group, each with a result per device. Then runs:

1. a playbook of three jc_policy tasks (FileVault 2, a macOS screen lock, Windows password rules, templates by
   name and values by field name), twice: the first run creates, the second finds nothing to change;
2. one jc_policy task changing one value of an existing policy;
3. jc_policy_info with include_stats over the seeded policies (statuses and bound systems per policy).

It prints, for each, the requests sent (from the simulator's log, by method and path shape) and the wall time
(ansible start included).

    .venv/bin/python scripts/bench/policy_rollout.py [--systems 500] [--policies 20] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.integration.support import ansible_env  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = 'jca_bench-key-for-the-local-simulator'

BASELINE = """---
- name: Policy baseline
  hosts: localhost
  gather_facts: false
  tasks:
    - name: FileVault 2
      jcops.jumpcloud.jc_policy:
        name: Mac disk encryption
        template: FileVault 2
        values: {escrowRecoveryKey: true, recoveryKeyType: institutional}
    - name: Screen lock
      jcops.jumpcloud.jc_policy:
        name: Mac screen lock
        template: Lock Screen
        os_family: darwin
        values: {timeout: 600}
    - name: Password rules
      jcops.jumpcloud.jc_policy:
        name: Windows passwords
        template: Password Complexity
        os_family: windows
        values: {minimumPasswordLength: 14}
"""

ONE_VALUE = """---
- name: One value
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Change the screen-lock timeout
      jcops.jumpcloud.jc_policy:
        name: Mac screen lock
        values: {timeout: 300}
"""

STATS = """---
- name: Stats
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Read how far the fleet policies are applied
      jcops.jumpcloud.jc_policy_info:
        filter: {name: %s}
        include_stats: true
      register: result
    - name: Show one
      ansible.builtin.debug:
        msg: "{{ result.policies | length }} policies; first: {{ result.policies[0].stats }}"
"""


def seed(systems, policies):
    devices = [{'_id': 'c{0:023x}'.format(n), 'displayName': 'mac-{0:04d}'.format(n), 'os': 'Mac OS X'} for n in range(systems)]
    names = ['fleet-{0:02d}'.format(n) for n in range(policies)]
    results = []
    for index, name in enumerate(names):
        policy_id = 'b{0:023x}'.format(index)
        for n in range(systems):
            if n % 10 == 9:
                continue  # no result yet: pending
            results.append({'policyID': policy_id, 'systemID': 'c{0:023x}'.format(n),
                            'state': 'failed' if n % 25 == 0 else 'success', 'success': n % 25 != 0})
    return {
        'systems': devices,
        'systemgroups': [{'name': 'All Macs'}],
        'policies': [{'id': 'b{0:023x}'.format(index), 'name': name, 'template': {'name': 'firewall_darwin'}}
                     for index, name in enumerate(names)],
        'members': [{'group': {'type': 'system_group', 'name': 'All Macs'}, 'member': {'type': 'system', 'id': device['_id']}}
                    for device in devices],
        'associations': [{'from': {'type': 'policy', 'name': name}, 'to': {'type': 'system_group', 'name': 'All Macs'}}
                         for name in names],
        'policyresults': results,
    }, names


def run(sim, playbook, env, label):
    sim.clear_requests()
    started = time.monotonic()
    result = subprocess.run([str(Path(sys.executable).parent / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                             str(playbook)], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        print(result.stdout + result.stderr)
        raise SystemExit(1)
    changed = re.search(r'changed=(\d+)', result.stdout).group(1)
    requests = sim.requests()
    print('{0}: {1} tasks changed, {2} requests, {3:.2f} s'.format(label, changed, len(requests), elapsed))
    shapes = {}
    for entry in requests:
        path = re.sub(r'/[0-9a-f]{24}', '/{id}', entry['path'])
        shapes[(entry['method'], path)] = shapes.get((entry['method'], path), 0) + 1
    for (method, path), count in sorted(shapes.items()):
        print('  {0:4d} x {1} {2}'.format(count, method, path))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--systems', type=int, default=500)
    parser.add_argument('--policies', type=int, default=20)
    parser.add_argument('--latency-ms', type=int, default=50)
    args = parser.parse_args()
    with Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim, tempfile.TemporaryDirectory() as tmp:
        data, names = seed(args.systems, args.policies)
        sim.seed(data)
        env = ansible_env(sim.url, API_KEY, ANSIBLE_NOCOLOR='1')
        print('organization: {0} devices in one group, {1} policies bound to it with a result per device (one in ten '
              'missing); simulated latency: {2} ms per request'.format(args.systems, args.policies, args.latency_ms))
        paths = {}
        for name, text in (('baseline', BASELINE), ('one_value', ONE_VALUE), ('stats', STATS % json.dumps(names))):
            paths[name] = Path(tmp) / (name + '.yml')
            paths[name].write_text(text)
        run(sim, paths['baseline'], env, 'baseline, first run')
        run(sim, paths['baseline'], env, 'baseline, second run')
        run(sim, paths['one_value'], env, 'one value changed')
        run(sim, paths['stats'], env, 'stats of {0} policies'.format(args.policies))
        if sim.violations():
            print('spec violations: {0}'.format(sim.violations()))
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
