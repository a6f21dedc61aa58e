"""Small shared pieces: API errors, responses, ids, timestamps and the object-kind table."""

import datetime
import itertools
import os
import time

REASONS = {
    200: 'OK',
    201: 'Created',
    204: 'No Content',
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    412: 'Precondition Failed',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    501: 'Not Implemented',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
}


def reason(status):
    return REASONS.get(status, 'Error')


def error_body(status, message):
    """The spec's ``Error`` shape: ``{code, message, status}``."""
    return {'code': status, 'message': message, 'status': reason(status)}


class ApiError(Exception):
    """Raised by a handler to answer with an ``Error`` body."""

    def __init__(self, status, message=None, headers=None):
        super().__init__(message or reason(status))
        self.status = status
        self.message = message or reason(status)
        self.headers = headers or {}

    def response(self):
        return Response(self.status, error_body(self.status, self.message), headers=self.headers)


class NotFound(ApiError):
    def __init__(self, what='resource', ident=None):
        if ident is None:
            super().__init__(404, 'Not Found')
        else:
            super().__init__(404, '%s %s not found' % (what, ident))


class BadRequest(ApiError):
    def __init__(self, message):
        super().__init__(400, message)


class Conflict(ApiError):
    def __init__(self, message):
        super().__init__(409, message)


class Query(dict):
    """A request's query parameters (name -> [raw values]) and the leniencies met while reading them.

    A leniency is a request the documents call wrong (or leave undefined) that the live API is known to
    serve: the simulator serves it too, and the server records each one as a violation of kind ``lenient``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leniencies = []


def lenient(query, message):
    """Note a leniency on ``query`` (a no-op for a plain dict, as in direct calls from tests)."""
    notes = getattr(query, 'leniencies', None)
    if notes is not None and message not in notes:
        notes.append(message)


NO_BODY = object()


class Response:
    """A handler's answer. ``body`` is JSON-able, or NO_BODY for an empty body."""

    __slots__ = ('status', 'body', 'headers')

    def __init__(self, status, body=NO_BODY, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


_OID_RANDOM = os.urandom(5).hex()
_OID_COUNTER = itertools.count(int.from_bytes(os.urandom(3), 'big'))


def new_object_id():
    """A 24-hex Mongo ObjectId: 4 bytes of time, 5 random bytes, a 3-byte counter."""
    return '%08x%s%06x' % (int(time.time()) & 0xFFFFFFFF, _OID_RANDOM, next(_OID_COUNTER) & 0xFFFFFF)


def is_object_id(value):
    if not isinstance(value, str) or len(value) != 24:
        return False
    try:
        int(value, 16)
    except ValueError:
        return False
    return value == value.lower()


def now_iso(offset_seconds=0):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_seconds)
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (moment.microsecond // 1000)


# collection name -> (graph type, id field, API version)
KINDS = {
    'systemusers': ('user', '_id', 1),
    'systems': ('system', '_id', 1),
    'applications': ('application', '_id', 1),
    'radiusservers': ('radius_server', '_id', 1),
    'commands': ('command', '_id', 1),
    'usergroups': ('user_group', 'id', 2),
    'systemgroups': ('system_group', 'id', 2),
    'policygroups': ('policy_group', 'id', 2),
    'policies': ('policy', 'id', 2),
    'policytemplates': (None, 'id', 2),
    'policyresults': (None, 'id', 2),
    'ldapservers': ('ldap_server', 'id', 2),
    'activedirectories': ('active_directory', 'id', 2),
    'gsuites': ('g_suite', 'id', 2),
    'office365s': ('office_365', 'id', 2),
    'applemdms': (None, 'id', 2),
    'appledevices': (None, 'id', 2),
    'accessrequests': (None, 'accessId', 2),
    'approvalflowrequests': (None, 'id', 2),
    'commandresults': (None, '_id', 1),
    'systeminsights': (None, '_rowId', 2),
    'events': (None, 'id', 'di'),
    'workdays': (None, 'id', 2),
}

GRAPH_TYPE_KIND = dict((graph_type, kind) for kind, (graph_type, _id, _v) in KINDS.items() if graph_type)

# name field per collection (used by seed references and duplicate checks)
NAME_FIELD = {
    'systemusers': 'username',
    'systems': 'displayName',
    'applications': 'displayName',
}

# v2 graph path prefix -> collection
GRAPH_PATH_KIND = {
    'users': 'systemusers',
    'usergroups': 'usergroups',
    'systems': 'systems',
    'systemgroups': 'systemgroups',
    'policies': 'policies',
    'policygroups': 'policygroups',
    'applications': 'applications',
    'radiusservers': 'radiusservers',
    'ldapservers': 'ldapservers',
    'activedirectories': 'activedirectories',
    'gsuites': 'gsuites',
    'office365s': 'office365s',
    'commands': 'commands',
}

GROUP_MEMBER_TYPE = {'user_group': 'user', 'system_group': 'system', 'policy_group': 'policy'}


def id_field(kind):
    return KINDS[kind][1]


def name_field(kind):
    return NAME_FIELD.get(kind, 'name')


def public(obj):
    """Drop simulator-private keys (leading underscore, except ``_id``)."""
    return dict((k, v) for k, v in obj.items() if not k.startswith('_') or k == '_id')
