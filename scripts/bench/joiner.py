"""The joiner, side by side: a hand-written ansible.builtin.uri playbook, the onboarding role, and the limit.

Starts the simulator with a per-request latency (default 50 ms, a distant API) and, for each size (default 20, 100
and 500 hires, each into 3 user groups and 1 SSO application: the department's two groups and application, and the
common "All staff" group), on an organization that already has --existing users:

1. the baseline a user writes without the collection: ansible.builtin.uri tasks that look the groups and the
   application up once, then create each user, add each to each group and bind each to the application (a loop item,
   so a module run, per request);
2. the onboarding role (playbooks/onboard.yml's play) on a fresh copy of the same organization, then again (the no-op
   rerun);
3. the limit: the fewest requests the work needs (the writes, one read per 100 hires, one per type of name resolved,
   one per group and application whose links are read), times the latency, divided by the workers.

It prints the wall time, the requests and the writes of each, and the role's fixed cost (Ansible start-up: the same
role for one hire that is already onboarded, with no latency: Ansible's start and its module runs' start, what no
request count explains). Then it measures the largest resident memory of jc_users creating --rss users in one run.

    .venv/bin/python scripts/bench/joiner.py [--sizes 20 100 500] [--latency-ms 50] [--workers 8] [--existing 1000]
        [--baseline-max 500] [--rss 2000]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import COLLECTIONS_BASE  # noqa: E402  pylint: disable=wrong-import-position
from tests.integration.leaver_support import is_write  # noqa: E402  pylint: disable=wrong-import-position
from tests.integration.support import ansible_env  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

API_KEY = 'jca_bench-key-for-the-local-simulator'
GROUPS = ['All staff', 'Engineering', 'VPN users']
APPLICATION = 'GitHub'
DEPARTMENTS = {'Engineering': {'user_groups': ['Engineering', 'VPN users'], 'applications': [APPLICATION]},
               'Sales': {'user_groups': ['Sales'], 'applications': ['Salesforce']}}
COMMON = {'user_groups': ['All staff']}

BASELINE = """---
- name: Onboard hires with plain HTTP requests
  hosts: localhost
  gather_facts: false
  vars:
    api: "{{ lookup('ansible.builtin.env', 'JUMPCLOUD_API_URL') }}"
    headers:
      x-api-key: "{{ lookup('ansible.builtin.env', 'JUMPCLOUD_API_KEY') }}"
  tasks:
    - name: Look up the groups
      ansible.builtin.uri:
        url: "{{ api }}/api/v2/usergroups?filter=name:eq:{{ item | urlencode }}&limit=100"
        headers: "{{ headers }}"
      loop: "{{ bench_groups }}"
      register: found_groups

    - name: Look up the application
      ansible.builtin.uri:
        url: "{{ api }}/api/applications?filter=displayLabel:$eq:{{ bench_application | urlencode }}&limit=100"
        headers: "{{ headers }}"
      register: found_application

    - name: Create each user
      ansible.builtin.uri:
        url: "{{ api }}/api/systemusers"
        method: POST
        headers: "{{ headers }}"
        body_format: json
        body: "{{ item }}"
      loop: "{{ bench_hires }}"
      loop_control:
        label: "{{ item.username }}"
      register: created

    - name: Add each user to each group
      ansible.builtin.uri:
        url: "{{ api }}/api/v2/usergroups/{{ item.1.json[0].id }}/members"
        method: POST
        headers: "{{ headers }}"
        body_format: json
        body: {op: add, type: user, id: "{{ item.0.json._id }}"}
        status_code: 204
      loop: "{{ created.results | product(found_groups.results) | list }}"
      loop_control:
        label: "{{ item.0.json.username }}"

    - name: Bind each user to the application
      ansible.builtin.uri:
        url: "{{ api }}/api/v2/users/{{ item.json._id }}/associations"
        method: POST
        headers: "{{ headers }}"
        body_format: json
        body: {op: add, type: application, id: "{{ found_application.json.results[0]._id }}"}
        status_code: 204
      loop: "{{ created.results }}"
      loop_control:
        label: "{{ item.json.username }}"
"""

ROLE = """---
- name: Onboard hires with the onboarding role
  hosts: localhost
  gather_facts: false
  roles:
    - role: jcops.jumpcloud.onboarding
"""


def organization(existing):
    """Groups, applications and --existing users, as a simulator seed."""
    return {
        'systemusers': [{'username': 'staff{0:05d}'.format(n), 'email': 'staff{0:05d}@example.com'.format(n)} for n in range(existing)],
        'usergroups': [{'name': name} for name in GROUPS + ['Sales']],
        'applications': [{'displayLabel': name, 'name': name.lower(), 'ssoUrl': 'https://sso.example.com/' + name.lower(), 'config': {}}
                         for name in (APPLICATION, 'Salesforce')],
    }


def hires(count, passwords=False):
    """``count`` hires of the Engineering department (with an initial password each, for the memory measurement)."""
    people = [{'username': 'hire{0:05d}'.format(n), 'email': 'hire{0:05d}@example.com'.format(n), 'firstname': 'Hire',
               'lastname': str(n), 'department': 'Engineering'} for n in range(count)]
    if passwords:
        for n, person in enumerate(people):
            person['password'] = 'Initial-{0:05d}-Passw0rd'.format(n)
    return people


def run_playbook(sim, playbook, variables, workdir):
    """(wall seconds, requests, writes, log) of one ansible-playbook run; fails loudly on a failed run."""
    book, extra = workdir / 'playbook.yml', workdir / 'vars.yml'
    book.write_text(playbook)
    extra.write_text(yaml.safe_dump(variables))
    env = ansible_env(sim.url, API_KEY, ANSIBLE_NOCOLOR='1')
    sim.clear_requests()
    started = time.monotonic()
    result = subprocess.run([str(Path(sys.executable).parent / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', str(book),
                             '-e', '@' + str(extra)], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(result.stdout[-4000:] + result.stderr[-2000:])
    log = sim.requests()
    return elapsed, len(log), len([entry for entry in log if is_write(entry)]), log


def role_variables(people, workers):
    return dict(onboarding_hires=people, onboarding_departments=DEPARTMENTS, onboarding_common=COMMON, onboarding_workers=workers)


def minimum_requests(count):
    """The fewest requests the joiner needs: its writes (a create, 3 memberships and 1 binding a hire), which hires exist
    (one listing per 100 usernames), the groups and the application by name (one listing per type), and the current
    links of each group and of the application (one page each; they have none yet)."""
    writes = count * (1 + len(GROUPS) + 1)
    return writes + math.ceil(count / 100) + 2 + len(GROUPS) + 1, writes


def shapes(log):
    """'count x METHOD path' lines of a request log, ids replaced by {id}, filters by their field."""
    counted = {}
    for entry in log:
        path = re.sub(r'/[0-9a-f]{24}(?=/|$)', '/{id}', entry['path'])
        query = entry.get('query') or {}
        if 'filter' in query:
            path += '?filter=' + ','.join(sorted(set(re.sub(r':.*', '', term) for term in query['filter'])))
        counted[(entry['method'], path)] = counted.get((entry['method'], path), 0) + 1
    return ['{0:5d} x {1} {2}'.format(count, method, path) for (method, path), count in sorted(counted.items())]


def module_rss(sim, count, workdir):
    """Largest resident memory (MB) of jc_users creating ``count`` users (each with a password) in one run, and its wall
    time."""
    sim.reset()
    args = workdir / 'args.json'
    args.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': {'api_key': API_KEY, 'api_url': sim.url, 'users': hires(count, passwords=True)}}))
    env = dict(os.environ, PYTHONPATH=COLLECTIONS_BASE)
    output = workdir / 'answer.json'
    started = time.monotonic()
    with output.open('w') as handle:
        process = subprocess.Popen([sys.executable, '-m', 'ansible_collections.jcops.jumpcloud.plugins.modules.jc_users', str(args)],
                                   env=env, stdout=handle)  # pylint: disable=consider-using-with
        dummy_pid, dummy_status, usage = os.wait4(process.pid, 0)   # the module's own resource use, no other child's
    elapsed = time.monotonic() - started
    answer = json.loads(output.read_text())
    if answer.get('failed'):
        raise SystemExit(answer['msg'])
    return usage.ru_maxrss / 1024.0, elapsed, answer['msg']


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', type=int, nargs='+', default=[20, 100, 500])
    parser.add_argument('--latency-ms', type=int, default=50)
    parser.add_argument('--workers', type=int, default=8)
    parser.add_argument('--existing', type=int, default=1000, help='users the organization has before the hires')
    parser.add_argument('--baseline-max', type=int, default=500, help='skip the uri baseline above this many hires')
    parser.add_argument('--rss', type=int, default=2000, help='users for the memory measurement (0: skip)')
    args = parser.parse_args()
    seed = organization(args.existing)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, Simulator(api_key=API_KEY) as quick:
        workdir = Path(tmp)
        quick.seed(seed)
        run_playbook(quick, ROLE, role_variables(hires(1), args.workers), workdir)   # warms the caches (compiled modules)
        fixed = run_playbook(quick, ROLE, role_variables(hires(1), args.workers), workdir)[0]
        print('fixed cost (Ansible start-up): the role for 1 hire, no latency, nothing to change: {0:.1f} s'.format(fixed))
        with Simulator(api_key=API_KEY, latency_ms=args.latency_ms) as sim:
            print('organization: {0} users, {1} user groups, 2 applications; {2} ms per request; {3} workers'.format(
                args.existing, len(GROUPS) + 1, args.latency_ms, args.workers))
            print('each hire: created, in {0} user groups and bound to {1}'.format(len(GROUPS), APPLICATION))
            print()
            print('{0:>6} {1:<22} {2:>9} {3:>9} {4:>8} {5:>11}'.format('hires', 'run', 'wall s', 'requests', 'writes', 's per hire'))
            for count in args.sizes:
                people = hires(count)
                if count <= args.baseline_max:
                    sim.reset()
                    sim.seed(seed)
                    rows.append((count, 'uri baseline',) + run_playbook(
                        sim, BASELINE, dict(bench_hires=people, bench_groups=GROUPS, bench_application=APPLICATION), workdir)[:3])
                sim.reset()
                sim.seed(seed)
                rows.append((count, 'role',) + run_playbook(sim, ROLE, role_variables(people, args.workers), workdir)[:3])
                rerun = run_playbook(sim, ROLE, role_variables(people, args.workers), workdir)
                rows.append((count, 'role, no-op rerun',) + rerun[:3])
                requests, writes = minimum_requests(count)
                rows.append((count, 'limit', requests * args.latency_ms / 1000.0 / args.workers, requests, writes))
                for row in rows[-4:] if count <= args.baseline_max else rows[-3:]:
                    print('{0:>6} {1:<22} {2:>9.1f} {3:>9} {4:>8} {5:>11.3f}'.format(row[0], row[1], row[2], row[3], row[4], row[2] / row[0]))
                print('{0:>6} no-op rerun, {1} reads and {2} writes:'.format('', rerun[1], rerun[2]))
                for line in shapes(rerun[3]):
                    print('{0:>6}   {1}'.format('', line))
            print()
            by = dict(((row[0], row[1]), row) for row in rows)
            for count in args.sizes:
                role, limit, rerun = by[(count, 'role')], by[(count, 'limit')], by[(count, 'role, no-op rerun')]
                line = '{0} hires: role {1:.1f} s = {2:.2f} x (limit {3:.1f} s + fixed {4:.1f} s)'.format(
                    count, role[2], role[2] / (limit[2] + fixed), limit[2], fixed)
                line += '; (role - fixed) / limit = {0:.2f}; (role - no-op rerun) / limit = {1:.2f}'.format(
                    (role[2] - fixed) / limit[2], (role[2] - rerun[2]) / limit[2])
                if (count, 'uri baseline') in by:
                    line += '; uri baseline / role = {0:.1f}'.format(by[(count, 'uri baseline')][2] / role[2])
                print(line)
            if len(args.sizes) > 1:
                small, large = sorted(args.sizes)[-2:]
                ratio = (by[(large, 'role')][2] / large) / (by[(small, 'role')][2] / small)
                print('per-hire wall time at {0} / at {1}: {2:.2f}'.format(large, small, ratio))
            if sim.violations():
                print('spec violations: {0}'.format(sim.violations()))
                return 1
        if args.rss:
            rss, wall, msg = module_rss(quick, args.rss, workdir)
            print('jc_users, {0} users with passwords in one run (no latency): {1:.0f} MB largest resident memory, {2:.1f} s ({3})'.format(
                args.rss, rss, wall, msg))
    return 0


if __name__ == '__main__':
    sys.exit(main())
