"""Run a module's main() in-process against a fake JumpCloud HTTP layer."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils import basic

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeSession

try:  # ansible-core >= 2.19
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # pragma: no cover - older ansible-core
    import contextlib
    from unittest import mock

    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args=None):
        with mock.patch.object(basic, '_ANSIBLE_ARGS', to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args or {}}))):
            yield


class ModuleExit(Exception):
    def __init__(self, result, failed):
        super().__init__(result)
        self.result = result
        self.failed = failed


@pytest.fixture
def run_module(monkeypatch):
    """run_module(module, args, handler) -> (result, session): result has 'failed' True on fail_json."""

    def exit_json(self, **kwargs):
        raise ModuleExit(kwargs, failed=False)

    def fail_json(self, msg, **kwargs):
        kwargs['msg'] = msg
        raise ModuleExit(kwargs, failed=True)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)

    def run(module, args, handler):
        session = FakeSession(handler=handler)
        monkeypatch.setattr(_client.requests, 'Session', lambda: session)
        args = dict(args)
        args.setdefault('api_key', 'test-key')
        args.setdefault('api_url', 'http://jc.invalid')
        with patch_module_args(args):
            with pytest.raises(ModuleExit) as exc:
                module.main()
        result = dict(exc.value.result, failed=exc.value.failed)
        return result, session

    return run
