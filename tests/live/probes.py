"""Probes for the questions tests/simulator/README.md lists under "To confirm on a live organization".

Each probe sends a few raw requests (through the recording proxy) and returns what it observed, in words. Read
probes change nothing; write probes work only on the objects the write round trip created (names with its unique
prefix) and undo what they do. ``NOT_PROBED`` says why the remaining questions cannot be answered by a run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import requests

README = Path(__file__).resolve().parents[1] / 'simulator' / 'README.md'

WRITE = os.environ.get('JUMPCLOUD_LIVE_WRITE') == '1'
OBSERVATIONS = {}  # README item (or report line) -> what the run observed, printed at the end
READ_PROBES = {}
WRITE_PROBES = {}
NOT_PROBED = {
    'commands-put-merges': 'not observed: the write round trip creates no command',
    'sudo-short-form': 'not observed: it would bind a test user to a real device',
    'service-account-scope': 'not observed: needs a service account without the scope (an API key was used)',
    'policy-value-by-field-name': 'not observed: the write round trip sets no policy value',
}


def readme_items():
    """[(id, question)] of the README's "To confirm on a live organization" list, in order."""
    text = README.read_text(encoding='utf-8')
    section = text.split('## To confirm on a live organization', 1)[1].split('\n## ', 1)[0]
    return re.findall(r'^\* `([a-z0-9-]+)`: (.*)$', section, re.M)


def probe(table, item):
    def register(func):
        table[item] = func
        return func
    return register


class Api:
    """Raw requests to the API (the proxy) with the run's credentials."""

    def __init__(self, url, api_key, org_id=None):
        self.url = url.rstrip('/') + '/api'
        self.org_id = org_id
        self.session = requests.Session()
        self.session.headers.update({'x-api-key': api_key, 'Accept': 'application/json'})
        if org_id:
            self.session.headers['x-org-id'] = org_id

    def call(self, method, path, headers=None, **kwargs):
        return self.session.request(method, self.url + path, headers=headers, timeout=60, **kwargs)

    def get(self, path, **params):
        return self.call('GET', path, params=params)

    def first(self, path, **params):
        """The first item of a v1 or v2 list, or None."""
        response = self.get(path, limit=1, **params)
        response.raise_for_status()
        body = response.json()
        items = body.get('results') if isinstance(body, dict) else body
        return items[0] if items else None


def said(response):
    """'<status> <message>' of an answer."""
    try:
        body = response.json()
    except ValueError:
        body = response.text[:200]
    if isinstance(body, dict) and ('message' in body or 'error' in body):
        body = body.get('message') or body.get('error')
    elif not isinstance(body, str):
        body = ''
    return ('%d %s' % (response.status_code, body)).strip()


# ---- read probes -------------------------------------------------------------------

@probe(READ_PROBES, 'bare-v1-operator')
def bare_operator(api):
    user = api.first('/systemusers', sort='_id')
    if user is None:
        return 'not observed: the organization has no user'
    bare = api.get('/systemusers', filter='username:eq:' + user['username'], limit=10)
    documented = api.get('/systemusers', filter='username:$eq:' + user['username'], limit=10)
    if bare.status_code != 200:
        return 'refused: ' + said(bare)
    same = [u['_id'] for u in bare.json()['results']] == [u['_id'] for u in documented.json()['results']]
    return '200, %d result(s), %s the $eq answer' % (bare.json()['totalCount'], 'the same as' if same else 'NOT')


@probe(READ_PROBES, 'v1-comma-fields')
def comma_fields(api):
    response = api.get('/systemusers', fields='username,email', limit=1)
    if response.status_code != 200:
        return said(response)
    results = response.json()['results']
    return '200, keys %s' % (sorted(results[0]) if results else 'unknown (no user)')


@probe(READ_PROBES, 'graph-sort')
def graph_sort(api):
    group = api.first('/v2/usergroups')
    if group is None:
        return 'not observed: the organization has no user group'
    members = api.get('/v2/usergroups/%s/members' % group['id'], sort='id', limit=10)
    associations = api.get('/v2/usergroups/%s/associations' % group['id'], sort='id', targets='system', limit=10)
    seen = 'members: %s; associations: %s' % (said(members), said(associations))
    command = api.first('/commands')
    if command is not None:
        seen += '; command results: %s' % said(api.get('/commands/%s/results' % command['_id'], sort='_id', limit=10))
    return seen


@probe(READ_PROBES, 'policy-sort-name')
def policy_sort(api):
    return 'policies: %s; policytemplates: %s' % (said(api.get('/v2/policies', sort='name', limit=1)),
                                                  said(api.get('/v2/policytemplates', sort='name', limit=1)))


@probe(READ_PROBES, 'limit-over-100')
def limit_over_100(api):
    return 'v1: %s; v2: %s' % (said(api.get('/systemusers', limit=101)), said(api.get('/v2/usergroups', limit=101)))


@probe(READ_PROBES, 'default-limit')
def default_limit(api):
    body = api.get('/systemusers').json()
    return '%d of %d users' % (len(body['results']), body['totalCount'])


@probe(READ_PROBES, 'unknown-query-parameter')
def unknown_parameter(api):
    return 'v1: %s; v2: %s' % (said(api.get('/systemusers', limit=1, colour='red')),
                               said(api.get('/v2/usergroups', limit=1, colour='red')))


@probe(READ_PROBES, 'radius-secret-on-get')
def radius_secret(api):
    server = api.first('/radiusservers')
    if server is None:
        return 'not observed: the organization has no RADIUS server (the write run creates one)'
    one = api.get('/radiusservers/%s' % server['_id'])
    listed = 'RETURNED' if 'sharedSecret' in server else 'absent'
    got = 'RETURNED' if 'sharedSecret' in one.json() else 'absent'
    return 'list: %s; get (%d): %s' % (listed, one.status_code, got)


@probe(READ_PROBES, 'x-org-id')
def org_id(api):
    if api.org_id:
        missing = api.call('GET', '/systemusers', params={'limit': 1}, headers={'x-org-id': None})
        return 'multi-tenant key without x-org-id: %s' % said(missing)
    other = api.call('GET', '/systemusers', params={'limit': 1}, headers={'x-org-id': '0' * 24})
    return 'single-tenant key with a foreign x-org-id: %s' % said(other)


@probe(READ_PROBES, 'v2-error-body')
def v2_error_body(api):
    response = api.get('/v2/usergroups', sort='id', limit=1)
    try:
        keys = sorted(response.json())
    except ValueError:
        keys = 'not JSON'
    return '%s, body keys %s' % (said(response), keys)


# ---- write probes (on the round trip's objects) --------------------------------------

def _created(api, response, path):
    """Delete what a duplicate create made after all; returns the status text."""
    if 200 <= response.status_code < 300 and isinstance(response.json(), dict):
        body = response.json()
        api.call('DELETE', '%s/%s' % (path, body.get('id') or body.get('_id')))
        return said(response) + ' (CREATED a duplicate, deleted again)'
    return said(response)


@probe(WRITE_PROBES, 'duplicate-group-name')
def duplicate_group(api, made):
    return _created(api, api.call('POST', '/v2/usergroups', json={'name': made['group_name']}), '/v2/usergroups')


@probe(WRITE_PROBES, 'duplicate-radius-name')
def duplicate_radius(api, made):
    body = {'name': made['radius_name'], 'networkSourceIp': '192.0.2.11', 'sharedSecret': made['secret']}
    return _created(api, api.call('POST', '/radiusservers', json=body), '/radiusservers')


@probe(WRITE_PROBES, 'duplicate-policy-name')
def duplicate_policy(api, made):
    policy = api.get('/v2/policies/%s' % made['policy_id']).json()
    body = {'name': policy['name'], 'template': {'id': policy['template']['id']},
            'values': [dict((k, v) for k, v in value.items() if k in ('configFieldID', 'value'))
                       for value in policy.get('values') or [] if 'value' in value]}
    return _created(api, api.call('POST', '/v2/policies', json=body), '/v2/policies')


@probe(WRITE_PROBES, 'duplicate-member-add')
def duplicate_member(api, made):
    path = '/v2/usergroups/%s/members' % made['group_id']
    return said(api.call('POST', path, json={'op': 'add', 'type': 'user', 'id': made['user_id']}))


@probe(WRITE_PROBES, 'missing-member-remove')
def missing_member(api, made):
    path = '/v2/usergroups/%s/members' % made['group_id']
    edge = {'type': 'user', 'id': made['user_id']}
    first = api.call('POST', path, json=dict(edge, op='remove'))
    second = api.call('POST', path, json=dict(edge, op='remove'))
    api.call('POST', path, json=dict(edge, op='add'))
    return 'remove: %s; remove again: %s' % (said(first), said(second))


@probe(WRITE_PROBES, 'v1-put-merges')
def put_merges(api, made):
    path = '/radiusservers/%s' % made['radius_id']
    before = api.get(path).json()
    response = api.call('PUT', path, json={'sharedSecret': made['secret'] + '-rotated'})
    after = api.get(path).json()
    kept = [k for k in ('name', 'networkSourceIp', 'userLockoutAction') if before.get(k) == after.get(k)]
    return '%s; kept %s' % (said(response), kept)


def _user_state(api, made):
    return api.get('/systemusers/%s' % made['user_id']).json().get('state')


@probe(WRITE_PROBES, 'activate-lifts-suspension')
def activate(api, made):
    base = '/systemusers/%s/state' % made['user_id']
    suspend = api.call('POST', base + '/suspend')
    suspended = _user_state(api, made)
    activated = api.call('POST', base + '/activate', json={'email': False})
    return 'suspend %s -> %s; activate %s -> %s' % (said(suspend), suspended, said(activated), _user_state(api, made))


@probe(WRITE_PROBES, 'put-state')
def put_state(api, made):
    response = api.call('PUT', '/systemusers/%s' % made['user_id'], json={'state': 'SUSPENDED'})
    state = _user_state(api, made)
    api.call('POST', '/systemusers/%s/state/activate' % made['user_id'], json={'email': False})
    return 'PUT state SUSPENDED: %s -> %s' % (said(response), state)
