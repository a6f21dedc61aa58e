"""The simulator in-process, for tests of the engine against JumpCloud's documented behaviour."""

from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudClient

from tests.simulator.inprocess import InProcessSimulator


@pytest.fixture(scope='session')
def _in_process_simulator():
    return InProcessSimulator()


@pytest.fixture
def sim(_in_process_simulator):
    """An empty organization in the in-process simulator; the test fails if a request or answer broke the documents."""
    _in_process_simulator.reset()
    yield _in_process_simulator
    assert _in_process_simulator.violations() == []


@pytest.fixture
def sim_client(sim):
    """(client, session) against ``sim``: ``session.sent`` logs every request as (method, url, kwargs)."""

    def build(check_mode=False):
        session = sim.session()
        return JumpCloudClient(api_key='test-key', api_url='http://sim.invalid', session=session, check_mode=check_mode), session

    return build
