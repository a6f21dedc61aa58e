"""Requests and time of the fleet report (jc_fleet_info) on a seeded organization of 1,000 devices.

Starts the simulator with a per-request latency (default 50 ms, a distant API), seeds --devices devices
(35 % Windows and 30 % Linux systems, 25 % Macs in Apple MDM with their system, 10 % iPhones in MDM only; users for
70 % of them, some devices without a user, some with two, three IT users reaching the servers through groups; see
tests/integration/fleet_support.py) in one /_sim/seed request, then runs

    ansible localhost -m jcops.jumpcloud.jc_fleet_info -a workers=N

for each --workers value, and prints the requests the simulator received against the bound (pages of systems +
MDM servers + pages of devices per server + pages of users + min(users, systems) graph requests), the module's own
count, and the wall time (ansible's start included).

    .venv/bin/python scripts/bench/fleet_report.py [--devices 1000] [--latency-ms 50] [--workers 1 8]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.integration.support import ansible_env  # noqa: E402  pylint: disable=wrong-import-position
from tests.integration.fleet_support import Fleet  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = 'jca_bench-key-for-the-local-simulator'


def run_module(sim, workers):
    env = ansible_env(sim.url, API_KEY)
    sim.clear_requests()
    started = time.monotonic()
    result = subprocess.run([str(Path(sys.executable).parent / 'ansible'), 'localhost', '-m', 'jcops.jumpcloud.jc_fleet_info',
                             '-a', 'workers={0}'.format(workers), '-o'], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    answer = json.loads(result.stdout.split('=>', 1)[1])
    return answer, sim.requests(), elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--devices', type=int, default=1000)
    parser.add_argument('--latency-ms', type=int, default=50)
    parser.add_argument('--workers', type=int, nargs='+', default=[1, 8])
    args = parser.parse_args()
    fleet = Fleet(args.devices)
    with Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim:
        started = time.monotonic()
        sim.seed(fleet.seed)
        seeded = time.monotonic() - started
        print('organization: {0} devices ({1} Windows, {2} Linux, {3} Macs with a system, {4} iPhones in MDM only), {5} users; '
              'seeded in {6:.1f} s; simulated latency {7} ms per request'.format(
                  fleet.devices, fleet.windows, fleet.linux, fleet.macs, fleet.iphones, fleet.users, seeded, args.latency_ms))
        print('bound: {0} requests (pages of systems + MDM servers + pages of devices per server + pages of users + '
              'min(users, systems) = min({1}, {2}) graph requests)'.format(fleet.request_bound(), fleet.users, fleet.systems))
        for workers in args.workers:
            answer, log, elapsed = run_module(sim, workers)
            print('jc_fleet_info workers={0}: {1} rows, {2} requests received by the simulator (module says {3}), {4:.2f} s'.format(
                workers, len(answer['devices']), len(log), answer['requests'], elapsed))
            kinds = {}
            for entry in log:
                path = entry['path']
                key = '/api/v2/users/{id}/systems' if path.startswith('/api/v2/users/') else (
                    '/api/v2/systems/{id}/users' if path.startswith('/api/v2/systems/') else (
                        '/api/v2/applemdms/{id}/devices' if path.endswith('/devices') else path))
                kinds[key] = kinds.get(key, 0) + 1
            for key, count in sorted(kinds.items()):
                print('  {0:4d} x GET {1}'.format(count, key))
            if len(log) > fleet.request_bound():
                print('  OVER THE BOUND')
                return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
