"""The leaver for many people at once: a clean run, then a run interrupted by faults half-way and its rerun.

Starts the simulator with a per-request latency (default 50 ms) and seeds --leavers leavers (tests/integration/
leaver_support.py: each in two static groups and a dynamic one, bound to their Mac, a device group, an application and a
RADIUS server, with a pending and an approved workflow access request; some own a second Mac, some have a local
account on a shared one). Then, with the offboarding role (suspend, lock the Macs):

1. a clean run, and its rerun (nothing left to do);
2. on a fresh copy of the organization, a run that faults half-way (a server error on one write of several leavers:
   a binding removal, a device lock, a suspension), then a rerun that finishes the job.

It prints the tasks the play ran, the wall time, the requests and the writes of each run, the writes the rerun sent
again (a write the interrupted run had already made: there must be none), and whether the end state is the clean run's.

    .venv/bin/python scripts/bench/leaver.py [--leavers 50] [--latency-ms 50] [--workers 8]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from joiner import API_KEY, ROOT, run_playbook  # noqa: E402  pylint: disable=wrong-import-position
from tests.integration.leaver_support import Leavers, comparable, device_id, is_write, sent_twice, user_id  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

PIN = '246810'
ROLE = """---
- name: Offboard leavers with the offboarding role
  hosts: localhost
  gather_facts: false
  roles:
    - role: jcops.jumpcloud.offboarding
"""


def variables(org, workers):
    return dict(offboarding_users=org.names, offboarding_devices='lock', offboarding_device_pin=PIN, offboarding_workers=workers)


def faults(org):
    """A server error on one write of every 10th leaver (a binding removal), one device lock and one suspension."""
    wanted = [dict(method='POST', path_regex='^/api/v2/users/{0}/associations$'.format(user_id(n)), status=500, count=1)
              for n in range(3, org.count, 10)]
    wanted.append(dict(method='POST', path_regex='/devices/{0}/lock$'.format(device_id(org.count // 2)), status=500, count=1))
    wanted.append(dict(method='POST', path_regex='^/api/systemusers/{0}/state/suspend$'.format(user_id(org.count // 2 + 1)),
                       status=500, count=1))
    return wanted


def run(sim, org, workers, workdir, expect_failure=False):
    """(wall, requests, writes, log, tasks) of one run of the role."""
    try:
        wall, requests, writes, log = run_playbook(sim, ROLE, variables(org, workers), workdir)
    except SystemExit as failure:
        if not expect_failure:
            raise
        log = sim.requests()
        output = str(failure)
        return None, len(log), len([entry for entry in log if is_write(entry)]), log, output
    return wall, requests, writes, log, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--leavers', type=int, default=50)
    parser.add_argument('--latency-ms', type=int, default=50)
    parser.add_argument('--workers', type=int, default=8)
    args = parser.parse_args()
    org = Leavers(args.leavers)
    with tempfile.TemporaryDirectory() as tmp, Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim:
        workdir = Path(tmp)
        print('{0} leavers, each in 3 user groups (1 dynamic), bound to a Mac, a device group, an application and a RADIUS '
              'server, with 2 open workflow requests; {1} ms per request; {2} workers'.format(org.count, args.latency_ms, args.workers))
        tasks = len(re.findall(r'^- name:', (ROOT / 'roles' / 'offboarding' / 'tasks' / 'main.yml').read_text(), re.M))
        print('the role runs {0} tasks whatever the number of leavers (one jc_leavers task for all of them)'.format(tasks))
        print()
        print('{0:<36} {1:>8} {2:>9} {3:>7}'.format('run', 'wall s', 'requests', 'writes'))
        sim.seed(org.seed)
        clean = run(sim, org, args.workers, workdir)
        print('{0:<36} {1:>8.1f} {2:>9} {3:>7}'.format('clean run', clean[0], clean[1], clean[2]))
        clean_state = comparable(sim.state())
        again = run(sim, org, args.workers, workdir)
        print('{0:<36} {1:>8.1f} {2:>9} {3:>7}'.format('clean run, rerun', again[0], again[1], again[2]))

        sim.reset()
        sim.seed(org.seed)
        for fault in faults(org):
            sim.fault(**fault)
        first = run(sim, org, args.workers, workdir, expect_failure=True)
        failed = re.findall(r'(leaver\d+): \w+: Failed to', first[4] or '')
        print('{0:<36} {1:>8} {2:>9} {3:>7}   ({4} leavers stopped: {5})'.format(
            'faulted run', '-', first[1], first[2], len(set(failed)), ', '.join(sorted(set(failed)))))
        rerun = run(sim, org, args.workers, workdir)
        print('{0:<36} {1:>8.1f} {2:>9} {3:>7}'.format('rerun after the faults', rerun[0], rerun[1], rerun[2]))
        twice = sent_twice(first[3], rerun[3])
        print()
        print('writes the rerun sent again: {0}'.format(len(twice)))
        for entry in twice:
            print('  {0} {1}'.format(entry['method'], entry['path']))
        same = comparable(sim.state()) == clean_state
        print('end state after the faults and the rerun is the clean run\'s: {0}'.format('yes' if same else 'NO'))
        if sim.violations():
            print('spec violations: {0}'.format(sim.violations()))
            return 1
        return 0 if same and not twice and first[4] else 1


if __name__ == '__main__':
    sys.exit(main())
