"""Requests and time for playbooks/export.yml to export an organization, and optionally the round trip.

Starts the simulator with a per-request latency (default 50 ms, a distant API), seeds an organization of --users users
(in --departments departments), --systems devices, --user-groups user groups (each with the users of one department),
--system-groups device groups (the devices shared out), --policies policies in --policy-groups policy groups, two RADIUS
servers and ten applications, with bindings from every user group to a device group and an application, and from every
policy group to two device groups; then runs

    ansible-playbook playbooks/export.yml -e export_dir=<tmp> -e export_departments=true

and prints the objects exported, the requests by kind (expected: one per 100 objects of each kind listed, one per group
for its members, one per policy for its values, one per user group, policy group, policy and device group for its
bindings, one per application and RADIUS server for the department map) and the wall time. --round-trip then runs
playbooks/directory.yml with the export and checks that it changes nothing and writes nothing.

    .venv/bin/python scripts/bench/export.py [--users 200] [--systems 500] [--user-groups 50] [--latency-ms 50] [--round-trip]
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.integration.support import ansible_env  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = 'jca_bench-key-for-the-local-simulator'
POLICY_TEMPLATES = ('screen_lock_darwin', 'firewall_darwin', 'lock_screen_windows', 'disable_usb_storage_linux')


def oid(prefix, n):
    return '{0}{1:021x}'.format(prefix, n)


def seed(args):
    users = [{'_id': oid('6c0', n), 'username': 'user{0:04d}'.format(n), 'email': 'user{0:04d}@example.com'.format(n),
              'department': 'Department {0}'.format(n % args.departments)} for n in range(args.users)]
    data = {
        'systemusers': users,
        'systems': [{'_id': oid('6c1', n), 'displayName': 'node{0:04d}'.format(n), 'hostname': 'node{0:04d}.example.com'.format(n),
                     'os': 'Ubuntu'} for n in range(args.systems)],
        'usergroups': [{'id': oid('6c2', g), 'name': 'Team {0}'.format(g), 'description': 'Department {0}'.format(g % args.departments)}
                       for g in range(args.user_groups)],
        'systemgroups': [{'id': oid('6c3', g), 'name': 'Pool {0}'.format(g)} for g in range(args.system_groups)],
        'applications': [{'_id': oid('6c4', a), 'displayLabel': 'App {0}'.format(a), 'displayName': 'App {0}'.format(a),
                          'name': 'app{0}'.format(a), 'ssoUrl': 'https://sso.example/{0}'.format(a), 'config': {}} for a in range(10)],
        'radiusservers': [{'_id': oid('6c5', r), 'name': 'Site {0} Wi-Fi'.format(r), 'networkSourceIp': '203.0.113.{0}'.format(r + 1),
                           'sharedSecret': 'bench-secret'} for r in range(2)],
        'policies': [{'id': oid('6c6', p), 'name': 'Policy {0}'.format(p), 'template': {'name': POLICY_TEMPLATES[p % 4]}}
                     for p in range(args.policies)],
        'policygroups': [{'id': oid('6c7', g), 'name': 'Baseline {0}'.format(g)} for g in range(args.policy_groups)],
    }
    members = [{'group': {'type': 'user_group', 'id': oid('6c2', g)}, 'member': {'type': 'user', 'id': user['_id']}}
               for g in range(args.user_groups) for n, user in enumerate(users) if n % args.departments == g % args.departments
               and n % max(1, args.user_groups // args.departments) == g // args.departments % max(1, args.user_groups // args.departments)]
    members += [{'group': {'type': 'system_group', 'id': oid('6c3', n % args.system_groups)}, 'member': {'type': 'system', 'id': oid('6c1', n)}}
                for n in range(args.systems)]
    members += [{'group': {'type': 'policy_group', 'id': oid('6c7', p % args.policy_groups)}, 'member': {'type': 'policy', 'id': oid('6c6', p)}}
                for p in range(args.policies)]
    associations = [{'from': {'type': 'user_group', 'id': oid('6c2', g)}, 'to': {'type': 'system_group', 'id': oid('6c3', g % args.system_groups)}}
                    for g in range(args.user_groups)]
    associations += [{'from': {'type': 'user_group', 'id': oid('6c2', g)}, 'to': {'type': 'application', 'id': oid('6c4', g % 10)}}
                     for g in range(args.user_groups)]
    associations += [{'from': {'type': 'policy_group', 'id': oid('6c7', g)}, 'to': {'type': 'system_group', 'id': oid('6c3', (g + k) % args.system_groups)}}
                     for g in range(args.policy_groups) for k in range(2)]
    data.update(members=members, associations=associations)
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in (('users', 200), ('departments', 5), ('systems', 500), ('user-groups', 50), ('system-groups', 20),
                          ('policies', 20), ('policy-groups', 4), ('latency-ms', 50)):
        parser.add_argument('--' + name, type=int, default=default)
    parser.add_argument('--round-trip', action='store_true')
    args = parser.parse_args()
    data = seed(args)
    with Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim, tempfile.TemporaryDirectory() as tmp:
        sim.seed(data)
        env = ansible_env(sim.url, API_KEY, ANSIBLE_NOCOLOR='1')
        env.pop('JUMPCLOUD_ORG_ID', None)
        playbook = [str(Path(sys.executable).parent / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local']
        sim.clear_requests()
        started = time.monotonic()
        result = subprocess.run(playbook + [str(ROOT / 'playbooks/export.yml'), '-e', 'export_dir=' + tmp, '-e', 'export_departments=true'],
                                env=env, cwd=str(ROOT), capture_output=True, text=True, check=False)
        elapsed = time.monotonic() - started
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        log = sim.requests()
        kinds = collections.Counter(re.sub(r'/[0-9a-f]{24}', '/{id}', entry['path']) for entry in log)
        exported = yaml.safe_load(Path(tmp, 'directory.yml').read_text())
        print('exported: ' + ', '.join('{0} {1}'.format(len(items), key[len('directory_'):]) for key, items in exported.items()))
        print('requests: {0} in {1:.1f} s ({2} ms latency each)'.format(len(log), elapsed, args.latency_ms))
        for path, count in sorted(kinds.items(), key=lambda item: -item[1]):
            print('  {0:5d}  {1}'.format(count, path))
        if args.round_trip:
            sim.config(latency_ms=0)
            sim.clear_requests()
            started = time.monotonic()
            applied = subprocess.run(playbook + [str(ROOT / 'playbooks/directory.yml'), '-e', '@' + str(Path(tmp, 'directory.yml')),
                                                 '-e', '@' + str(Path(tmp, 'vault.example.yml'))],
                                     env=env, cwd=str(ROOT), capture_output=True, text=True, check=False)
            writes = [entry for entry in sim.requests() if entry['method'] not in ('GET', 'HEAD')]
            recap = applied.stdout.rsplit('PLAY RECAP', 1)[-1].strip()
            print('round trip: rc {0}, {1} writes, {2:.1f} s; {3}'.format(applied.returncode, len(writes), time.monotonic() - started, recap))
            if applied.returncode:
                print('\n'.join((applied.stdout + applied.stderr).splitlines()[-40:]))


if __name__ == '__main__':
    main()
