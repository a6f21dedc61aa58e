"""Run a module's main() in-process: its exit_json/fail_json become the returned result.

The unit tests run modules this way against a fake HTTP layer; the peer check and the live tests run them against a
real API (the simulator, a JumpCloud organization) with the client's own HTTP.
"""

from __future__ import annotations

import contextlib
import json
from unittest import mock

from ansible.module_utils import basic

try:  # ansible-core >= 2.19
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # pragma: no cover - older ansible-core
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


def _exit_json(self, **kwargs):  # pylint: disable=unused-argument
    raise ModuleExit(kwargs, failed=False)


def _fail_json(self, msg, **kwargs):  # pylint: disable=unused-argument
    kwargs['msg'] = msg
    raise ModuleExit(kwargs, failed=True)


def run_main(module, args):
    """The result of ``module.main()`` with ``args``; ``failed`` is True when it called fail_json."""
    with mock.patch.object(basic.AnsibleModule, 'exit_json', _exit_json), \
            mock.patch.object(basic.AnsibleModule, 'fail_json', _fail_json), patch_module_args(dict(args)):
        try:
            module.main()
        except ModuleExit as exc:
            return dict(exc.result, failed=exc.failed)
    raise AssertionError('%s.main() returned without exit_json or fail_json' % module.__name__)
