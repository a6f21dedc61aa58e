"""Requests and time to read the members of a 250-device system group with jc_system_info.

Starts the simulator with a per-request latency (default 50 ms, a distant API), seeds an organization of
--systems devices with a group of --members of them, runs

    ansible localhost -m jcops.jumpcloud.jc_system_info -a system_group=Fleet

and prints the requests the module sent (from the simulator's log) and the wall time, next to what the
two simpler strategies would cost: one GET per member, or paging through every system.

    .venv/bin/python scripts/bench/system_info_group.py [--systems 2000] [--members 250] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.integration.support import ansible_env  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = 'jca_bench-key-for-the-local-simulator'
GROUP_ID = '5f00000000000000000000f1'


def seed(systems, members):
    oses = ['Ubuntu', 'Windows', 'Mac OS X']
    return {
        'systems': [{'_id': 'e{0:023x}'.format(n), 'displayName': 'host{0:05d}'.format(n), 'os': oses[n % 3]}
                    for n in range(1, systems + 1)],
        'systemgroups': [{'id': GROUP_ID, 'name': 'Fleet'}],
        'members': [{'group': {'type': 'system_group', 'id': GROUP_ID}, 'member': {'type': 'system', 'id': 'e{0:023x}'.format(n)}}
                    for n in range(1, members + 1)],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--systems', type=int, default=2000)
    parser.add_argument('--members', type=int, default=250)
    parser.add_argument('--latency-ms', type=int, default=50)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    with Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim:
        sim.seed(seed(args.systems, args.members))
        sim.clear_requests()
        env = ansible_env(sim.url, API_KEY)
        started = time.monotonic()
        result = subprocess.run([str(bindir / 'ansible'), 'localhost', '-m', 'jcops.jumpcloud.jc_system_info', '-a',
                                 'system_group=Fleet', '-o'], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        elapsed = time.monotonic() - started
        if result.returncode != 0:
            print(result.stdout + result.stderr)
            return 1
        found = len(json.loads(result.stdout.split('=>', 1)[1])['systems'])
        requests = sim.requests()
    pages = int(math.ceil(args.members / 100.0))
    print('organization: {0} systems; group: {1} members; simulated latency: {2} ms per request'.format(
        args.systems, args.members, args.latency_ms))
    print('jc_system_info system_group=Fleet: {0} systems returned, {1} requests, {2:.2f} s (ansible start included)'.format(
        found, len(requests), elapsed))
    for method, path in sorted({(r['method'], r['path']) for r in requests}):
        print('  {0:3d} x {1} {2}'.format(sum(1 for r in requests if (r['method'], r['path']) == (method, path)), method, path))
    print('for comparison: one GET per member would be {0} requests; paging all systems {1}'.format(
        1 + pages + args.members, 1 + pages + int(math.ceil(args.systems / 100.0))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
