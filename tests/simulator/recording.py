"""Recorded exchanges: what a client sent and what the API answered, kept as a JSON fixture and replayed.

Recording: the simulator started with ``--proxy URL --record FILE`` forwards every ``/api`` request to the real API
(``URL`` is the console base, e.g. ``https://console.jumpcloud.com``) and answers with what came back; on shutdown
it writes the exchanges to ``FILE``, scrubbed (see ``Scrubber``), with the seed that replays them: the objects the
answers showed that the session did not create itself.

Replay: ``replay(fixture, sim)`` resets a simulator, seeds it with the fixture's seed, sends each request (ids the
recording's creates returned are mapped to the ones the simulator returns) and lists every difference in status or
in response shape (keys and JSON types, recursively). A fixture is::

    {"description": "...", "source": "live" | "documents", "compare": "exact" | "recorded-keys",
     "seed": {<seed format>}, "lenient": ["<message of an expected lenient violation>", ...],
     "exchanges": [{"request": {"method", "path", "query": {name: [values]}, "body"},
                    "response": {"status", "body"}, "replay": true | false, "why": "..."}]}

``compare: exact`` (recordings) reports keys either side lacks; ``recorded-keys`` (fixtures written by hand from
the documents, whose examples are abridged) checks only the keys the fixture shows.
"""

import datetime
import json
import os
import re
import threading
import urllib.error
import urllib.request
from urllib.parse import urlencode

SECRET_KEYS = frozenset(('password', 'sharedSecret', 'secret', 'clientSecret', 'client_secret', 'api_key', 'apiKey',
                         'x-api-key', 'passphrase', 'startupPin', 'pin', 'totpSecret', 'access_token', 'token',
                         'privateKey', 'recoveryLockPassword'))
ORG_KEYS = frozenset(('organization', 'organizationObjectId', 'orgId', 'companyId', 'organizationId'))
# String fields that identify a person or a person's device: replaced by stable placeholders
PERSONAL_KEYS = frozenset(('email', 'alternateEmail', 'username', 'firstname', 'lastname', 'middlename',
                           'displayname', 'displayName', 'hostname', 'managedAppleId', 'employeeIdentifier',
                           'number', 'streetAddress', 'poBox', 'locality', 'postalCode', 'extendedAddress',
                           'address', 'userName', 'deviceName', 'serialNumber', 'udid', 'wifiMac',
                           'bluetoothMac', 'imei', 'meid', 'remoteIP'))
PLACEHOLDER_ORG = '0' * 24
FORWARDED_HEADERS = ('x-api-key', 'x-org-id', 'authorization', 'content-type', 'accept', 'x-total-count')
RETURNED_HEADERS = ('content-type', 'retry-after', 'x-total-count')
SEEDED = {1: ('systemusers', 'systems', 'radiusservers', 'commands', 'applications'),
          2: ('usergroups', 'systemgroups', 'policygroups')}
GRAPH_COLLECTION_TYPE = {'users': 'user', 'usergroups': 'user_group', 'systems': 'system',
                         'systemgroups': 'system_group', 'policygroups': 'policy_group', 'radiusservers': 'radius_server',
                         'commands': 'command', 'applications': 'application'}
SEED_KIND_TYPE = {'systemusers': 'user', 'systems': 'system', 'radiusservers': 'radius_server', 'commands': 'command',
                  'applications': 'application', 'usergroups': 'user_group', 'systemgroups': 'system_group',
                  'policygroups': 'policy_group'}
GROUP_TYPES = ('user_group', 'system_group', 'policy_group')


# ---- scrubbing ---------------------------------------------------------------

class Scrubber:
    """Secrets out, organization ids out, personal values replaced by stable placeholders.

    The same original value always gets the same placeholder (``user1@example.com``, ``username-2``...), in
    bodies, in query values (filter terms included) and in path segments, so a scrubbed recording still replays.
    """

    def __init__(self, org_ids=()):
        self.org_ids = set(i for i in org_ids if i)
        self.names = {}

    def learn(self, value, key=None):
        if isinstance(value, dict):
            sensitive = value.get('sensitive') is True
            for k, v in value.items():
                if k in ORG_KEYS and isinstance(v, str) and v:
                    self.org_ids.add(v)
                elif k in PERSONAL_KEYS and isinstance(v, str) and v and v not in self.names:
                    self.names[v] = 'user%d@example.com' % (len(self.names) + 1) if '@' in v else \
                        '%s-%d' % (k.lower(), len(self.names) + 1)
                elif not (sensitive and k == 'value'):
                    self.learn(v, k)
        elif isinstance(value, list):
            for item in value:
                self.learn(item, key)

    def body(self, value):
        if isinstance(value, dict):
            sensitive = value.get('sensitive') is True
            out = {}
            for key, item in value.items():
                if key in SECRET_KEYS or (sensitive and key == 'value'):
                    out[key] = _placeholder(item)
                elif key in ORG_KEYS and isinstance(item, str) and item:
                    out[key] = PLACEHOLDER_ORG
                else:
                    out[key] = self.body(item)
            return out
        if isinstance(value, list):
            return [self.body(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def text(self, value):
        if value in self.names:
            return self.names[value]
        for org in self.org_ids:
            value = value.replace(org, PLACEHOLDER_ORG)
        return value

    def query_value(self, value):
        """A query value: a whole value, or the terms of a ``field:op:a|b`` filter, are replaced when known."""
        parts = value.split(':', 2)
        if len(parts) == 3:
            return '%s:%s:%s' % (parts[0], parts[1], '|'.join(self.text(t) for t in parts[2].split('|')))
        return self.text(value)

    def path(self, path):
        return '/'.join(self.text(segment) for segment in path.split('/'))


def _placeholder(value):
    if isinstance(value, str):
        return 'REDACTED'
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return 0
    return 'REDACTED'


# ---- the recording -------------------------------------------------------------

class Recorder:
    """Collects exchanges (thread-safe) and writes them, scrubbed, as one fixture."""

    def __init__(self, path, description='recorded from a live organization'):
        self.path = path
        self.description = description
        self.lock = threading.Lock()
        self.exchanges = []
        self.org_ids = set()

    def add(self, method, path, query, request_body, status, response_body, org_id=None):
        with self.lock:
            if org_id:
                self.org_ids.add(org_id)
            self.exchanges.append({'request': {'method': method, 'path': path, 'query': dict(query),
                                               'body': request_body},
                                   'response': {'status': status, 'body': response_body}})

    def fixture(self):
        with self.lock:
            exchanges = json.loads(json.dumps(self.exchanges))
            scrubber = Scrubber(self.org_ids)
        for exchange in exchanges:
            scrubber.learn(exchange['request']['body'])
            scrubber.learn(exchange['response']['body'])
        for exchange in exchanges:
            request = exchange['request']
            request['path'] = scrubber.path(request['path'])
            request['query'] = dict((name, [scrubber.query_value(v) for v in values])
                                    for name, values in request['query'].items())
            request['body'] = scrubber.body(request['body'])
            exchange['response']['body'] = scrubber.body(exchange['response']['body'])
        seed, skipped = derive_seed(exchanges)
        for index, why in skipped.items():
            exchanges[index]['replay'] = False
            exchanges[index]['why'] = why
        return {'description': self.description, 'source': 'live', 'compare': 'exact',
                'recorded': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
                'seed': seed, 'lenient': [], 'exchanges': exchanges}

    def save(self):
        if not self.path:
            return None
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        tmp = self.path + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as handle:
            json.dump(self.fixture(), handle, indent=1, sort_keys=True)
            handle.write('\n')
        os.replace(tmp, self.path)
        return self.path


def _split(path):
    """'/api/v2/usergroups/ID/members' -> (2, ['usergroups', 'ID', 'members'])."""
    if path.startswith('/api/v2/'):
        return 2, [s for s in path[len('/api/v2/'):].split('/') if s]
    return 1, [s for s in path[len('/api/'):].split('/') if s]


def derive_seed(exchanges):
    """(seed, {exchange index: why it cannot be replayed}) from the answers the recording holds.

    Objects are taken as first seen, and never those the session created (their ids come back from its POSTs);
    direct members and associations come from ``/members`` and ``/associations`` reads between seeded objects.
    Exchanges on collections the seed does not cover (policies, whose templates are the simulator's own, and the
    rest) are kept but not replayed.
    """
    created = set()
    for exchange in exchanges:
        body = exchange['response']['body']
        if exchange['request']['method'] == 'POST' and isinstance(body, dict):
            created.update(str(body[k]) for k in ('_id', 'id') if body.get(k))
    seed, seen, edges, skipped = {}, set(), [], {}
    for index, exchange in enumerate(exchanges):
        request, response = exchange['request'], exchange['response']
        version, parts = _split(request['path'])
        if not parts or parts[0] not in SEEDED[version] + tuple(GRAPH_COLLECTION_TYPE):
            skipped[index] = 'the seed does not cover /%s' % (parts[0] if parts else '')
            continue
        if request['method'] != 'GET' or not 200 <= response['status'] < 300:
            continue
        body = response['body']
        if len(parts) == 3 and parts[2] in ('members', 'associations') and isinstance(body, list):
            source_type = GRAPH_COLLECTION_TYPE.get(parts[0])
            edges.extend((parts[2], source_type, parts[1], edge) for edge in body if isinstance(edge, dict))
            continue
        if parts[0] not in SEEDED[version] or len(parts) > 2:
            continue
        if len(parts) == 1:
            items = body.get('results') if version == 1 and isinstance(body, dict) else body
        else:
            items = [body]
        id_key = '_id' if version == 1 else 'id'
        for item in items if isinstance(items, list) else ():
            ident = item.get(id_key) if isinstance(item, dict) else None
            if ident and ident not in created and ident not in seen:
                seen.add(ident)
                seed.setdefault(parts[0], []).append(item)
    members, associations = [], []
    for what, source_type, source_id, edge in edges:
        target = edge.get('to') or {}
        if source_id not in seen or target.get('id') not in seen:
            continue
        if what == 'members' and source_type in GROUP_TYPES:
            members.append({'group': {'type': source_type, 'id': source_id},
                            'member': {'type': target.get('type'), 'id': target['id']}})
        elif what == 'associations':
            associations.append({'from': {'type': source_type, 'id': source_id},
                                 'to': {'type': target.get('type'), 'id': target['id']},
                                 'attributes': edge.get('attributes')})
    if members:
        seed['members'] = members
    if associations:
        seed['associations'] = associations
    return seed, skipped


# ---- shapes ----------------------------------------------------------------------

def kind_of(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, list):
        return 'array'
    return 'object'


def _merged_items(items):
    """The items of a list as one representative: objects merged key by key, else the first non-null item."""
    objects = [i for i in items if isinstance(i, dict)]
    if objects:
        merged = {}
        for obj in objects:
            for key, value in obj.items():
                if key not in merged or merged[key] is None:
                    merged[key] = value
        return merged
    return next((i for i in items if i is not None), None)


def shape_diff(recorded, simulated, mode='exact', where='body'):
    """Differences in shape between a recorded and a simulated JSON value, as readable lines."""
    rk, sk = kind_of(recorded), kind_of(simulated)
    if rk != sk:
        return ['%s: recorded %s, simulator %s' % (where, rk, sk)]
    out = []
    if rk == 'object':
        for key in recorded:
            if key not in simulated:
                out.append('%s.%s: recorded, missing from the simulator' % (where, key))
            else:
                out.extend(shape_diff(recorded[key], simulated[key], mode, '%s.%s' % (where, key)))
        if mode == 'exact':
            out.extend('%s.%s: the simulator adds it' % (where, key) for key in simulated if key not in recorded)
    elif rk == 'array' and recorded and simulated:
        out.extend(shape_diff(_merged_items(recorded), _merged_items(simulated), mode, where + '[]'))
    return out


# ---- replay ---------------------------------------------------------------------

def _map_ids(value, ids):
    if isinstance(value, str):
        for old, new in ids.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_map_ids(v, ids) for v in value]
    if isinstance(value, dict):
        return dict((k, _map_ids(v, ids)) for k, v in value.items())
    return value


def _send(base_url, api_key, method, path, query, body):
    url = base_url + path
    if query:
        url += '?' + urlencode([(name, value) for name, values in query.items() for value in values])
    data = None if body is None else json.dumps(body).encode('utf-8')
    headers = {'x-api-key': api_key, 'Accept': 'application/json'}
    if data is not None:
        headers['Content-Type'] = 'application/json'
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # nosec - the simulator's own URL
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, payload = exc.code, exc.read()
    return status, (json.loads(payload) if payload.strip() else None)


def replay(fixture, sim, ignore=()):
    """Replay ``fixture`` on the ``Simulator`` ``sim``: a list of differences (empty when it matches).

    A violation is a difference unless its kind is in ``ignore`` or it is a lenient one the fixture's ``lenient``
    patterns expect. (A live run that sends odd requests on purpose ignores ``lenient`` and ``request``: their
    statuses are compared anyway.)"""
    sim.reset()
    if fixture.get('seed'):
        sim.seed(fixture['seed'])
    mode = fixture.get('compare', 'exact')
    ids, problems = {}, []
    for number, exchange in enumerate(fixture['exchanges'], 1):
        if exchange.get('replay', True) is False:
            continue
        request, recorded = exchange['request'], exchange['response']
        label = '#%d %s %s' % (number, request['method'], request['path'])
        status, body = _send(sim.url, sim.api_key or 'replay', request['method'], _map_ids(request['path'], ids),
                             _map_ids(request.get('query') or {}, ids), _map_ids(request.get('body'), ids))
        if status != recorded['status']:
            problems.append('%s: status recorded %s, simulator %s (%s)'
                            % (label, recorded['status'], status, json.dumps(body)[:300]))
            continue
        problems.extend('%s: %s' % (label, line) for line in shape_diff(recorded.get('body'), body, mode))
        if request['method'] == 'POST' and isinstance(body, dict) and isinstance(recorded.get('body'), dict):
            for key in ('_id', 'id'):
                old, new = recorded['body'].get(key), body.get(key)
                if isinstance(old, str) and isinstance(new, str) and old and old != new:
                    ids[old] = new
    violations = sim.violations()
    expected = list(fixture.get('lenient') or [])
    for violation in violations:
        pattern = next((p for p in expected if re.search(p, violation['message'])), None)
        if violation['kind'] in ignore or (violation['kind'] == 'lenient' and pattern is not None):
            continue
        problems.append('violation %s on %s %s: %s' % (violation['kind'], violation['method'], violation['path'],
                                                       violation['message']))
    for pattern in expected:
        if not any(re.search(pattern, v['message']) for v in violations if v['kind'] == 'lenient'):
            problems.append('expected a lenient violation matching %r; none was recorded' % pattern)
    sim.clear_violations()
    return problems


# ---- the proxy --------------------------------------------------------------------

class Proxy:
    """Forwards ``/api`` requests to ``upstream`` and answers with what it returned; records every exchange."""

    def __init__(self, upstream, recorder=None, timeout=120):
        self.upstream = upstream.rstrip('/')
        self.recorder = recorder
        self.timeout = timeout

    def forward(self, method, path, query, raw_body, headers):
        """-> (status, response headers, raw body)."""
        url = self.upstream + path
        if query:
            url += '?' + urlencode([(name, value) for name, values in query.items() for value in values])
        sent = dict((name, value) for name, value in headers.items() if name in FORWARDED_HEADERS)
        request = urllib.request.Request(url, data=raw_body or None, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # nosec - the API's console URL
                status, got, payload = response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            status, got, payload = exc.code, exc.headers, exc.read()
        back = dict((name, got[name]) for name in RETURNED_HEADERS if got.get(name) is not None)
        return status, back, payload

    def record(self, method, path, query, request_body, status, payload, org_id):
        if self.recorder is None:
            return
        try:
            body = json.loads(payload) if payload and payload.strip() else None
        except ValueError:
            body = payload.decode('utf-8', 'replace')
        self.recorder.add(method, path, query, request_body, status, body, org_id)
