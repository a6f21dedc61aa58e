"""Run a module's main() in-process against a fake JumpCloud HTTP layer."""

from __future__ import annotations

import importlib
import json
import threading
import traceback

import pytest

from ansible.module_utils import basic

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client, _module
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


def patch_exits(monkeypatch):
    """exit_json and fail_json raise ModuleExit instead of printing and exiting."""

    def exit_json(self, **kwargs):
        raise ModuleExit(kwargs, failed=False)

    def fail_json(self, msg, **kwargs):
        kwargs['msg'] = msg
        raise ModuleExit(kwargs, failed=True)

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)


@pytest.fixture
def run_module(monkeypatch):
    """run_module(module, args, handler) -> (result, session): result has 'failed' True on fail_json."""
    patch_exits(monkeypatch)

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


class InProcessSimulator:
    """The JumpCloud simulator served from a thread of the test process: modules run in-process against it with
    their real HTTP client, and the test reads its request log and state directly."""

    WRITE_METHODS = ('POST', 'PUT', 'PATCH', 'DELETE')

    def __init__(self):
        from tests.simulator.__main__ import load_specs  # pylint: disable=import-outside-toplevel
        from tests.simulator.server import App, SimulatorServer  # pylint: disable=import-outside-toplevel
        from tests.simulator import seed as seeding  # pylint: disable=import-outside-toplevel

        self._seeding = seeding
        self.app = App(specs=load_specs(None))
        self.server = SimulatorServer(('127.0.0.1', 0), self.app)
        self.url = 'http://127.0.0.1:{0}'.format(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        self.app.reset()
        self.app.latency = 0

    def seed(self, objects):
        return self._seeding.load(self.app, objects)

    def state(self):
        return self._seeding.dump(self.app)

    def requests(self):
        with self.app.lock:
            return list(self.app.log)

    def clear_requests(self):
        with self.app.lock:
            self.app.log = []

    def writes(self):
        """The logged requests that change something (a POST to a search endpoint only reads)."""
        return [entry for entry in self.requests()
                if entry['method'] in self.WRITE_METHODS and '/search/' not in entry['path']]

    def violations(self):
        with self.app.lock:
            return list(self.app.violations)

    def fault(self, **spec):
        return self.app.add_fault(spec)


@pytest.fixture(scope='module')
def simulator():
    sim = InProcessSimulator()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def sim(simulator):
    """The in-process simulator, reset to an empty organization (no latency, no faults)."""
    simulator.reset()
    yield simulator
    assert simulator.violations() == []


class Traceback(Exception):
    """A module ended with an unhandled exception (what Ansible would print as a traceback)."""


def run_in_process(module, args, url):
    """Run ``module.main()`` with ``args`` against ``url``; return its result (``failed`` True on fail_json).

    An exception that escapes main() is raised as ``Traceback`` with the formatted stack."""
    args = dict(args)
    args.setdefault('api_key', 'test-key')
    args.setdefault('api_url', url)
    with patch_module_args(args):
        try:
            module.main()
        except ModuleExit as exc:
            return dict(exc.result, failed=exc.failed)
        except SystemExit as exc:  # pragma: no cover - a module that exits on its own
            raise Traceback('main() called sys.exit({0})'.format(exc.code)) from exc
        except Exception as exc:  # pylint: disable=broad-except
            raise Traceback(''.join(traceback.format_exception(exc))) from exc
    raise Traceback('main() returned without exit_json or fail_json')  # pragma: no cover


@pytest.fixture
def run_sim(monkeypatch, sim):
    """run_sim(module, args) -> result: a module's main() in-process against the in-process simulator."""
    patch_exits(monkeypatch)
    return lambda module, args: run_in_process(module, args, sim.url)


def import_module(name):
    return importlib.import_module('ansible_collections.jcops.jumpcloud.plugins.modules.' + name)


def argument_spec(module_name):
    """(argument_spec without the common options, other keywords: required_one_of..., text rules, ids) of a module,
    captured from its main() as it builds its JumpCloudModule."""
    module = import_module(module_name)
    captured = {}

    class Captured(Exception):
        pass

    def capture(self, argument_spec=None, **kwargs):
        captured.update(kwargs, argument_spec=argument_spec)
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
