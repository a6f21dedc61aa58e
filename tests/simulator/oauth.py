"""Service accounts: the OAuth 2.0 token endpoint (client credentials) and the bearer tokens it issues.

``POST /oauth2/token`` takes the client id and secret in HTTP Basic authentication and the form body
``grant_type=client_credentials&scope=api`` (api-quirks 50), and answers ``{access_token, token_type: Bearer,
expires_in, scope}``. Errors have the OAuth 2.0 shape ``{error, error_description}`` (api-quirks 43): 401
``invalid_client`` for unknown credentials, 400 ``unsupported_grant_type`` / ``invalid_request`` / ``invalid_scope``.

A token is accepted as ``Authorization: Bearer <token>`` on every API route until it expires (``token_ttl``
seconds, default 3600) or is revoked (``DELETE /_sim/tokens``); then the API answers 401.

Without configured clients, any non-empty client id and secret get a token (like ``--api-key`` absent); with
``oauth_clients`` ({client id: secret}, through ``POST /_sim/config``), only those do.
"""

import base64
import binascii
import threading
import time
import uuid
from urllib.parse import parse_qs

from .common import Response

TOKEN_PATH = '/oauth2/token'
DEFAULT_TTL = 3600


def _oauth_error(status, error, description):
    headers = {'WWW-Authenticate': 'Basic realm="jumpcloud"'} if status == 401 else {}
    return Response(status, {'error': error, 'error_description': description}, headers=headers)


def _basic_credentials(headers):
    value = headers.get('authorization', '')
    if not value.lower().startswith('basic '):
        return None, None
    try:
        decoded = base64.b64decode(value[len('basic '):].strip(), validate=True).decode('utf-8')
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, sep, secret = decoded.partition(':')
    return (client_id, secret) if sep else (None, None)


class TokenIssuer:
    def __init__(self):
        self.lock = threading.Lock()
        self.clients = None        # None: any non-empty id and secret; else {client id: secret}
        self.ttl = DEFAULT_TTL
        self.tokens = {}           # token -> (client id, expiry as time.time())
        self.prefix = ''           # put before every token issued (a test greps output for it)

    # ---- control -------------------------------------------------------------

    def configure(self, body):
        with self.lock:
            if 'oauth_clients' in body:
                clients = body['oauth_clients']
                self.clients = dict(clients) if isinstance(clients, dict) else None
            if 'token_ttl' in body:
                self.ttl = max(1, int(body['token_ttl']))
            if 'token_prefix' in body:
                self.prefix = str(body['token_prefix'] or '')

    def config(self):
        with self.lock:
            return {'oauth_clients': sorted(self.clients) if self.clients is not None else None, 'token_ttl': self.ttl,
                    'token_prefix': self.prefix}

    def revoke_all(self):
        with self.lock:
            self.tokens = {}

    # ---- the endpoint ----------------------------------------------------------

    def token_response(self, method, raw_body, headers):
        """-> (Response, what the request log keeps: the form without any secret)."""
        form = dict((k, v[-1]) for k, v in parse_qs((raw_body or b'').decode('utf-8', 'replace')).items())
        logged = dict((k, v) for k, v in form.items() if k in ('grant_type', 'scope'))
        if method != 'POST':
            return _oauth_error(405, 'invalid_request', 'the token endpoint takes POST'), logged
        client_id, secret = _basic_credentials(headers)
        if not client_id or not secret:
            return _oauth_error(401, 'invalid_client', 'client credentials are required in HTTP Basic authentication'), logged
        with self.lock:
            known = self.clients is None or self.clients.get(client_id) == secret
        if not known:
            return _oauth_error(401, 'invalid_client', 'client authentication failed for %s' % client_id), logged
        if form.get('grant_type') != 'client_credentials':
            return _oauth_error(400, 'unsupported_grant_type', 'grant_type must be client_credentials'), logged
        if form.get('scope', 'api') != 'api':
            return _oauth_error(400, 'invalid_scope', 'the only scope is api'), logged
        with self.lock:
            token = self.prefix + uuid.uuid4().hex + uuid.uuid4().hex
            self.tokens[token] = (client_id, time.time() + self.ttl)
            ttl = self.ttl
        return Response(200, {'access_token': token, 'token_type': 'Bearer', 'expires_in': ttl, 'scope': 'api'}), logged

    def check(self, token):
        """None when the bearer token is valid, else why not."""
        with self.lock:
            entry = self.tokens.get(token)
        if entry is None:
            return 'invalid or revoked token'
        if time.time() >= entry[1]:
            return 'token expired'
        return None

    def client_of(self, token):
        with self.lock:
            entry = self.tokens.get(token)
        return entry[0] if entry else None
