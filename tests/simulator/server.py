"""HTTP server: routing, auth (API keys and service-account tokens), x-org-id, request log, faults, latency,
validation, control endpoints."""

import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from . import oauth
from . import seed as seeding
from .common import NO_BODY, ApiError, Query, Response, error_body, new_object_id
from .orgs import OrgView, Provider
from .routes import Request, Router
from .routes.insights import observe
from .spec import LABELS

# Directory Insights lives on its own host in production; the simulator serves it under this prefix.
INSIGHTS_PREFIX = '/insights/directory/v1'

MAX_LOG = 200000


def api_version(path):
    """(document, path within it) of an API path: 1 for /api, 2 for /api/v2, 'di' for Directory Insights."""
    if path == '/api/v2' or path.startswith('/api/v2/'):
        return 2, path[len('/api/v2'):] or '/'
    if path.startswith(INSIGHTS_PREFIX + '/'):
        return 'di', path[len(INSIGHTS_PREFIX):]
    return 1, path[len('/api'):] or '/'


class App:
    """Everything but the socket: one instance per simulator process."""

    def __init__(self, specs=None, api_key=None, latency_ms=0, idempotent_graph=False, proxy=None):
        self.specs = specs
        # proxy mode (recording.Proxy): /api requests go to the real API, answers are checked and recorded
        self.proxy = proxy
        self.api_key = api_key
        self.latency = max(0, latency_ms) / 1000.0
        # api-quirks 40: duplicate graph add / removal of a missing edge answer 409 / 404, or 204 when set
        self.idempotent_graph = idempotent_graph
        self.router = Router()
        # the organizations (the default one answers requests without x-org-id) and their administrators
        self.provider = Provider()
        self.oauth = oauth.TokenIssuer()
        self.organization = self.provider.default_id
        self.lock = threading.Lock()
        self.log = []
        self.faults = []
        self.violations = []
        self.undeclared = set()
        if specs is not None:
            for method, version, template in self.router.templates():
                if not specs.get(version).has_template(method, template):
                    self.undeclared.add((method, version, template))
        self.reset()

    # ---- control ----------------------------------------------------------

    def reset(self):
        with self.lock:
            self.log = []
            self.faults = []
            self.violations = []
        self.provider.reset()
        seeding.install_builtins(self.view())

    @property
    def store(self):
        """The default organization's objects."""
        return self.provider.organization().store

    def view(self, org_id=None):
        """The app as requests for one organization see it (the default organization when ``org_id`` is None)."""
        return OrgView(self, self.provider.organization(org_id))

    def add_organization(self, record):
        """Create an organization (with its built-in objects) or update an existing one's record."""
        organization, created = self.provider.add_organization(record)
        if created:
            seeding.install_builtins(self.view(organization.id))
        return organization

    def violation(self, kind, method, path, status, message, operation=None):
        entry = {'kind': kind, 'method': method, 'path': path, 'status': status, 'message': message}
        if operation:
            entry['operation'] = operation
        with self.lock:
            self.violations.append(entry)

    def add_fault(self, spec):
        """A pending fault (see the README's ``/_sim/faults``): which requests it takes (``method``: one or a list,
        ``path_regex``, from the ``nth`` matching one on, ``count`` of them) and what it does to them (``status``,
        ``retry_after``, ``delay_ms``, ``message``; with ``apply_first`` the request is served before)."""
        if not isinstance(spec, dict):
            raise ApiError(400, 'a fault is a JSON object')
        status = spec.get('status')
        delay = spec.get('delay_ms') or 0
        if status is None and not delay:
            raise ApiError(400, 'a fault needs a status, a delay_ms, or both')
        try:
            pattern = re.compile(spec.get('path_regex') or '.*')
        except re.error as exc:
            raise ApiError(400, 'invalid path_regex: %s' % exc) from exc
        methods = '*' if spec.get('method') is None else spec['method']
        methods = [methods] if isinstance(methods, str) else methods
        if not isinstance(methods, list) or not methods or not all(isinstance(m, str) and m for m in methods):
            raise ApiError(400, 'method is a method name, "*" or a list of method names')
        nth = spec.get('nth', 1)
        if isinstance(nth, bool) or not isinstance(nth, int) or nth < 1:
            raise ApiError(400, 'nth is a whole number from 1 (the first matching request)')
        fault = {
            'id': new_object_id(),
            'method': methods[0].upper() if len(methods) == 1 else [m.upper() for m in methods],
            'path_regex': pattern.pattern,
            'status': int(status) if status is not None else None,
            'count': int(spec.get('count', 1)),
            'nth': nth,
            'apply_first': bool(spec.get('apply_first', False)),
            'retry_after': spec.get('retry_after'),
            'delay_ms': int(delay),
            'message': spec.get('message'),
            '_pattern': pattern,
            '_methods': frozenset(m.upper() for m in methods),
            '_passed': 0,
        }
        with self.lock:
            self.faults.append(fault)
        return _shown_fault(fault)

    def take_fault(self, method, path):
        """The fault that takes this request, if any; a fault counts the matching requests it lets pass before its
        ``nth``, and is used up after ``count`` requests."""
        with self.lock:
            for fault in self.faults:
                if '*' not in fault['_methods'] and method not in fault['_methods']:
                    continue
                if not fault['_pattern'].search(path):
                    continue
                if fault['_passed'] < fault['nth'] - 1:
                    fault['_passed'] += 1
                    continue
                fault['count'] -= 1
                if fault['count'] <= 0:
                    self.faults.remove(fault)
                return dict(fault)
        return None

    def record(self, method, path, query, status, body, org_id, auth=None):
        entry = {'method': method, 'path': path, 'query': query, 'status': status, 'body': body, 'org_id': org_id,
                 'auth': auth}
        with self.lock:
            if len(self.log) >= MAX_LOG:
                del self.log[:MAX_LOG // 10]
            self.log.append(entry)

    # ---- API --------------------------------------------------------------

    def handle_api(self, method, path, query, raw_body, headers, wait=time.sleep):
        """-> (status, extra headers, body bytes). ``wait(seconds)`` holds a faulted request or its answer back (the
        in-process simulator passes one that stands for a client timeout)."""
        if self.latency:
            time.sleep(self.latency)
        body, body_present, body_error = _parse_body(raw_body)
        org_id = headers.get('x-org-id')
        auth = 'bearer' if headers.get('authorization', '').lower().startswith('bearer ') else 'api_key'
        if self.proxy is not None:
            return self._forward(method, path, query, raw_body, body, headers, org_id, auth)
        fault = self.take_fault(method, path)
        if fault is not None and not fault['apply_first']:
            if fault['delay_ms']:
                wait(fault['delay_ms'] / 1000.0)
            if fault['status'] is not None:
                response = _faulted(fault)
                self.record(method, path, query, response.status, body, org_id, auth)
                return _encode(response)
        answer = self._serve_api(method, path, query, body, body_present, body_error, headers, org_id, auth)
        if fault is not None and fault['apply_first']:
            # the server acted (the log says how); the client gets its answer late, or an error in its place
            if fault['delay_ms']:
                wait(fault['delay_ms'] / 1000.0)
            if fault['status'] is not None:
                return _encode(_faulted(fault))
        return answer

    def _serve_api(self, method, path, query, body, body_present, body_error, headers, org_id, auth):
        query = query if isinstance(query, Query) else Query(query)
        response, op = self._dispatch(method, path, query, body, body_present, body_error, headers, org_id)
        for message in query.leniencies:
            self.violation('lenient', method, path, response.status, message, op.op_id if op is not None else None)
        if op is not None:
            has_body = response.body is not NO_BODY
            problem = op.check_response(response.status, response.body if has_body else None, has_body)
            if problem:
                self.violation('response', method, path, response.status, problem, op.op_id)
        self.record(method, path, query, response.status, body, org_id, auth)
        return _encode(response)

    def _forward(self, method, path, query, raw_body, body, headers, org_id, auth):
        """Proxy mode: the real API answers; its answer is checked against the documents (a departure is a
        ``response`` violation) and recorded."""
        status, extra, payload = self.proxy.forward(method, path, query, raw_body, headers)
        self.proxy.record(method, path, query, body, status, payload, org_id)
        self.record(method, path, query, status, body, org_id, auth)
        if self.specs is not None:
            version, rel_path = api_version(path)
            op = self.specs.get(version).match(method, rel_path)[0]
            parsed, present, _error = _parse_body(payload)
            problem = op.check_response(status, parsed, present) if op is not None else None
            if problem:
                self.violation('response', method, path, status, 'the live API: ' + problem, op.op_id)
        return status, extra, payload

    def handle_oauth(self, method, path, raw_body, headers):
        """The service accounts' token endpoint: ``POST /oauth2/token`` (logged without credentials)."""
        response, logged = self.oauth.token_response(method, raw_body, headers)
        self.record(method, path, {}, response.status, logged, None, 'client_credentials')
        return _encode(response)

    def _authenticate(self, headers):
        """None when the caller may go on, else the 401 response: an API key (``--api-key`` or any), or a bearer token
        this simulator issued and that has not expired or been revoked."""
        authorization = headers.get('authorization', '')
        if authorization.lower().startswith('bearer '):
            problem = self.oauth.check(authorization[len('bearer '):].strip())
            return None if problem is None else ApiError(401, problem).response()
        key = headers.get('x-api-key')
        if not key or (self.api_key is not None and key != self.api_key):
            return ApiError(401, 'Unauthorized').response()
        return None

    def _dispatch(self, method, path, query, body, body_present, body_error, headers, org_id):
        refused = self._authenticate(headers)
        if refused is not None:
            return refused, None
        if org_id is not None and not org_id.strip():
            return ApiError(400, 'x-org-id must not be empty').response(), None
        try:
            app = self.view(org_id)
        except ApiError as exc:
            return exc.response(), None
        version, rel_path = api_version(path)
        handler, template, params = self.router.match(method, version, rel_path)
        op = None
        spec = self.specs.get(version) if self.specs is not None else None
        if spec is not None:
            op, spec_template, spec_params = spec.match(method, rel_path)
            if handler is None:
                if op is not None:
                    return ApiError(501, 'the simulator does not implement %s %s (%s)'
                                    % (method, op.template, op.op_id)).response(), None
                if spec_template is not None:
                    return ApiError(405, 'method %s not allowed on %s' % (method, spec_template)).response(), None
                return ApiError(404, 'no route for %s %s' % (method, path)).response(), None
            if op is None or spec_template != template:
                self.violation('request', method, path, 0,
                               'route %s %s is served by the simulator but not declared by the %s document'
                               % (method, template, LABELS[version]))
                op = None
            else:
                params = spec_params
        elif handler is None:
            if template is not None:
                return ApiError(405, 'method %s not allowed on %s' % (method, template)).response(), None
            return ApiError(404, 'no route for %s %s' % (method, path)).response(), None
        if body_error:
            return ApiError(400, body_error).response(), op
        if op is not None:
            problem = op.check_query(query) or op.check_body(body, body_present)
            if problem:
                self.violation('request', method, path, 400, problem, op.op_id)
                return ApiError(400, problem).response(), op
        params = dict((name, unquote(value)) for name, value in params.items())
        request = Request(method=method, version=version, path=path, rel_path=rel_path, template=template,
                          params=params, query=query, body=body, body_present=body_present, headers=headers,
                          org_id=org_id, store=app.store, app=app)
        try:
            response = handler(request)
        except ApiError as exc:
            response = exc.response()
        if method not in ('GET', 'HEAD') and response.status < 300:
            observe(request, response)
        return response, op

    # ---- control endpoints -----------------------------------------------

    def handle_control(self, method, path, raw_body, query=None):
        body, _present, body_error = _parse_body(raw_body)
        try:
            if body_error:
                raise ApiError(400, body_error)
            response = self._control(method, path, body, (query or {}).get('org_id', [None])[-1])
        except ApiError as exc:
            response = exc.response()
        except seeding.SeedError as exc:
            response = Response(400, error_body(400, str(exc)))
        return _encode(response)

    def _control(self, method, path, body, org_id=None):
        """``org_id`` (the ``org_id`` query parameter) picks the organization that seed and state work on."""
        path = path.rstrip('/')
        if path == '/_sim/requests':
            if method == 'GET':
                with self.lock:
                    return Response(200, list(self.log))
            if method == 'DELETE':
                with self.lock:
                    self.log = []
                return Response(204)
        elif path == '/_sim/reset' and method == 'POST':
            self.reset()
            return Response(200, {'reset': True})
        elif path == '/_sim/seed' and method == 'POST':
            return Response(200, seeding.load(self, body if body is not None else {}, org_id))
        elif path == '/_sim/state' and method == 'GET':
            return Response(200, seeding.dump(self, org_id))
        elif path == '/_sim/faults':
            if method == 'POST':
                specs = body if isinstance(body, list) else [body]
                created = [self.add_fault(spec) for spec in specs]
                return Response(201, created if isinstance(body, list) else created[0])
            if method == 'GET':
                with self.lock:
                    return Response(200, [_shown_fault(f) for f in self.faults])
            if method == 'DELETE':
                with self.lock:
                    self.faults = []
                return Response(204)
        elif path == '/_sim/violations':
            if method == 'GET':
                with self.lock:
                    return Response(200, list(self.violations))
            if method == 'DELETE':
                with self.lock:
                    self.violations = []
                return Response(204)
        elif path == '/_sim/config':
            if method == 'POST':
                if not isinstance(body, dict):
                    raise ApiError(400, 'config is a JSON object')
                if 'idempotent_graph' in body:
                    self.idempotent_graph = bool(body['idempotent_graph'])
                if 'latency_ms' in body:
                    self.latency = max(0, int(body['latency_ms'])) / 1000.0
                self.oauth.configure(body)
            if method in ('GET', 'POST'):
                config = {'idempotent_graph': self.idempotent_graph, 'latency_ms': int(self.latency * 1000)}
                config.update(self.oauth.config())
                return Response(200, config)
        elif path == '/_sim/recording' and method == 'GET' and self.proxy is not None and self.proxy.recorder:
            return Response(200, self.proxy.recorder.fixture())
        elif path == '/_sim/tokens' and method == 'DELETE':
            self.oauth.revoke_all()
            return Response(204)
        elif path == '/_sim/health' and method == 'GET':
            return Response(200, {'ok': True, 'validating': self.specs is not None,
                                  'proxy': self.proxy.upstream if self.proxy is not None else None,
                                  'organization': self.organization,
                                  'undeclared_routes': sorted('%s %s %s' % (m, LABELS[v], t) for m, v, t in self.undeclared)})
        raise ApiError(404, 'no control endpoint %s %s' % (method, path))


def _shown_fault(fault):
    """A fault as the control endpoints show it: without its private fields."""
    return dict((k, v) for k, v in fault.items() if not k.startswith('_'))


def _faulted(fault):
    """The error response a fault answers with."""
    response = ApiError(fault['status'], fault['message']).response()
    if fault['retry_after'] is not None:
        response.headers['Retry-After'] = str(fault['retry_after'])
    return response


def _parse_body(raw):
    """-> (parsed, present, error message)."""
    if not raw or not raw.strip():
        return None, False, None
    try:
        return json.loads(raw), True, None
    except ValueError as exc:
        return None, True, 'request body is not valid JSON: %s' % exc


def _encode(response):
    headers = dict(response.headers)
    if response.body is NO_BODY:
        return response.status, headers, b''
    headers['Content-Type'] = 'application/json; charset=utf-8'
    return response.status, headers, json.dumps(response.body, separators=(',', ':')).encode('utf-8')


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'jcops-simulator'
    sys_version = ''
    disable_nagle_algorithm = True
    timeout = 120

    def _serve(self):
        app = self.server.app
        try:
            parts = urlsplit(self.path)
            path = parts.path or '/'
            query = parse_qs(parts.query, keep_blank_values=True)
            raw = self._read_body()
            method = self.command.upper()
            headers = dict((k.lower(), v) for k, v in self.headers.items())
            if path == '/api' or path.startswith('/api/') or path.startswith(INSIGHTS_PREFIX + '/'):
                status, extra, payload = app.handle_api(method, path, query, raw, headers)
            elif path == oauth.TOKEN_PATH:
                status, extra, payload = app.handle_oauth(method, path, raw, headers)
            elif path.startswith('/_sim'):
                status, extra, payload = app.handle_control(method, path, raw, query)
            else:
                status, extra, payload = _encode(ApiError(404, 'Not Found').response())
        except Exception as exc:  # pylint: disable=broad-except
            sys.stderr.write('jcops-simulator: internal error on %s %s: %r\n' % (self.command, self.path, exc))
            import traceback  # pylint: disable=import-outside-toplevel
            traceback.print_exc()
            status, extra, payload = _encode(ApiError(500, 'simulator internal error: %r' % exc).response())
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        if payload and self.command != 'HEAD':
            self.wfile.write(payload)

    def _read_body(self):
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            chunks = []
            while True:
                line = self.rfile.readline().strip()
                size = int(line.split(b';')[0] or b'0', 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b''.join(chunks)
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length > 0 else b''

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: nothing per request."""

    def log_error(self, format, *args):  # pylint: disable=redefined-builtin
        message = format % args
        if not message.startswith('Request timed out'):
            sys.stderr.write('jcops-simulator: %s\n' % message)


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, app):
        self.app = app
        super().__init__(address, Handler)

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return  # a client that went away is not the simulator's error
        super().handle_error(request, client_address)
