# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP transport for the JumpCloud console API (and the Directory Insights API beside it).

Only transport lives here: authentication (an API key, or a service account's OAuth token), region and base URL,
retries, pagination and typed errors. Nothing in this file imports AnsibleModule, so modules, the inventory plugin and the
roles' helpers share it.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, quote_plus, urlsplit

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import NewConnectionError
except ImportError:  # pragma: no cover - exercised by the import sanity test
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

COLLECTION_VERSION = '0.1.0'

REGIONS = {
    'us': 'https://console.jumpcloud.com',
    'eu': 'https://console.eu.jumpcloud.com',
    'in': 'https://console.in.jumpcloud.com',
}

# Directory Insights is served from another host per region (the ``servers`` of its OpenAPI document); its paths
# start with INSIGHTS_PREFIX. With ``api_url`` (a proxy, the simulator) both live under that one root.
INSIGHTS_URLS = {
    'us': 'https://api.jumpcloud.com',
    'eu': 'https://api.eu.jumpcloud.com',
    'in': 'https://api.in.jumpcloud.com',
}
INSIGHTS_PREFIX = '/insights/'

# The OAuth 2.0 token endpoint of service accounts, per region. With ``api_url`` and no ``token_url`` the token is
# asked for at TOKEN_PATH under ``api_url``: the credentials go where the API requests go, nowhere else.
TOKEN_URLS = {
    'us': 'https://admin-oauth.id.jumpcloud.com/oauth2/token',
    'eu': 'https://admin-oauth.id.eu.jumpcloud.com/oauth2/token',
    'in': 'https://admin-oauth.id.in.jumpcloud.com/oauth2/token',
}
TOKEN_PATH = '/oauth2/token'

NO_CREDENTIALS = ('No JumpCloud credentials: set api_key (or the JUMPCLOUD_API_KEY environment variable), or the client_id '
                  'and client_secret of a service account (or JUMPCLOUD_CLIENT_ID and JUMPCLOUD_CLIENT_SECRET)')

# Largest page the API serves; larger values are refused with 400.
PAGE_SIZE = 100

# Methods that may be repeated after a server error or a lost connection: the API either did the
# work once (and a repeat does it again to the same result) or did not do it at all.
IDEMPOTENT_METHODS = frozenset(('GET', 'HEAD', 'PUT', 'DELETE'))

# Statuses that say the API did not act on the request, so that any method, a POST included, may be sent again:
# 429 (rate limited) and 503 (the service could not take the request; RFC 9110 15.6.4).
NOT_PROCESSED_STATUSES = frozenset((429, 503))

# Methods that change nothing. Every other method is a write and goes through ``JumpCloudClient.write``.
READ_METHODS = frozenset(('GET', 'HEAD'))

BACKOFF_BASE = 1.0   # seconds before the first retry (before jitter)
BACKOFF_CAP = 30.0   # no single computed wait is longer than this
DEFAULT_DEADLINE = 300.0  # no request, retries included, takes longer than this

# Accepted ranges of the numeric settings (documented in the jcops.jumpcloud.jumpcloud doc fragment): a request
# cannot usefully wait longer than the deadline, and more retries than fit in the deadline are never made.
TIMEOUT_RANGE = (1, 300)
MAX_RETRIES_RANGE = (0, 20)


class JumpCloudError(Exception):
    """A failed API operation: what was attempted, the HTTP status and JumpCloud's message."""

    def __init__(self, operation, status=None, message=None, body=None):
        self.operation = operation
        self.status = status
        self.message = message or ''
        self.body = body
        super().__init__(self.__str__())

    def __str__(self):
        text = 'Failed to {0}'.format(self.operation)
        if self.status:
            text += ': HTTP {0}'.format(self.status)
        if self.message:
            text += ': {0}'.format(self.message)
        return text


class JumpCloudAuthError(JumpCloudError):
    """401/403: the key is wrong, expired, belongs to another region, or lacks the permission."""


class JumpCloudNotFound(JumpCloudError):
    """404."""


class JumpCloudConflict(JumpCloudError):
    """409: the object or edge already exists, or still has dependants."""


class JumpCloudTransportError(JumpCloudError):
    """The request never got an HTTP answer (DNS, TLS, connection refused, timeout)."""


class JumpCloudGateError(JumpCloudError):
    """A write that did not go through the write gate (``JumpCloudClient.write``): a defect, never a user error."""


class JumpCloudValueError(JumpCloudError):
    """Bad input found before any request: unknown reference, ambiguous name, illegal pair."""

    def __init__(self, message):
        super().__init__(operation=None, message=message)

    def __str__(self):
        return self.message


_ERRORS_BY_STATUS = {401: JumpCloudAuthError, 403: JumpCloudAuthError, 404: JumpCloudNotFound, 409: JumpCloudConflict}

# What to check when JumpCloud refuses the credentials (never showing them): (with an API key, with a service account).
AUTH_HINTS = {
    401: ('JumpCloud did not accept the API key; check that api_key (or JUMPCLOUD_API_KEY) is the whole key of an '
          'administrator and has not been revoked or regenerated, that region (or api_url) is the region of the '
          'organization (a key works only in its own region: us, eu or in), and that org_id, when set, is an '
          'organization this key can manage',
          "JumpCloud did not accept the service account's token, a new one included; check that client_id and "
          'client_secret belong to a service account that is still active, that region (or api_url) is the region of '
          'the organization, and that org_id, when set, is an organization the service account can manage'),
    403: ('the key was accepted but may not do this; check that the administrator of api_key has the permission and '
          'that org_id, when set, is an organization this key can manage',
          "the service account's token was accepted but may not do this; check the service account's roles and that "
          'org_id, when set, is an organization it can manage'),
}


def secret_forms(secret):
    """Every form in which ``secret`` can appear in an error text: as is, without surrounding whitespace, and
    escaped the ways Python, JSON and URLs escape it (an exception quotes ``'key\\n'``, not the key)."""
    forms = set()
    for value in (secret, secret.strip()):
        if not value:
            continue
        forms.update((value, repr(value)[1:-1], json.dumps(value)[1:-1], value.encode('unicode_escape').decode('ascii'),
                      quote(value, safe=''), quote_plus(value, safe='')))
    return sorted((form for form in forms if form), key=len, reverse=True)


def scrub_forms(secrets, forms=None):
    """Every form of every secret, the longest first (None among ``secrets`` is skipped; ``forms`` maps secrets to their
    forms already worked out)."""
    every = set()
    for secret in secrets:
        if secret:
            every.update(forms[secret] if forms and secret in forms else secret_forms(secret))
    return sorted(every, key=len, reverse=True)


def scrub(text, secrets, forms=None):
    """``text`` with every form of every secret replaced by ``********`` (see ``scrub_forms``)."""
    return replace_forms(text, scrub_forms(secrets, forms))


def replace_forms(text, forms):
    """``text`` with each of ``forms`` (longest first) replaced by ``********``."""
    if not text:
        return text
    for form in forms:
        text = text.replace(form, '********')
    return text


def secret_texts(value):
    """The texts of a secret value: a text, the numbers as written, and those inside a dict's values or a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [text for item in value for text in secret_texts(item)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    return []


def header_value(option, value):
    """The value of a header taken from ``option``, without the whitespace around it (a key read from a vault file
    or a YAML block ends in a newline); refused when what is left cannot be sent in an HTTP header. The message names
    the option and never shows the value."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        raise JumpCloudValueError('{0} is empty'.format(option))
    for index, char in enumerate(text):
        if not ' ' < char < '\x7f':
            what = 'a non-ASCII character' if ord(char) > 127 else 'a space or a control character'
            raise JumpCloudValueError('{0} holds {1} at position {2}, which cannot be sent in an HTTP header; check that '
                                      'the value was copied whole and alone (the value is not shown)'.format(option, what, index + 1))
    return text


def check_range(option, value, low, high, unit=''):
    """``value`` as an int within [low, high]; JumpCloudValueError naming the option otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise JumpCloudValueError('{0} must be a whole number from {1} to {2}{3}; got {4!r}'.format(
            option, low, high, unit, value if not isinstance(value, str) or len(value) < 40 else value[:40] + '...'))
    return value


def shown_url(url):
    """A URL as a message may show it: credentials in it replaced, long values cut."""
    try:
        parts = urlsplit(url)
        if '@' in parts.netloc:
            url = parts._replace(netloc='********@' + parts.netloc.rsplit('@', 1)[1]).geturl()
    except ValueError:
        pass
    text = repr(url)
    return text if len(text) <= 100 else text[:100] + '...'


def check_api_url(api_url, option='api_url', what='the console root URL, such as https://console.jumpcloud.com or '
                                                  'http://127.0.0.1:8900'):
    """``api_url`` without surrounding whitespace, refused unless it is an http(s) URL with a host and nothing after
    the path; the message names ``option`` and says what it should be."""
    url = str(api_url).strip()
    problem = None
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError as exc:
        problem = str(exc)
    else:
        if parts.scheme not in ('http', 'https'):
            problem = 'the scheme must be http or https'
        elif not parts.hostname or port == 0:
            problem = 'there is no host'
        elif parts.query or parts.fragment or url.endswith(('?', '#')):
            problem = 'a query string or fragment has no place in it'
        elif any(not ' ' < char < '\x7f' for char in url):
            problem = 'it holds a space, a control character or a non-ASCII character'
    if problem:
        raise JumpCloudValueError('{0} must be {1} ({2}); got {3}'.format(option, what, problem, shown_url(url)))
    return url


def base_url_for(region='us', api_url=None):
    """The console root URL (without /api): api_url wins over region."""
    if api_url:
        url = check_api_url(api_url).rstrip('/')
        for suffix in ('/api/v2', '/api'):
            if url.endswith(suffix):
                url = url[:-len(suffix)]
        return url
    return _region_url(REGIONS, region)


def _region_url(table, region):
    try:
        return table[region or 'us']
    except KeyError:
        raise JumpCloudValueError('Unknown JumpCloud region {0!r}; expected one of: {1}'.format(region, ', '.join(sorted(table))))


def insights_url_for(region='us', api_url=None):
    """The Directory Insights root URL (paths start with /insights/): api_url's root wins over the region's host."""
    return base_url_for(region, api_url) if api_url else _region_url(INSIGHTS_URLS, region)


def token_url_for(region='us', api_url=None, token_url=None):
    """The service accounts' OAuth token endpoint: token_url, else TOKEN_PATH under api_url, else the region's."""
    if token_url:
        return check_api_url(token_url, 'token_url', 'the URL of the OAuth token endpoint')
    return base_url_for(region, api_url) + TOKEN_PATH if api_url else _region_url(TOKEN_URLS, region)


def check_credentials(api_key=None, client_id=None, client_secret=None):
    """Refuse, before any request, credentials that are missing, half given, or both kinds at once (empty counts as unset)."""
    if api_key and (client_id or client_secret):
        raise JumpCloudValueError('api_key and client_id/client_secret are mutually exclusive: give an API key or a service '
                                  'account, not both (check the JUMPCLOUD_API_KEY and JUMPCLOUD_CLIENT_ID environment variables)')
    if bool(client_id) != bool(client_secret):
        raise JumpCloudValueError('A service account needs both client_id and client_secret (or JUMPCLOUD_CLIENT_ID and '
                                  'JUMPCLOUD_CLIENT_SECRET); only {0} is set'.format('client_id' if client_id else 'client_secret'))
    if not api_key and not client_id:
        raise JumpCloudValueError(NO_CREDENTIALS)


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def backoff_delay(attempt, base=BACKOFF_BASE, cap=BACKOFF_CAP, rand=random.random):
    """Exponential backoff with jitter: half the capped exponential step is fixed, half random.

    attempt 0 waits between base/2 and base, attempt n between d/2 and d where d = min(cap, base * 2**n).
    """
    step = min(cap, base * (2 ** attempt))
    return step / 2.0 + rand() * step / 2.0


def error_message(response, clean):
    """JumpCloud's own message from an error response (JSON `message` or `error`, else the text), passed through
    ``clean`` (a scrub). An answer may quote the request, secrets included: they are scrubbed before a long text is cut,
    so that no part of one is left."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ('message', 'error', 'detail'):
            if data.get(key):
                return clean(str(data[key]))
    text = clean((response.text or '').strip())
    if len(text) > 300:
        text = text[:300] + '...'
    return text or response.reason or ''


def never_sent(exc):
    """True when the request cannot have reached the API: the connection was never opened."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError) and not isinstance(exc, requests.exceptions.SSLError):
        reason = getattr(exc.args[0], 'reason', None) if exc.args else None
        return isinstance(reason, NewConnectionError)
    return False


def cannot_succeed(exc):
    """True for a request that fails the same way each time it is sent: requests refuses a header value or the URL,
    a value cannot be encoded, or the server's certificate does not verify."""
    if isinstance(exc, (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                        requests.exceptions.MissingSchema, requests.exceptions.InvalidJSONError)):
        return True
    if isinstance(exc, requests.exceptions.SSLError):
        return 'CERTIFICATE_VERIFY_FAILED' in str(exc) or 'hostname' in str(exc).lower()
    return not isinstance(exc, requests.RequestException)


def retriable(exc, method):
    """Whether a request that raised ``exc`` may be sent again: never when it cannot succeed; a read, update or
    delete after any other transport failure; a create only when it never reached the API."""
    if cannot_succeed(exc):
        return False
    return method in IDEMPOTENT_METHODS or never_sent(exc)


def transport_message(exc, method, timeout):
    """What went wrong without an HTTP answer, and for a write whether it may have been applied."""
    text = '{0}: {1}'.format(type(exc).__name__, exc)
    if isinstance(exc, requests.exceptions.SSLError) and cannot_succeed(exc):
        text += (' (the certificate of the API endpoint did not verify; behind a TLS-inspecting proxy, point '
                 'REQUESTS_CA_BUNDLE at its CA bundle, or set validate_certs=false)')
    if method in READ_METHODS:
        return text
    if never_sent(exc) or cannot_succeed(exc):
        return text + ' (nothing was sent: no change was made)'
    if isinstance(exc, requests.exceptions.ReadTimeout):
        text += ' (no answer within {0} seconds)'.format(timeout)
    return text + (': the change may already have been applied; rerun the task, which reads the current state '
                   'first and sends only what is still missing, or check JumpCloud')


class ServiceAccountToken:
    """The bearer token of a JumpCloud service account (OAuth 2.0 client credentials).

    The token is asked for once, when the first request needs it, and renewed when it is about to expire (a tenth of
    its life early, at most a minute) or when the API refuses it (``renew``, once per request). The token request goes
    to the token endpoint, not to the organization's API, and changes nothing there: it is not a write and does not go
    through the write gate. It is retried like a read (429, 5xx, lost connections). Neither the client secret nor any
    token ever appears in a message: ``secrets`` lists them for scrubbing.
    """

    EARLY = 60.0  # seconds before the stated expiry at which a token counts as expired, at most

    def __init__(self, client_id, client_secret, token_url, session, timeout=30, max_retries=5, sleep=time.sleep,
                 clock=time.monotonic, verify=True):
        self.client_id = client_id
        self.verify = verify
        self._client_secret = client_secret
        self.token_url = token_url
        self.session = session
        self.timeout = timeout
        self.max_retries = max_retries
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._token = None
        self._expires = 0.0
        self._issued = []
        self.requests = 0  # token requests sent, retries included

    def header(self):
        """(the Authorization header, the token in it), asking for a token first when there is none or it expired."""
        with self._lock:
            if self._token is None or self._clock() >= self._expires:
                self._fetch()
            return {'Authorization': 'Bearer ' + self._token}, self._token

    def renew(self, refused):
        """The API refused ``refused``: ask for a new token, unless a concurrent request already did."""
        with self._lock:
            if self._token == refused:
                self._fetch()

    def secrets(self):
        return [self._client_secret] + list(self._issued)

    def _scrub(self, text):
        return scrub(text, self.secrets())

    def _fetch(self):
        operation = "get an OAuth token for the service account '{0}'".format(self.client_id)
        attempt = 0
        while True:
            self.requests += 1
            wait = backoff_delay(attempt)
            try:
                response = self.session.request(
                    'POST', self.token_url, data={'grant_type': 'client_credentials', 'scope': 'api'},
                    auth=(self.client_id, self._client_secret), headers={'Accept': 'application/json'}, timeout=self.timeout,
                    verify=self.verify)
            except (requests.RequestException, ValueError) as exc:
                if not cannot_succeed(exc) and attempt < self.max_retries:
                    self._sleep(wait)
                    attempt += 1
                    continue
                raise JumpCloudTransportError(operation, message=self._scrub('{0}: {1}'.format(type(exc).__name__, exc)))
            status = response.status_code
            if (status == 429 or status >= 500) and attempt < self.max_retries:
                retry_after = parse_retry_after(response.headers.get('Retry-After'))
                self._sleep(wait if retry_after is None else retry_after)
                attempt += 1
                continue
            if status >= 400:
                cls = JumpCloudAuthError if status in (400, 401, 403) else JumpCloudError
                raise cls(operation, status=status, message=error_message(response, self._scrub))
            try:
                data = response.json()
            except ValueError:
                data = None
            token = data.get('access_token') if isinstance(data, dict) else None
            if not token or not isinstance(token, str):
                raise JumpCloudAuthError(operation, status=status, message='the answer holds no access_token')
            try:
                life = max(0.0, float(data.get('expires_in') or 3600))
            except (TypeError, ValueError):
                life = 3600.0
            self._token = token
            self._issued.append(token)
            self._expires = self._clock() + life - min(self.EARLY, life / 10.0)
            return


class JumpCloudClient:
    """A keep-alive session against one JumpCloud organization.

    ``get`` (and ``request`` for a read) sends one read with the retry rules below; ``write`` is the one way
    anything is changed; ``paginate`` walks a list endpoint; ``map_concurrent`` runs independent requests side by
    side on the same session.

    The write gate: ``write`` is the only way a POST/PUT/PATCH/DELETE is sent, and with ``check_mode`` it
    sends nothing: it records the change it would make and returns its ``preview``. A write offered to
    ``request`` is refused with ``JumpCloudGateError`` before anything leaves the machine, in or out of
    check mode, so a module cannot skip the gate. A POST that only reads (a search) says so with ``reads=True``.

    Retry rules:
    - 429 (rate limited) and 503 (service unavailable) are retried for every method, a POST included: both say the
      API did not act on the request. Both honour ``Retry-After`` (seconds or an HTTP date).
    - other 5xx, timeouts and lost connections are retried only for GET/PUT/DELETE, which are safe to repeat; a
      request that never reached the API (the connection could not be opened) is retried for every method. A DELETE
      whose retry is answered 404 succeeded: the object is gone (an attempt without an answer may have deleted it).
    - a request that cannot succeed as built (a header value or URL requests refuses, a certificate that does not
      verify) is never retried;
    - waits without ``Retry-After`` grow exponentially with jitter (``backoff_delay``);
    - at most ``max_retries`` retries, and never past ``deadline`` seconds from the first attempt;
    - a 429 sets a shared pause, so concurrent requests on this client wait it out together.

    Settings are checked before anything is sent: header values lose surrounding whitespace and must be visible
    ASCII, ``api_url`` must be an http(s) URL with a host, ``timeout`` and ``max_retries`` must be in
    ``TIMEOUT_RANGE`` and ``MAX_RETRIES_RANGE``. ``validate_certs`` is passed with every request, so that
    ``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE`` in the environment cannot turn verification back on. No error
    text holds a secret in any form (``scrub``): the credentials, every token, and the ``secrets`` the caller names (a
    module's ``no_log`` values: a password, a shared secret, a PIN), which an error answer may echo from the request.
    """

    def __init__(self, api_key=None, org_id=None, region='us', api_url=None, validate_certs=True, timeout=30,
                 max_retries=5, deadline=DEFAULT_DEADLINE, pool_size=10, sleep=time.sleep, session=None, check_mode=False,
                 client_id=None, client_secret=None, token_url=None, secrets=()):
        if not HAS_REQUESTS:
            raise JumpCloudValueError('The Python library requests is required')
        check_credentials(api_key, client_id, client_secret)
        # every form of these (as given, and stripped) is scrubbed from error texts; the tokens are added as issued
        self._api_key, self._client_secret = api_key, client_secret
        self._forms = {}  # the caller's secrets -> their forms
        self._scrubbed = (None, [])  # (the secrets, every form of them, longest first)
        self.add_secrets(secrets)
        api_key = header_value('api_key', api_key) if api_key else None
        org_id = header_value('org_id', org_id) if org_id else None
        client_id = header_value('client_id', client_id) if client_id else None
        client_secret = header_value('client_secret', client_secret) if client_secret else None
        self.base_url = base_url_for(region, api_url)
        self.insights_url = insights_url_for(region, api_url)
        self.timeout = check_range('timeout', timeout, *TIMEOUT_RANGE, unit=' seconds')
        self.max_retries = check_range('max_retries', max_retries, *MAX_RETRIES_RANGE)
        self.deadline = deadline
        self.verify = validate_certs
        self.check_mode = check_mode
        self.writes = []  # (method, path, operation) of every write sent, or not sent in check mode
        self._sleep = sleep
        self._pause_lock = threading.Lock()
        self._pause_until = 0.0
        self.request_count = 0
        self._count_lock = threading.Lock()
        self.session = session or requests.Session()
        if session is None:
            adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
            self.session.mount('https://', adapter)
            self.session.mount('http://', adapter)
        self.session.verify = validate_certs
        self.session.headers.update({
            'Accept': 'application/json',
            'User-Agent': 'jcops.jumpcloud/{0}'.format(COLLECTION_VERSION),
        })
        # A service account's token is sent per request (it is renewed while requests are in flight); an API key is fixed.
        self.token = None
        if client_id:
            self.token = ServiceAccountToken(client_id, client_secret, token_url_for(region, api_url, token_url), self.session,
                                             timeout=self.timeout, max_retries=self.max_retries, sleep=sleep, verify=validate_certs)
        else:
            self.session.headers['x-api-key'] = api_key
        if org_id:
            self.session.headers['x-org-id'] = org_id

    # -- one request -------------------------------------------------------------------------

    def request(self, method, path, params=None, body=None, operation=None, reads=False, with_headers=False):
        """Send one read; return the decoded JSON (None for an empty body), or with ``with_headers`` the decoded JSON
        and the response headers (Directory Insights pages through headers).

        ``path`` starts at the console root (``/api/systemusers``, ``/api/v2/usergroups``).
        ``operation`` names what is attempted ("read user 'jdoe'") for error messages; query strings
        are never part of a message (filters carry names and e-mail addresses). A method other than GET/HEAD
        is refused unless ``reads`` says the request changes nothing (a search sent as a POST): every write
        goes through ``write``, the one place check mode is decided.
        """
        method = method.upper()
        operation = operation or '{0} {1}'.format(method, path)
        if method not in READ_METHODS and not reads:
            raise JumpCloudGateError(operation, message='a {0} request bypassed the write gate (JumpCloudClient.write); '
                                                        'nothing was sent'.format(method))
        return self._send(method, path, params, body, operation, with_headers)

    def url(self, path):
        """The URL of a path: Directory Insights paths on its host, every other path on the console's."""
        return (self.insights_url if path.startswith(INSIGHTS_PREFIX) else self.base_url) + path

    def _send(self, method, path, params, body, operation, with_headers=False):
        """The transport: one operation with the retry rules of the class.

        With a service account, a 401 is answered once per operation by asking for a new token and sending again (the
        token may have been revoked or have expired early); that repeat is not one of the ``max_retries``.
        """
        url = self.url(path)
        kwargs = {'params': params, 'timeout': self.timeout, 'verify': self.verify}
        if body is not None:
            kwargs['json'] = body
        started = time.monotonic()
        attempt = 0
        token = renewed = None
        while True:
            self._wait_for_pause()
            if self.token is not None:
                kwargs['headers'], token = self.token.header()
            with self._count_lock:
                self.request_count += 1
            try:
                response = self.session.request(method, url, **kwargs)
            except (requests.RequestException, ValueError) as exc:  # a ValueError: a value requests cannot encode
                wait = backoff_delay(attempt)
                if retriable(exc, method) and self._may_retry(attempt, started, wait):
                    self._sleep(wait)
                    attempt += 1
                    continue
                raise JumpCloudTransportError(operation, message=self.scrub(transport_message(exc, method, self.timeout)))
            status = response.status_code
            if status == 401 and token is not None and not renewed:
                self.token.renew(token)
                renewed = True
                continue
            if status in NOT_PROCESSED_STATUSES or (status >= 500 and method in IDEMPOTENT_METHODS):
                retry_after = parse_retry_after(response.headers.get('Retry-After')) if status in NOT_PROCESSED_STATUSES else None
                wait = backoff_delay(attempt) if retry_after is None else retry_after
                if self._may_retry(attempt, started, wait):
                    if status == 429:
                        self._pause(wait)
                    else:
                        self._sleep(wait)
                    attempt += 1
                    continue
            if status == 404 and method == 'DELETE' and attempt > 0:
                # an earlier attempt went unanswered or failed: the API may have deleted the object then; gone is done
                return (None, response.headers) if with_headers else None
            if status >= 400:
                cls = _ERRORS_BY_STATUS.get(status, JumpCloudError)
                message = error_message(response, self.scrub)
                if status in NOT_PROCESSED_STATUSES:
                    message = (message + ' ' if message else '') + '({0}; gave up after {1} retries)'.format(
                        'rate limited' if status == 429 else 'service unavailable', attempt)
                if status in AUTH_HINTS:
                    message = (message + ': ' if message else '') + AUTH_HINTS[status][self.token is not None]
                raise cls(operation, status=status, message=message, body=self._decode(response))
            return (self._decode(response), response.headers) if with_headers else self._decode(response)

    def _may_retry(self, attempt, started, wait):
        return attempt < self.max_retries and (time.monotonic() - started + wait) <= self.deadline

    def _pause(self, seconds):
        with self._pause_lock:
            self._pause_until = max(self._pause_until, time.monotonic() + seconds)
        self._wait_for_pause()

    def _wait_for_pause(self):
        remaining = self._pause_until - time.monotonic()
        if remaining > 0:
            self._sleep(remaining)

    def add_secrets(self, values):
        """Scrub the texts of ``values`` (``secret_texts``) from every error text too: the secrets a request may carry,
        which an error answer may quote. Their forms are worked out once."""
        for text in secret_texts(values):
            if text and text not in self._forms:
                self._forms[text] = secret_forms(text)

    def scrub(self, text):
        """``text`` without any form of the API key, the client secret, any token of this run or the caller's secrets."""
        secrets = self.secrets()
        scrubbed = self._scrubbed
        if scrubbed[0] != secrets:  # a token was issued or a secret added since
            scrubbed = self._scrubbed = (secrets, scrub_forms(secrets, self._forms))
        return replace_forms(text, scrubbed[1])

    def secrets(self):
        """The secrets of this run, as given: the API key, or the client secret and every token issued; and the caller's."""
        return [self._api_key, self._client_secret] + (self.token.secrets() if self.token else []) + list(self._forms)

    @staticmethod
    def _decode(response):
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return response.text

    def get(self, path, params=None, operation=None):
        return self.request('GET', path, params=params, operation=operation)

    def write(self, method, path, body=None, params=None, operation=None, preview=None):
        """The write gate: send one POST/PUT/PATCH/DELETE, or in check mode send nothing.

        Every change a module makes goes through here. The write is recorded in ``writes`` either way; in
        check mode ``preview`` (what the caller expects the API to answer) is returned in place of the answer.
        """
        method = method.upper()
        operation = operation or '{0} {1}'.format(method, path)
        if method in READ_METHODS:
            raise JumpCloudGateError(operation, message='write() is for POST, PUT, PATCH and DELETE, not {0}'.format(method))
        with self._count_lock:
            self.writes.append((method, path, operation))
        if self.check_mode:
            return preview
        return self._send(method, path, params, body, operation)

    # -- lists ---------------------------------------------------------------------------------

    def paginate(self, path, params=None, operation=None, page_size=PAGE_SIZE, skip=0, search=None):
        """Yield every item of a list endpoint, one request per page of ``page_size`` (``limit`` + ``skip``).

        With ``search`` (a body), the list is a search sent as a POST that reads (v1 ``/search/*``).

        Stop rule:
        - v1 lists answer ``{totalCount, results}``: stop once ``skip`` reaches ``totalCount``, or on an
          empty page (a total that shrank while paging);
        - v2 lists answer a bare array with no total: stop on a page shorter than ``limit`` (an empty page
          included). A list whose size is an exact multiple of the page size costs one empty page.
        ``skip`` starts the walk further in (the items before it were read already).
        """
        while True:
            items, total = self.page(path, params=params, operation=operation, skip=skip, limit=page_size, search=search)
            yield from items
            skip += len(items)
            if not items:
                return
            if total is not None:
                if skip >= total:
                    return
            elif len(items) < page_size:
                return

    def page(self, path, params=None, operation=None, skip=0, limit=PAGE_SIZE, search=None):
        """One page of a list endpoint: (items, ``totalCount`` for a v1 list or None for a v2 list). Every list read
        goes through here: ``params`` are the list's own (sort, filter, fields); ``limit`` and ``skip`` are added. With
        ``search`` (a body), the list is a search sent as a POST that reads (v1 ``/search/*``)."""
        query = dict(params or {})
        query.update(limit=limit, skip=skip)
        if search is None:
            data = self.get(path, params=query, operation=operation)
        else:
            data = self.request('POST', path, params=query, body=search, operation=operation, reads=True)
        return self._page(data, path, operation)

    @staticmethod
    def _page(data, path, operation):
        """(items, totalCount or None) of one list answer."""
        if isinstance(data, dict) and 'results' in data:
            return data.get('results') or [], data.get('totalCount')
        if isinstance(data, list):
            return data, None
        raise JumpCloudError(operation or 'list {0}'.format(path), message='unexpected list response: {0!r}'.format(data)[:300])

    def list(self, path, params=None, operation=None, workers=1, skip=0):
        """Every item of a list endpoint (from ``skip`` on), one request per page of 100.

        With ``workers`` > 1 a v1 list's pages after the first are read concurrently (at most ``workers`` in
        flight): the first page's ``totalCount`` says which pages there are, so the requests are the ones
        ``paginate`` sends, with less waiting. A total that grew meanwhile is read on to its end one page after
        the other; one that shrank leaves short or empty pages. v2 lists carry no total: their pages are read
        one after the other.
        """
        if workers <= 1:
            return list(self.paginate(path, params=params, operation=operation, skip=skip))

        def read(page_skip):
            return self.page(path, params=params, operation=operation, skip=page_skip)

        items, total = read(skip)
        if total is None:
            if len(items) < PAGE_SIZE:
                return items
            return items + list(self.paginate(path, params=params, operation=operation, skip=skip + len(items)))
        if not items or skip + len(items) >= total:
            return items
        totals = [total]
        for page_items, page_total in self.map_concurrent(read, range(skip + len(items), total, PAGE_SIZE), workers=workers):
            items.extend(page_items)
            totals.append(page_total or 0)
        if total <= skip + len(items) < max(totals):
            items.extend(self.paginate(path, params=params, operation=operation, skip=skip + len(items)))
        return items

    def map_concurrent(self, func, items, workers=8):
        """Apply ``func`` to every item with at most ``workers`` requests in flight; results keep order."""
        items = list(items)
        if workers <= 1 or len(items) <= 1:
            return [func(item) for item in items]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(func, items))

    def close(self):
        self.session.close()
