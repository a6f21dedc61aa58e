"""The live test target (``make test-live``, tests/live) without credentials, and its list of questions."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.live import probes


def test_without_an_api_key_every_live_test_is_skipped_saying_why():
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith('JUMPCLOUD_'))
    result = subprocess.run([sys.executable, '-m', 'pytest', 'tests/live', '-q', '-rs', '-p', 'no:xdist'], cwd=str(ROOT),
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert 'skipped' in summary and 'passed' not in summary and 'failed' not in summary, summary
    assert 'JUMPCLOUD_API_KEY is not set' in result.stdout


def test_every_question_to_confirm_has_a_probe_or_a_reason():
    items = [item for item, _question in probes.readme_items()]
    assert len(items) == len(set(items)) >= 15
    answered = set(probes.READ_PROBES) | set(probes.WRITE_PROBES) | set(probes.NOT_PROBED)
    assert sorted(answered) == sorted(items)
