"""Requests and time of the fleet operations: a command run on a device group with its results, the events of an
offboarding, a System Insights table for a device group, and every page of a v1 list through jc_api.

Starts the simulator with a per-request latency (default 50 ms, a distant API), seeds an organization of --systems
devices with a group of --members of them, a command bound to it, System Insights rows and users, runs each module
with ``ansible localhost -m``, and prints the requests each one sent (from the simulator's log) and the wall time.

    .venv/bin/python scripts/bench/fleet_operations.py [--systems 1000] [--members 250] [--users 350] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.integration.support import ansible_env  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = 'jca_bench-key-for-the-local-simulator'
GROUP_ID = '5f00000000000000000000f1'


def system_id(n):
    return 'e{0:023x}'.format(n)


def seed(systems, members, users):
    return {
        'systems': [{'_id': system_id(n), 'displayName': 'host{0:05d}'.format(n), 'os': 'Mac OS X'} for n in range(1, systems + 1)],
        'systemusers': [{'username': 'user{0:05d}'.format(n), 'email': 'user{0:05d}@example.com'.format(n)} for n in range(users)],
        'systemgroups': [{'id': GROUP_ID, 'name': 'Laptops'}],
        'members': [{'group': {'type': 'system_group', 'id': GROUP_ID}, 'member': {'type': 'system', 'id': system_id(n)}}
                    for n in range(1, members + 1)],
        'commands': [{'name': 'FileVault status', 'command': 'fdesetup status', 'commandType': 'mac', '_output': 'FileVault is On.\n'}],
        'associations': [{'from': {'type': 'command', 'name': 'FileVault status'}, 'to': {'type': 'system_group', 'id': GROUP_ID}}],
        'systeminsights': [{'_table': 'disk_encryption', 'system_id': system_id(n), 'name': '/dev/disk3s1', 'encryption_status': 'encrypted'}
                           for n in range(1, systems + 1)],
    }


def run(sim, module, args):
    """(the module's result, the requests it sent by method and path, seconds)."""
    sim.clear_requests()
    started = time.monotonic()
    done = subprocess.run([str(Path(sys.executable).parent / 'ansible'), 'localhost', '-m', 'jcops.jumpcloud.' + module, '-a',
                           json.dumps(args), '-o'], cwd=ROOT, env=ansible_env(sim.url, API_KEY), capture_output=True, text=True,
                          check=False)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    requests = Counter((entry['method'], entry['path'] if '/commandresults/' not in entry['path'] else '/api/commandresults/{id}')
                       for entry in sim.requests())
    return json.loads(done.stdout.split('=>', 1)[1]), requests, elapsed


def show(title, requests, elapsed):
    print('{0}: {1} requests, {2:.2f} s (ansible start included)'.format(title, sum(requests.values()), elapsed))
    for (method, path), count in sorted(requests.items()):
        print('  {0:4d} x {1} {2}'.format(count, method, path))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--systems', type=int, default=1000)
    parser.add_argument('--members', type=int, default=250)
    parser.add_argument('--users', type=int, default=350)
    parser.add_argument('--latency-ms', type=int, default=50)
    args = parser.parse_args()
    with Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim:
        sim.seed(seed(args.systems, args.members, args.users))
        print('organization: {0} systems, {1} users; group: {2} members; simulated latency: {3} ms per request'.format(
            args.systems, args.users, args.members, args.latency_ms))
        result, requests, elapsed = run(sim, 'jc_command_run', {'command': 'FileVault status', 'system_groups': ['Laptops'],
                                                                'wait': True, 'poll_interval': 1})
        show('jc_command_run on the group, waiting, whole outputs ({0} results)'.format(len(result['results'])), requests, elapsed)
        result, requests, elapsed = run(sim, 'jc_command_result_info', {'workflow_instance_id': result['workflow_instance_id'],
                                                                        'full_output': False})
        show('jc_command_result_info of that run, listing only ({0} results)'.format(len(result['results'])), requests, elapsed)
        result, requests, elapsed = run(sim, 'jc_system_insights_info', {'table': 'disk_encryption', 'system_groups': ['Laptops']})
        show('jc_system_insights_info disk_encryption of the group ({0} rows)'.format(result['count']), requests, elapsed)
        result, requests, elapsed = run(sim, 'jc_api', {'path': '/api/systemusers', 'paginate': True})
        show('jc_api GET /api/systemusers, every page ({0} users)'.format(len(result['json'])), requests, elapsed)
        result, requests, elapsed = run(sim, 'jc_event_info', {'start_time': '1h'})
        show('jc_event_info of the last hour ({0} events)'.format(result['count']), requests, elapsed)
    return 0


if __name__ == '__main__':
    sys.exit(main())
