"""Eight ansible-playbook processes edit one policy at once, each a different setting: none of the edits is lost.

The in-process test (tests/unit/plugins/modules/test_concurrent_edits.py) runs ten rounds of eight editors on
threads; this one runs one round the way users do it, as eight processes, with the simulator answering every request
after 20 ms so that the reads and writes of the eight runs interleave.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.integration.support import tail
from tests.unit.plugins.modules.test_concurrent_edits import FIELDS, TEMPLATE

PLAYBOOK = """---
- name: One editor of the shared policy
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Set one setting
      jcops.jumpcloud.jc_policy:
        name: Shared policy
        values: {{{0}: {1}}}
"""


def test_eight_playbooks_editing_one_policy_lose_nothing(simulator, ansible_env, tmp_path):
    simulator.reset()
    simulator.seed({'policytemplates': [TEMPLATE], 'policies': [{'name': 'Shared policy', 'template': {'id': TEMPLATE['id']}}]})
    inventory = tmp_path / 'inventory.ini'
    inventory.write_text('localhost ansible_connection=local ansible_python_interpreter={0}\n'.format(sys.executable))
    wanted = {name: 500 + index for index, name in enumerate(FIELDS)}
    runs = []
    simulator.config(latency_ms=20)
    try:
        for name, value in wanted.items():
            playbook = tmp_path / '{0}.yml'.format(name)
            playbook.write_text(PLAYBOOK.format(name, value))
            command = [str(Path(sys.executable).parent / 'ansible-playbook'), '-i', str(inventory), str(playbook)]
            runs.append(subprocess.Popen(command, env=ansible_env, cwd=str(ROOT), stdout=subprocess.PIPE,  # pylint: disable=consider-using-with
                                         stderr=subprocess.STDOUT, text=True))
        outputs = [run.communicate(timeout=600)[0] for run in runs]
    finally:
        simulator.config(latency_ms=0)
    for run, output in zip(runs, outputs):
        assert run.returncode == 0, tail(output)
        assert 'changed=1' in output, tail(output)
    policy = [obj for obj in simulator.state()['policies'] if obj['name'] == 'Shared policy'][0]
    names = {field['id']: field['name'] for field in TEMPLATE['configFields']}
    held = {names[entry['configFieldID']]: entry['value'] for entry in policy['values']}
    lost = [name for name in FIELDS if held[name] != wanted[name]]
    print('policy, 8 ansible-playbook processes: {0} of {1} edits lost'.format(len(lost), len(FIELDS)))
    assert not lost
    assert simulator.violations() == []
