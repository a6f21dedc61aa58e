"""Run a module's main() in-process against a fake JumpCloud HTTP layer."""

from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeSession
from ansible_collections.jcops.jumpcloud.tests.module_runner import run_main

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
