"""Requests and time for the jcops.jumpcloud.systems inventory plugin to load 10,000 systems.

Starts the simulator with a per-request latency (default 50 ms, a distant API), seeds --systems systems (Linux,
Windows and Macs in turn, each with a rack tag) and --groups device groups sharing a seventh of them, in one /_sim/seed
request, then runs

    ansible-inventory -i <tmp>/jumpcloud.systems.yml --list

and prints the hosts and groups it got, the requests the simulator received (expected: one per page of 100 systems,
one for the Apple MDM servers, one per page of device groups and one per device group and further 100 members;
never one per host) and the
wall time (ansible-inventory's start included). --cache runs it a second time from the jsonfile cache.

    .venv/bin/python scripts/bench/inventory.py [--systems 10000] [--groups 10] [--latency-ms 50] [--workers 8] [--cache]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.integration.support import ansible_env  # noqa: E402  pylint: disable=wrong-import-position
from tests.integration.fleet_support import pages_v1, pages_v2  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = 'jca_bench-key-for-the-local-simulator'


def seed(systems, groups):
    oses = ('Ubuntu', 'Windows', 'Mac OS X')
    return {
        'systems': [{'_id': '6fa{0:021x}'.format(n), 'displayName': 'node{0:05d}'.format(n), 'hostname': 'node{0:05d}.example.com'.format(n),
                     'os': oses[n % 3], 'tags': ['rack{0:02d}'.format(n % 40)]} for n in range(systems)],
        'systemgroups': [{'id': '6fb{0:021x}'.format(g), 'name': 'Pool {0}'.format(g)} for g in range(groups)],
        'members': [{'group': {'type': 'system_group', 'id': '6fb{0:021x}'.format(n % groups)},
                     'member': {'type': 'system', 'id': '6fa{0:021x}'.format(n)}} for n in range(0, systems, 7)] if groups else [],
    }


def run(config, env):
    started = time.monotonic()
    result = subprocess.run([str(Path(sys.executable).parent / 'ansible-inventory'), '-i', str(config), '--list'],
                            env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    return json.loads(result.stdout), elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--systems', type=int, default=10000)
    parser.add_argument('--groups', type=int, default=10)
    parser.add_argument('--latency-ms', type=int, default=50)
    parser.add_argument('--workers', type=int, default=8)
    parser.add_argument('--cache', action='store_true')
    args = parser.parse_args()
    with Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim, tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        sim.seed(seed(args.systems, args.groups))
        print('organization: {0} systems, {1} device groups; seeded in {2:.1f} s; simulated latency {3} ms per request'.format(
            args.systems, args.groups, time.monotonic() - started, args.latency_ms))
        config = Path(tmp) / 'jumpcloud.systems.yml'
        lines = ['plugin: jcops.jumpcloud.systems', 'workers: {0}'.format(args.workers)]
        if args.cache:
            lines += ['cache: true', 'cache_plugin: ansible.builtin.jsonfile', 'cache_connection: {0}'.format(Path(tmp) / 'cache')]
        config.write_text('\n'.join(lines) + '\n')
        env = ansible_env(sim.url, API_KEY)
        member_pages = sum(pages_v2(len(range(g, args.systems, 7 * args.groups))) for g in range(0, 7 * args.groups, 7)) if args.groups else 0
        expected = pages_v1(args.systems) + 1 + pages_v2(args.groups) + member_pages
        for attempt in (('first run', 'cached run') if args.cache else ('run',)):
            sim.clear_requests()
            listing, elapsed = run(config, env)
            log = sim.requests()
            groups = [name for name in listing if name not in ('_meta', 'all')]
            print('ansible-inventory --list ({0}): {1} hosts in {2} groups; {3} requests (expected {4}: {5} pages of systems, '
                  'the MDM servers, {6} page(s) of device groups, {7} pages of their members); {8:.2f} s'.format(
                      attempt, len(listing['_meta']['hostvars']), len(groups), len(log), expected if attempt != 'cached run' else 0,
                      pages_v1(args.systems), pages_v2(args.groups), member_pages, elapsed))
            if attempt != 'cached run' and len(log) != expected:
                return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
