"""`make demo`: start the JumpCloud simulator, run the demo playbooks against it, print the outcome, stop it."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402  pylint: disable=wrong-import-position

from tests.integration.support import ansible_env  # noqa: E402  pylint: disable=wrong-import-position
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


def main():
    bindir = Path(sys.executable).parent
    report = Path(tempfile.mkdtemp(prefix='jcops-demo-')) / 'fleet_report.csv'
    with Simulator(api_key=API_KEY) as sim:
        print('JumpCloud simulator running at {0}'.format(sim.url), flush=True)
        env = ansible_env(sim.url, API_KEY)
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
