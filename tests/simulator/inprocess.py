"""``InProcessSimulator``: the simulator's ``App`` in the test's own process, without a socket.

The same routes, store and validation against the official documents as ``python -m tests.simulator``; a request
goes through ``requests``' own URL and body encoding and the server's own query parsing, then straight to
``App.handle_api``. Unit tests drive the collection's client (and modules' ``main()``) against it in-process, about a
hundred times faster than an ansible-playbook run::

    sim = InProcessSimulator()
    sim.seed({'usergroups': [{'name': 'Sales, EMEA'}]})
    session = sim.session()                    # a stand-in for requests.Session
    ... JumpCloudClient(api_key='k', api_url='http://sim.invalid', session=session) ...
    assert sim.violations() == []

``sim(method, url, kwargs)`` answers one request the way the unit tests' ``FakeSession(handler=...)`` expects.

A fault's ``delay_ms`` as long as the request's ``timeout`` or longer is not slept: the request raises
``requests.exceptions.ReadTimeout`` at once, after the server did what it does (with ``apply_first``, or a delay
before serving: the server serves late, the client has given up), as a client that stopped waiting sees it.
"""

import contextlib
import json
import threading
import time
from urllib.parse import parse_qs, urlsplit

import requests

from .harness import Simulator, SimulatorError
from .server import App
from .spec import DEFAULT_SPEC_DIR, SpecSet, documents_found


_SPECS = {}
_SPECS_LOCK = threading.Lock()


def shared_specs(spec_dir=None):
    """The parsed documents, loaded once per process (None when the folder is missing: no validation)."""
    spec_dir = spec_dir or DEFAULT_SPEC_DIR
    with _SPECS_LOCK:
        if spec_dir not in _SPECS:
            if documents_found(spec_dir):
                _SPECS[spec_dir] = SpecSet(spec_dir)
            else:
                _SPECS[spec_dir] = None
        return _SPECS[spec_dir]


class Answer:
    """Just enough of requests.Response for the collection's client."""

    def __init__(self, status, headers, payload):
        self.status_code = status
        self.headers = requests.structures.CaseInsensitiveDict(headers)
        self.content = payload
        self.text = payload.decode('utf-8')
        self.reason = ''

    def json(self):
        return json.loads(self.text)


class Session:
    """A stand-in for requests.Session whose requests the in-process simulator answers; ``sent`` logs them as
    ``(method, url, kwargs)``."""

    def __init__(self, simulator):
        self.simulator = simulator
        self.headers = {}
        self.verify = True
        self.sent = []

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        return self.simulator.answer(method, url, kwargs, self.headers)

    def mount(self, prefix, adapter):
        """Nothing to mount: no connection is opened."""

    def close(self):
        """Nothing to close."""


class InProcessSimulator(Simulator):
    """The simulator without a process: ``seed``, ``state``, ``requests``, ``violations``... as ``Simulator`` has them."""

    def __init__(self, api_key=None, spec_dir=None, idempotent_graph=False):  # pylint: disable=super-init-not-called
        self.app = App(specs=shared_specs(spec_dir), api_key=api_key, idempotent_graph=idempotent_graph)
        self.url = 'http://sim.invalid'

    def session(self):
        return Session(self)

    def answer(self, method, url, kwargs, headers=None):
        prepared = requests.Request(method, url, params=kwargs.get('params'), json=kwargs.get('json'),
                                    headers=dict(headers or {}, **(kwargs.get('headers') or {}))).prepare()
        parts = urlsplit(prepared.url)
        query = parse_qs(parts.query, keep_blank_values=True)
        sent_headers = dict((name.lower(), value) for name, value in prepared.headers.items())
        sent_headers.setdefault('x-api-key', 'in-process')
        timeout = kwargs.get('timeout')
        timeout = timeout[-1] if isinstance(timeout, tuple) else timeout
        held = []

        def wait(seconds):
            """A fault's delay: slept when the client waits that long, else the client gives up (no time passes)."""
            if timeout is not None and seconds >= timeout:
                held.append(seconds)
            else:
                time.sleep(seconds)

        status, extra, payload = self.app.handle_api(method.upper(), parts.path or '/', query, prepared.body or b'',
                                                     sent_headers, wait=wait)
        if held:
            # what requests raises when no answer comes within the timeout; the server did what it does
            raise requests.exceptions.ReadTimeout('Read timed out. (read timeout={0})'.format(timeout))
        return Answer(status, extra, payload)

    def __call__(self, method, url, kwargs):
        return self.answer(method, url, kwargs)

    # ---- control: harness.Simulator's methods, over App.handle_control ------------------

    def _call(self, method, path, body=None):
        raw = b'' if body is None else json.dumps(body).encode('utf-8')
        parts = urlsplit(path)
        status, _headers, payload = self.app.handle_control(method, parts.path, raw, parse_qs(parts.query))
        if status >= 400:
            raise SimulatorError('%s %s: %s %s' % (method, path, status, payload.decode('utf-8', 'replace')))
        return json.loads(payload) if payload else None

    def start(self):
        return self

    def stop(self):
        return 0

    def writes(self):
        """The requests of the log that are not reads."""
        return [entry for entry in self.requests() if entry['method'] not in ('GET', 'HEAD')]


@contextlib.contextmanager
def answering(simulator):
    """``simulator`` answers every ``requests.Session`` opened while the block runs, so a module's ``main()`` (whose
    client opens its own session) talks to it at ``simulator.url``."""
    original = requests.Session
    requests.Session = simulator.session
    try:
        yield simulator
    finally:
        requests.Session = original


@contextlib.contextmanager
def serving(api_key=None):
    """A new ``InProcessSimulator``, answering as ``answering`` says while the block runs."""
    with answering(InProcessSimulator(api_key=api_key)) as simulator:
        yield simulator
