"""Fixtures for the simulator's own tests: one simulator process per test module."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.simulator import Simulator  # noqa: E402  pylint: disable=wrong-import-position

import sim_support  # noqa: E402  pylint: disable=wrong-import-position
from sim_support import API_KEY  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope='module')
def sim():
    with Simulator(api_key=API_KEY) as simulator:
        yield simulator


@pytest.fixture
def api(sim):
    sim.reset()
    return sim_support.Api(sim)


@pytest.fixture
def strict(api, sim):
    """``api`` for traffic that must leave no spec violation behind."""
    yield api
    assert sim.violations() == []
