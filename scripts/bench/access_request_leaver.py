"""Requests and time for a leaver's access requests: find and end the open ones, then run again.

Starts the simulator with a per-request latency (default 50 ms, a distant API), seeds an organization of
--requests workflow access requests spread over 20 users, of which the leaver made --leaver of them (a
third pending, a third approved with timed access or a device admin session, a third already final), plus
--plain plain access requests, and runs the leaver-style playbook below twice:

    - jcops.jumpcloud.jc_access_request_info: {requestor: leaver, status: [PENDING, MISSING_DATA, ERROR, APPROVED]}
    - jcops.jumpcloud.jc_access_request: {workflow_request_id: "{{ item.id }}", state: revoked}   (loop)
    - jcops.jumpcloud.jc_access_request: {id: "{{ item }}", state: revoked}                        (loop)

It prints, for each run, the requests sent (from the simulator's log, by method and path) and the wall time.

    .venv/bin/python scripts/bench/access_request_leaver.py [--requests 2000] [--leaver 30] [--plain 5] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
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
LEAVER = '5a00000000000000000000ff'
DEVICE = '5b0000000000000000000001'

PLAYBOOK = """---
- name: Leaver access requests
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Find the leaver's open workflow requests
      jcops.jumpcloud.jc_access_request_info:
        requestor: leaver
        status: [PENDING, MISSING_DATA, ERROR, APPROVED]
      register: open_requests
    - name: End them
      jcops.jumpcloud.jc_access_request:
        workflow_request_id: "{{ item.id }}"
        state: revoked
      loop: "{{ open_requests.workflow_requests }}"
    - name: Revoke the plain ones
      jcops.jumpcloud.jc_access_request:
        id: "{{ item }}"
        state: revoked
      loop: %s
"""


def seed(total, leaver, plain):
    users = [{'_id': LEAVER, 'username': 'leaver', 'email': 'leaver@example.com'}]
    users += [{'_id': '5a{0:022x}'.format(n), 'username': 'user{0:02d}'.format(n), 'email': 'user{0:02d}@example.com'.format(n)}
              for n in range(1, 20)]
    requests = []
    for n in range(total):
        if n < leaver:
            kind = n % 6
            status = ['PENDING', 'MISSING_DATA', 'APPROVED', 'APPROVED', 'DENIED', 'CANCELLED'][kind]
            request = {'id': 'wf-{0:05d}'.format(n), 'requestor': LEAVER, 'status': status, 'timeBasedAccess': True,
                       'expirationDate': '2099-01-01T00:00:00Z'}
            if kind == 3:
                request.update(resourceType='device', resourceId=DEVICE)
        else:
            request = {'id': 'wf-{0:05d}'.format(n), 'requestor': users[1 + n % 19]['_id'], 'status': 'PENDING'}
        requests.append(request)
    access = [{'accessId': 'ar-{0:03d}'.format(n), 'requestorId': LEAVER, 'resourceId': DEVICE, 'resourceType': 'device',
               'expiry': '2099-01-01T00:00:00Z'} for n in range(plain)]
    return {'systemusers': users, 'systems': [{'_id': DEVICE, 'displayName': 'build-01', 'os': 'Ubuntu'}],
            'approvalflowrequests': requests, 'accessrequests': access}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--requests', type=int, default=2000)
    parser.add_argument('--leaver', type=int, default=30)
    parser.add_argument('--plain', type=int, default=5)
    parser.add_argument('--latency-ms', type=int, default=50)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    plain_ids = ['ar-{0:03d}'.format(n) for n in range(args.plain)]
    with Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim, tempfile.TemporaryDirectory() as tmp:
        sim.seed(seed(args.requests, args.leaver, args.plain))
        playbook = Path(tmp) / 'leaver.yml'
        playbook.write_text(PLAYBOOK % (plain_ids,))
        env = ansible_env(sim.url, API_KEY, ANSIBLE_NOCOLOR='1')
        print('organization: {0} workflow requests ({1} by the leaver), {2} plain access requests; simulated latency: '
              '{3} ms per request'.format(args.requests, args.leaver, args.plain, args.latency_ms))
        for run in ('first run', 'second run'):
            sim.clear_requests()
            started = time.monotonic()
            result = subprocess.run([str(bindir / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', str(playbook)],
                                    cwd=ROOT, env=env, capture_output=True, text=True, check=False)
            elapsed = time.monotonic() - started
            if result.returncode != 0:
                print(result.stdout + result.stderr)
                return 1
            changed = re.search(r'changed=(\d+)', result.stdout).group(1)
            requests = sim.requests()
            print('{0}: {1} tasks changed, {2} requests, {3:.2f} s (ansible start included)'.format(
                run, changed, len(requests), elapsed))
            shapes = {}
            for entry in requests:
                path = re.sub(r'/(wf|ar)-\d+', r'/{\1 id}', entry['path'])
                shapes[(entry['method'], path)] = shapes.get((entry['method'], path), 0) + 1
            for (method, path), count in sorted(shapes.items()):
                print('  {0:4d} x {1} {2}'.format(count, method, path))
        if sim.violations():
            print('spec violations: {0}'.format(sim.violations()))
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
