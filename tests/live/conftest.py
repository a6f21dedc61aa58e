"""Live tests against a real JumpCloud organization (``make test-live``; never part of ``make test``).

Needs ``JUMPCLOUD_API_KEY`` (and ``JUMPCLOUD_ORG_ID`` for a multi-tenant key, ``JUMPCLOUD_REGION`` or
``JUMPCLOUD_API_URL`` outside the US); without a key every test is skipped. Read-only unless
``JUMPCLOUD_LIVE_WRITE=1``. All traffic goes through the simulator in proxy mode, which checks each answer
against the documents and records the run, scrubbed, to ``JUMPCLOUD_LIVE_RECORD`` (default
``tests/output/live/recorded-<time>.json``).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import REGIONS
from tests.live import probes
from tests.simulator.harness import Simulator
from tests.simulator.recording import replay

ROOT = Path(__file__).resolve().parents[2]
API_KEY = os.environ.get('JUMPCLOUD_API_KEY')
SKIP_REASON = ('JUMPCLOUD_API_KEY is not set: the live tests need a JumpCloud organization '
               '(read-only; JUMPCLOUD_LIVE_WRITE=1 adds a write round trip)')
OBSERVATIONS = probes.OBSERVATIONS


def pytest_collection_modifyitems(config, items):  # pylint: disable=unused-argument
    if not API_KEY:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


class Live:
    """The proxy in front of the organization, the credentials, and what the run observed."""

    def __init__(self, proxy, upstream):
        self.proxy = proxy
        self.upstream = upstream
        self.url = proxy.url
        self.api_key = API_KEY
        self.org_id = os.environ.get('JUMPCLOUD_ORG_ID') or None
        self.api = probes.Api(self.url, self.api_key, self.org_id)

    def module_args(self, **args):
        args.update(api_url=self.url, api_key=self.api_key)
        if self.org_id:
            args['org_id'] = self.org_id
        return args

    def observe(self, table, *args):
        for item, func in table.items():
            try:
                OBSERVATIONS[item] = func(self.api, *args)
            except Exception as exc:  # pylint: disable=broad-except
                OBSERVATIONS[item] = 'probe failed: %r' % exc

    def shape_differences(self, label):
        """Replay everything recorded so far on a simulator seeded with what the answers showed."""
        with Simulator() as sim:
            problems = replay(self.proxy.recording(), sim, ignore=('lenient', 'request'))  # probes send odd requests
        OBSERVATIONS[label] = '%d%s' % (len(problems), ''.join('\n    ' + p for p in problems[:200]))
        return problems


def upstream_url():
    if os.environ.get('JUMPCLOUD_API_URL'):
        return os.environ['JUMPCLOUD_API_URL'].rstrip('/')
    return REGIONS[os.environ.get('JUMPCLOUD_REGION') or 'us']


@pytest.fixture(scope='session')
def live():
    if not API_KEY:
        pytest.skip(SKIP_REASON)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
    record = os.environ.get('JUMPCLOUD_LIVE_RECORD') or str(ROOT / 'tests' / 'output' / 'live' /
                                                            ('recorded-%s.json' % stamp))
    upstream = upstream_url()
    with Simulator(proxy=upstream, record=record) as proxy:
        yield Live(proxy, upstream)
    OBSERVATIONS['recording'] = record


def pytest_terminal_summary(terminalreporter):
    if not API_KEY:
        terminalreporter.write_line('live tests skipped: ' + SKIP_REASON)
        return
    terminalreporter.section('to confirm on a live organization (tests/simulator/README.md)')
    for item, question in probes.readme_items():
        if item in OBSERVATIONS:
            seen = OBSERVATIONS[item]
        elif item in probes.NOT_PROBED:
            seen = probes.NOT_PROBED[item]
        elif item in probes.WRITE_PROBES and not probes.WRITE:
            seen = 'not observed: a read-only run (JUMPCLOUD_LIVE_WRITE=1 answers it)'
        else:
            seen = 'not observed: the probe did not run'
        terminalreporter.write_line('* %s: %s' % (item, question.split(' Simulator: ')[0]))
        terminalreporter.write_line('    observed: %s' % seen)
    for key in ('live-departures', 'shape-differences', 'shape-differences-after-writes', 'recording'):
        if key in OBSERVATIONS:
            terminalreporter.write_line('%s: %s' % (key, OBSERVATIONS[key]))
