"""``Simulator``: start ``python -m tests.simulator`` as a subprocess and drive its control endpoints.

Standard library only, so fixtures, the demo script and benchmarks can all use it::

    with Simulator(api_key='test-key') as sim:
        sim.seed({'systemusers': [{'username': 'alice', 'email': 'alice@example.com'}]})
        ... requests against sim.url + '/api/systemusers' ...
        assert sim.violations() == []
"""

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BANNER = 'JumpCloud simulator listening on '


class SimulatorError(RuntimeError):
    pass


def _org_query(org_id):
    return '?org_id=%s' % urllib.parse.quote(org_id) if org_id else ''


class Simulator:
    def __init__(self, port=0, api_key=None, latency_ms=0, seed=None, spec_dir=None, host='127.0.0.1',
                 start_timeout=60, idempotent_graph=False, proxy=None, record=None):
        self.host = host
        self.port = port
        self.api_key = api_key
        self.latency_ms = latency_ms
        self.seed_file = seed
        self.spec_dir = spec_dir
        self.start_timeout = start_timeout
        self.idempotent_graph = idempotent_graph
        self.proxy = proxy
        self.record = record
        self.process = None
        self.url = None
        self._stderr = []

    # ---- lifecycle --------------------------------------------------------

    def command(self):
        cmd = [sys.executable, '-m', 'tests.simulator', '--host', self.host, '--port', str(self.port)]
        if self.latency_ms:
            cmd += ['--latency-ms', str(self.latency_ms)]
        if self.api_key:
            cmd += ['--api-key', self.api_key]
        if self.seed_file:
            cmd += ['--seed', str(self.seed_file)]
        if self.spec_dir:
            cmd += ['--spec-dir', str(self.spec_dir)]
        if self.idempotent_graph:
            cmd.append('--idempotent-graph')
        if self.proxy:
            cmd += ['--proxy', self.proxy]
        if self.record:
            cmd += ['--record', str(self.record)]
        return cmd

    def start(self):
        if self.process is not None:
            return self
        env = dict(os.environ)
        env['PYTHONPATH'] = REPO_ROOT + (os.pathsep + env['PYTHONPATH'] if env.get('PYTHONPATH') else '')
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            self.command(), cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, bufsize=1)
        line = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        if not line or not line[0].startswith(BANNER):
            self.stop()
            raise SimulatorError('simulator did not start: %r %s' % (line[0] if line else None,
                                                                     ''.join(self._stderr)[-2000:]))
        self.url = line[0][len(BANNER):].strip()
        threading.Thread(target=self._drain_stdout, daemon=True).start()
        return self

    def _drain_stderr(self):
        for chunk in self.process.stderr:
            self._stderr.append(chunk)
            if len(self._stderr) > 1000:
                del self._stderr[:500]

    def _drain_stdout(self):
        for _line in self.process.stdout:
            pass

    @property
    def stderr(self):
        return ''.join(self._stderr)

    def stop(self):
        """Terminate the process; returns its exit code (0 after a clean SIGTERM shutdown)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        code, self.process = self.process.returncode, None
        return code

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- control endpoints -----------------------------------------------

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode('utf-8')
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            raise SimulatorError('%s %s: %s %s' % (method, path, exc.code, exc.read().decode('utf-8', 'replace'))) \
                from exc
        return json.loads(payload) if payload else None

    def reset(self):
        return self._call('POST', '/_sim/reset')

    def seed(self, objects, org_id=None):
        """Load objects into the default organization, or the one ``org_id`` names (``organizations`` and
        ``administrators`` are the provider's)."""
        return self._call('POST', '/_sim/seed' + _org_query(org_id), objects)

    def state(self, org_id=None):
        return self._call('GET', '/_sim/state' + _org_query(org_id))

    def organization(self, name, org_id=None):
        """Create an organization named ``name``; returns its id."""
        record = {'displayName': name}
        if org_id:
            record['_id'] = org_id
        return self.seed({'organizations': [record]})['organizations'][0]

    def requests(self):
        return self._call('GET', '/_sim/requests')

    def clear_requests(self):
        return self._call('DELETE', '/_sim/requests')

    def violations(self):
        return self._call('GET', '/_sim/violations')

    def clear_violations(self):
        return self._call('DELETE', '/_sim/violations')

    def fault(self, **fault):
        return self._call('POST', '/_sim/faults', fault)

    def faults(self):
        """The faults still pending."""
        return self._call('GET', '/_sim/faults')

    def clear_faults(self):
        return self._call('DELETE', '/_sim/faults')

    def health(self):
        return self._call('GET', '/_sim/health')

    def recording(self):
        """Proxy mode: the exchanges so far, scrubbed, as a fixture (see recording.py)."""
        return self._call('GET', '/_sim/recording')

    def config(self, **settings):
        """Change (``idempotent_graph``, ``latency_ms``, ``oauth_clients``, ``token_ttl``,
        ``token_prefix``) and/or read the runtime
        settings."""
        if settings:
            return self._call('POST', '/_sim/config', settings)
        return self._call('GET', '/_sim/config')

    def revoke_tokens(self):
        """Revoke every service-account token issued so far (the API answers 401 to them)."""
        return self._call('DELETE', '/_sim/tokens')
