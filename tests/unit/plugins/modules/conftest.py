"""Run a module's main() in-process against a fake JumpCloud HTTP layer, or against the in-process simulator."""

from __future__ import annotations

import importlib
import traceback

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client, _module
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeSession
from ansible_collections.jcops.jumpcloud.tests.module_runner import run_main
from tests.simulator.inprocess import serving

CREDENTIAL_VARIABLES = ('JUMPCLOUD_API_KEY', 'JUMPCLOUD_CLIENT_ID', 'JUMPCLOUD_CLIENT_SECRET', 'JUMPCLOUD_TOKEN_URL',
                        'JUMPCLOUD_ORG_ID')


def clear_credentials(monkeypatch):
    """The credentials of the environment are set aside: the tests give theirs."""
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def run_module(monkeypatch):
    """run_module(module, args, handler) -> (result, session): result has 'failed' True on fail_json."""
    clear_credentials(monkeypatch)

    def run(module, args, handler):
        session = FakeSession(handler=handler)
        monkeypatch.setattr(_client.requests, 'Session', lambda: session)
        args = dict(args)
        args.setdefault('api_key', 'test-key')
        args.setdefault('api_url', 'http://jc.invalid')
        return run_main(module, args), session

    return run


LOCAL_API_KEY = 'jca_local-simulator-test-key'


@pytest.fixture(scope='module')
def local_simulator():
    """The simulator in this process, for a test module (any session a module opens reaches it; its key is
    ``LOCAL_API_KEY``); its tests reset and seed it."""
    with serving(api_key=LOCAL_API_KEY) as simulator:
        yield simulator


class Traceback(Exception):
    """A module ended with an unhandled exception (what Ansible would print as a traceback)."""


def run_in_process(module, args):
    """Run ``module.main()`` with ``args``; return its result (``failed`` True on fail_json).

    An exception that escapes main() is raised as ``Traceback`` with the formatted stack."""
    try:
        return run_main(module, args)
    except SystemExit as exc:  # pragma: no cover - a module that exits on its own
        raise Traceback('main() called sys.exit({0})'.format(exc.code)) from exc
    except Exception as exc:  # pylint: disable=broad-except
        raise Traceback(''.join(traceback.format_exception(exc))) from exc


@pytest.fixture
def run_sim(monkeypatch, sim):
    """run_sim(module, args) -> result: a module's main() in-process against the in-process simulator (``sim``), with
    the module's own client; an unhandled exception is raised as ``Traceback``."""
    monkeypatch.setattr(_client.requests, 'Session', sim.session)

    def run(module, args):
        args = dict(args)
        args.setdefault('api_key', 'test-key')
        args.setdefault('api_url', sim.url)
        return run_in_process(module, args)

    return run


def import_module(name):
    return importlib.import_module('ansible_collections.jcops.jumpcloud.plugins.modules.' + name)


def argument_spec(module_name):
    """(argument_spec without the common options, other keywords: required_one_of..., text rules, ids, and whether it
    is organization-scoped) of a module, captured from its main() as it builds its JumpCloudModule."""
    module = import_module(module_name)
    captured = {}

    class Captured(Exception):
        pass

    def capture(self, argument_spec=None, **kwargs):
        captured.update(kwargs, argument_spec=argument_spec, organization_scoped=self.organization_scoped)
        raise Captured()

    original = _module.JumpCloudModule.__init__
    _module.JumpCloudModule.__init__ = capture
    try:
        module.main()
    except Captured:
        pass
    finally:
        _module.JumpCloudModule.__init__ = original
    spec = captured.pop('argument_spec')
    return spec, captured
