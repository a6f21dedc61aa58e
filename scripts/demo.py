"""`make demo`: start the JumpCloud simulator, run the demo playbooks against it, print the outcome, stop it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.simulator.harness import Simulator  # noqa: E402  pylint: disable=wrong-import-position

PLAYBOOKS = ['playbooks/demo.yml']
API_KEY = 'jca_demo-key-for-the-local-simulator'


def collections_path():
    """Expose this checkout as the jcops.jumpcloud collection (the same tree scripts/dev-env.sh uses)."""
    command = '. scripts/dev-env.sh && printf %s "$ANSIBLE_COLLECTIONS_PATH"'
    return subprocess.run(['bash', '-c', command], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def main():
    bindir = Path(sys.executable).parent
    with Simulator(api_key=API_KEY) as sim:
        print('JumpCloud simulator running at {0}'.format(sim.url), flush=True)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(), JUMPCLOUD_API_URL=sim.url, JUMPCLOUD_API_KEY=API_KEY,
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING='false',
                   ANSIBLE_INVENTORY_UNPARSED_WARNING='false', PATH=str(bindir) + os.pathsep + os.environ.get('PATH', ''))
        for playbook in PLAYBOOKS:
            print('\n=== ansible-playbook {0} --diff'.format(playbook), flush=True)
            result = subprocess.run([str(bindir / 'ansible-playbook'), playbook, '--diff'], cwd=ROOT, env=env, check=False)
            if result.returncode != 0:
                print('\nThe demo failed in {0}.'.format(playbook))
                return result.returncode
        state = sim.state()
    print('\nDemo finished: the simulator held {0} users when it stopped.'.format(len(state.get('systemusers', []))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
