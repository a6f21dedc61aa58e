"""`make demo`: start the JumpCloud simulator, run the demo playbooks against it, print the outcome, stop it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402  pylint: disable=wrong-import-position

from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

# (playbook, vars file, further arguments) in the order a new user would try them.
PLAYBOOKS = [
    ('playbooks/demo.yml', None, []),
    ('playbooks/directory.yml', 'playbooks/vars/directory.yml', []),
    ('playbooks/directory.yml', 'playbooks/vars/directory.yml', ['--check']),
    ('playbooks/onboard.yml', 'playbooks/vars/onboard.yml', []),
    ('playbooks/offboard.yml', 'playbooks/vars/offboard.yml', []),
    ('playbooks/fleet_report.yml', 'playbooks/vars/fleet_report.yml', ['-e', 'fleet_report_dest={report}']),
]
API_KEY = 'jca_demo-key-for-the-local-simulator'


def collections_path():
    """Expose this checkout as the jcops.jumpcloud collection (the same tree scripts/dev-env.sh uses)."""
    command = '. scripts/dev-env.sh && printf %s "$ANSIBLE_COLLECTIONS_PATH"'
    return subprocess.run(['bash', '-c', command], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def main():
    bindir = Path(sys.executable).parent
    report = Path(tempfile.mkdtemp(prefix='jcops-demo-')) / 'fleet_report.csv'
    with Simulator(api_key=API_KEY) as sim:
        print('JumpCloud simulator running at {0}'.format(sim.url), flush=True)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(), JUMPCLOUD_API_URL=sim.url, JUMPCLOUD_API_KEY=API_KEY,
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING='false',
                   ANSIBLE_INVENTORY_UNPARSED_WARNING='false', PATH=str(bindir) + os.pathsep + os.environ.get('PATH', ''))
        sim.seed(yaml.safe_load((ROOT / 'scripts' / 'demo-seed.yml').read_text()))
        for playbook, vars_file, arguments in PLAYBOOKS:
            command = ([str(bindir / 'ansible-playbook'), playbook, '--diff'] + (['-e', '@' + vars_file] if vars_file else [])
                       + [argument.format(report=report) for argument in arguments])
            print('\n=== ' + ' '.join(['ansible-playbook'] + command[1:]), flush=True)
            result = subprocess.run(command, cwd=ROOT, env=env, check=False)
            if result.returncode != 0:
                print('\nThe demo failed in {0}.'.format(playbook))
                return result.returncode
        state = sim.state()
    print('\n=== The fleet report ({0})'.format(report))
    print(report.read_text())
    print('Demo finished: the simulator held {0} users and {1} devices when it stopped.'.format(
        len(state.get('systemusers', [])), len(state.get('systems', []))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
