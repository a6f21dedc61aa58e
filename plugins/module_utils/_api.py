# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Any documented JumpCloud API operation, by method and path or by operationId (jc_api), on the shared client.

The operations are the compact index in ``_operations.py`` (generated from JumpCloud's OpenAPI documents by
scripts/operations_index.py: method, path, operationId and whether a POST only reads; nothing else of the documents).
An operation is named by its path from the host root (``/api/...``, ``/api/v2/...``, ``/insights/directory/v1/...``) and
method, by the operationId of the v1, v2 or Directory Insights document (``systemusers_list``), or by the standardized
operationId of JumpCloud's merged console document (``getApiSystemusers``), which follows from method and path.

Reads (GET, and the POSTs the documents make for searches) are sent in check mode too and change nothing; every other
request is a write and goes through the client's write gate: in check mode it is described, not sent.
"""

from __future__ import annotations

import difflib
import re
from collections import namedtuple
from urllib.parse import quote

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import READ_METHODS, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import deep_merge
from ansible_collections.jcops.jumpcloud.plugins.module_utils._operations import OPERATIONS
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report

METHODS = ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')
ROOTS = ('/api/', '/insights/directory/v1/')
PLACEHOLDER = re.compile(r'\{([^}/]+)\}')

Operation = namedtuple('Operation', 'method template op_id reads')
Request = namedtuple('Request', 'method path query body operation')


def _camel(word):
    return ''.join(part[:1].upper() + part[1:].lower() for part in re.split(r'[^A-Za-z0-9]+', word) if part)


def standardized_id(method, template):
    """The operationId JumpCloud's merged console document gives an operation: ``getApiV2UsergroupsByGroupIdMembers``."""
    name = method.lower()
    for segment in template.strip('/').split('/'):
        name += 'By' + _camel(segment[1:-1]) if segment.startswith('{') else _camel(segment)
    return name


class Index:
    """The operations of the index, by operationId (both kinds) and by the shape of their path."""

    def __init__(self, text=OPERATIONS):
        self.by_id = {}
        self.by_length = {}
        for line in text.splitlines():
            fields = line.split()
            if len(fields) < 3:
                continue
            operation = Operation(fields[0], fields[1], fields[2], fields[3:] == ['r'])
            self.by_id.setdefault(operation.op_id, []).append(operation)
            if operation.template.startswith('/api/'):
                self.by_id.setdefault(standardized_id(operation.method, operation.template), []).append(operation)
            segments = tuple(operation.template.strip('/').split('/'))
            self.by_length.setdefault(len(segments), []).append((segments, operation))
        for entries in self.by_length.values():
            entries.sort(key=lambda entry: -sum(1 for segment in entry[0] if not segment.startswith('{')))

    def operation(self, op_id):
        """The operation an operationId names; an unknown one is refused with the closest ids, and one that two documents
        use (v1 and v2 both have ``applications_get``) with the standardized ids that tell them apart."""
        found = self.by_id.get(op_id, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise JumpCloudValueError("The operationId '{0}' names {1} operations: {2}; give the path or the standardized "
                                      "operationId".format(op_id, len(found), ', '.join('{0} {1} ({2})'.format(
                                          op.method, op.template, standardized_id(op.method, op.template)) for op in found)))
        close = difflib.get_close_matches(op_id, list(self.by_id), n=3, cutoff=0.6)
        raise JumpCloudValueError("No JumpCloud API operation has the operationId '{0}'{1}".format(
            op_id, '; did you mean {0}?'.format(', '.join(close)) if close else ''))

    def match(self, method, path):
        """(the operation of ``method`` on ``path``, or None; the methods the documents declare for the path)."""
        segments = tuple(path.strip('/').split('/'))
        templates = None
        found = []
        for template_segments, operation in self.by_length.get(len(segments), ()):
            if all(want.startswith('{') or want == got for want, got in zip(template_segments, segments)):
                if templates is None:
                    templates = template_segments
                if template_segments == templates:
                    found.append(operation)
        chosen = [operation for operation in found if operation.method == method]
        return (chosen[0] if chosen else None), sorted(operation.method for operation in found)


_INDEX = []


def index():
    """The operation index, parsed once per process."""
    if not _INDEX:
        _INDEX.append(Index())
    return _INDEX[0]


def fill(template, path_params):
    """``template`` with each ``{name}`` replaced by ``path_params[name]`` (URL-quoted); missing or unused names are refused."""
    path_params = dict(path_params or {})
    names = PLACEHOLDER.findall(template)
    missing = [name for name in names if path_params.get(name) in (None, '')]
    if missing:
        raise JumpCloudValueError('The path {0} needs path_params for: {1}'.format(template, ', '.join(missing)))
    unused = sorted(set(path_params) - set(names))
    if unused:
        raise JumpCloudValueError('path_params {0} name{1} no placeholder of {2}'.format(
            ', '.join(unused), 's' if len(unused) == 1 else '', template))
    return PLACEHOLDER.sub(lambda found: quote(str(path_params[found.group(1)]), safe=''), template)


def query_value(value):
    """A query value as the API reads it: booleans as true/false, lists item by item."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return [query_value(item) for item in value]
    return value


def plan(params):
    """The one request the task asks for, checked before anything is sent."""
    method = (params.get('method') or '').upper() or None
    path_params = params.get('path_params')
    if params.get('operation_id'):
        found = index().operation(params['operation_id'])
        if method and method != found.method:
            raise JumpCloudValueError('operation_id {0} is {1} {2}, not {3}'.format(found.op_id, found.method, found.template, method))
        method, path = found.method, fill(found.template, path_params)
    else:
        method, template = method or 'GET', params['path']
        if not template.startswith(ROOTS) or '?' in template or '#' in template:
            raise JumpCloudValueError('path starts at the API root (/api/..., /api/v2/... or /insights/directory/v1/...) and '
                                      'carries no query string (use query): {0!r}'.format(template))
        path = fill(template, path_params) if (path_params or PLACEHOLDER.search(template)) else template
        found, methods = index().match(method, path)
        if found is None and params.get('validate', True):
            if methods:
                raise JumpCloudValueError('JumpCloud documents no {0} on {1}, only {2}; set validate=false to send it anyway'.format(
                    method, path, ', '.join(methods)))
            raise JumpCloudValueError('No documented JumpCloud API operation matches {0} {1}; set validate=false to send it '
                                      'anyway'.format(method, path))
    body = params.get('body')
    if params.get('secret_body') is not None:
        if body is not None and not isinstance(body, dict):
            raise JumpCloudValueError('secret_body is merged into body, which must then be a dict')
        body = deep_merge(body or {}, params['secret_body'])
    if body is not None and method in READ_METHODS:
        raise JumpCloudValueError('A {0} request takes no body'.format(method))
    if params.get('paginate') and method != 'GET':
        raise JumpCloudValueError('paginate reads the pages of a list, with method GET')
    query = dict((name, query_value(value)) for name, value in (params.get('query') or {}).items())
    return Request(method, path, query, body, found)


def describe(request):
    text = '{0} {1}'.format(request.method, request.path)
    return '{0} ({1})'.format(text, request.operation.op_id) if request.operation else text


def reads(request):
    return request.method in READ_METHODS or bool(request.operation and request.operation.reads)


def without_credentials(data, clean):
    """An answer with the secrets of the run masked wherever they appear (an API that echoes a header or the request);
    ``clean`` is the client's ``scrub``."""
    if isinstance(data, dict):
        return dict((key, without_credentials(value, clean)) for key, value in data.items())
    if isinstance(data, list):
        return [without_credentials(item, clean) for item in data]
    return clean(data) if isinstance(data, str) else data


def call(client, params):
    """Send the request (a write through the write gate), or every page of a list; the module's result."""
    request = plan(params)
    subject = describe(request)
    values = dict(method=request.method, path=request.path, operation_id=request.operation.op_id if request.operation else None)
    if params.get('paginate'):
        query = dict(request.query)
        page_size = int(query.pop('limit', 100))
        data = list(client.paginate(request.path, params=query, operation=subject, page_size=page_size))
        return dict(changed=False, msg='{0} read: {1} items'.format(subject, len(data)), json=without_credentials(data, client.scrub),
                    **values)
    if reads(request):
        data = client.request(request.method, request.path, params=request.query or None, body=request.body,
                              operation=subject, reads=True)
        return dict(changed=False, msg='{0} read'.format(subject), json=without_credentials(data, client.scrub), **values)
    sent = dict(method=request.method, path=request.path, query=request.query, body=request.body)
    data = client.write(request.method, request.path, body=request.body, params=request.query or None, operation=subject)
    msg = outcome(subject, 'sent', changed=True, check_mode=client.check_mode)
    return report(True, msg, {}, sent, json=without_credentials(data, client.scrub), request=sent, **values)
