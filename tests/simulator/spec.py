"""The official OpenAPI documents: loading, request -> operation matching, validation.

The documents are read from the spec directory at run time (never copied into the repository).
Parsing v2.yaml takes seconds even with the C loader, so the parsed documents are cached as a
pickle keyed by the file's sha256 under ``${XDG_CACHE_HOME:-~/.cache}/jcops-simulator/``.

Validation uses jsonschema (Draft 2020-12). ``$ref``s inside a schema point into the same
document; each document is registered once in a ``referencing`` registry as ``urn:jcops:v1`` or
``urn:jcops:v2`` and schemas are rebased onto that URI. Validators are compiled lazily, once per
(operation, what) and cached.
"""

import copy
import hashlib
import json
import os
import pickle
import re
import tempfile

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .common import lenient

# JumpCloud's OpenAPI documents, next to the repository (``../shared/jumpcloud-openapi``). The simulator validates every
# request and answer against them when they are there, and serves unvalidated without them.
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SPEC_DIR = os.path.join(os.path.dirname(REPO_ROOT), 'shared', 'jumpcloud-openapi')


def documents_found(spec_dir=None):
    """True when the documents the simulator validates against are there."""
    return os.path.isdir(spec_dir or DEFAULT_SPEC_DIR)


METHODS = ('get', 'put', 'post', 'delete', 'patch')

# version key -> document. 1 and 2 are the console API (/api, /api/v2); 'di' is Directory Insights
# (/insights/directory/v1 on its own host in production, on the simulator's).
DOCUMENTS = {1: 'v1.yaml', 2: 'v2.yaml', 'di': 'directory-insights-v1.yaml'}
LABELS = {1: 'v1', 2: 'v2', 'di': 'Directory Insights'}

ERROR_SCHEMA = {
    'type': 'object',
    'required': ['code', 'message', 'status'],
    'properties': {
        'code': {'type': 'integer'},
        'message': {'type': 'string'},
        'status': {'type': 'string'},
    },
}

ITEM_CACHE_SIZE = 20000

# v1 documents several filters as filter[0]=..&filter[1]=.. (AND) and filter[or][0]=.. (OR)
INDEXED_FILTER = re.compile(r'^filter\[(?:or\]\[)?\d+\]$')

# Where the documents are wrong about what the live API accepts (see README, "Spec overrides").
# operationId -> function(schema) -> schema, applied to the request body schema.


def _activate_email(schema):
    schema = copy.deepcopy(schema)
    schema['properties']['email'] = {'type': ['boolean', 'string', 'object', 'null']}
    return schema


def _merge_put(schema):
    """A v1 PUT that merges: keep the property types, drop ``required`` (api-quirks 27, 31)."""
    schema = copy.deepcopy(schema)
    schema.pop('required', None)
    return schema


def _event_query(schema):
    """Directory Insights: the document types each ``search_term`` conjunction as an object and ``search_after`` as a
    list of objects, while the examples in its own description (and every client) send a list of terms and the two
    values of the ``X-Search_after`` header (a number and a string): both forms are accepted."""
    schema = copy.deepcopy(schema)
    conjunction = {'type': ['array', 'object'], 'items': {'type': 'object'}}
    for part in schema.get('allOf', []):
        properties = part.get('properties', {})
        if 'search_term' in properties:
            properties['search_term'] = {'type': 'object', 'properties': {'and': conjunction, 'or': conjunction, 'not': conjunction}}
        if 'search_after' in properties:
            properties['search_after'] = {'type': 'array'}
    return schema


BODY_OVERRIDES = {
    'systemusers_state_activate': _activate_email,
    'directoryInsights_eventsPost': _event_query,
    'radius_servers_put': _merge_put,
    'commands_put': _merge_put,
}

# Reads where clients send ``sort`` although the operation declares none (api-quirks 14: graph members and
# associations, and a command's results): accepted, ignored and recorded as a leniency.
SORT_TOLERATED = re.compile(r'^(graph_.*(AssociationsList|MembersList)|commands_getResults)$')


def cache_dir():
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'jcops-simulator')


def load_document(path):
    """Parse one YAML document, through the sha256-keyed pickle cache."""
    with open(path, 'rb') as handle:
        raw = handle.read()
    digest = hashlib.sha256(raw).hexdigest()
    cached = os.path.join(cache_dir(), '%s-%s.pickle' % (os.path.basename(path), digest))
    try:
        with open(cached, 'rb') as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
        pass
    loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
    doc = yaml.load(raw, Loader=loader)  # nosec - safe loader
    try:
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cached), suffix='.tmp')
        with os.fdopen(fd, 'wb') as handle:
            pickle.dump(doc, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
    except OSError:
        pass
    return doc


def _rebase(node, base):
    """Copy of a schema fragment whose local ``#/...`` refs point into document ``base``."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == '$ref' and isinstance(value, str) and value.startswith('#'):
                out[key] = base + value
            else:
                out[key] = _rebase(value, base)
        return out
    if isinstance(node, list):
        return [_rebase(item, base) for item in node]
    return node


def _message(error, where):
    path = ''.join('[%r]' % p if isinstance(p, int) else '.%s' % p for p in error.absolute_path)
    return '%s%s: %s' % (where, path, error.message)


class Operation:
    """One operation of one document, with its parameters, body and responses resolved."""

    def __init__(self, spec, version, method, template, path_item, op):
        self.spec = spec
        self.version = version
        self.method = method.upper()
        self.template = template
        self.op_id = op.get('operationId') or '%s %s' % (self.method, template)
        params = {}
        for param in list(path_item.get('parameters', [])) + list(op.get('parameters', [])):
            param = spec.deref(param)
            params[(param.get('in'), param.get('name'))] = param
        self.query = dict((name, p) for (where, name), p in params.items() if where == 'query')
        self.path_params = dict((name, p) for (where, name), p in params.items() if where == 'path')
        self.body_schema = None
        self.body_required = False
        body = op.get('requestBody')
        if body is not None:
            body = spec.deref(body)
            self.body_required = bool(body.get('required'))
            content = body.get('content', {})
            media = content.get('application/json') or next(iter(content.values()), {})
            self.body_schema = media.get('schema', {})
            override = BODY_OVERRIDES.get(self.op_id)
            if override is not None:
                self.body_schema = override(spec.deref(self.body_schema))
        self.responses = {}
        for status, response in op.get('responses', {}).items():
            response = spec.deref(response)
            content = response.get('content') or {}
            schema = None
            if content:
                media = content.get('application/json') or next(iter(content.values()), {})
                schema = media.get('schema')
            self.responses[str(status)] = schema
        self.tolerate_sort = bool(SORT_TOLERATED.match(self.op_id))
        self._validators = {}

    def __repr__(self):
        return '<Operation %s %s (%s)>' % (self.method, self.template, self.op_id)

    def validator(self, key, schema):
        validator = self._validators.get(key)
        if validator is None:
            validator = self.spec.compile(schema)
            self._validators[key] = validator
        return validator

    # ---- requests -------------------------------------------------------

    def check_query(self, query):
        """``query``: name -> [raw values]. Returns an error message or None."""
        for name, values in query.items():
            pname = name
            if pname not in self.query and INDEXED_FILTER.match(name) and 'filter' in self.query:
                pname = 'filter'
            param = self.query.get(pname)
            if param is None:
                if name == 'sort' and self.tolerate_sort:
                    lenient(query, 'sort "%s" on %s, which declares no sort parameter, accepted and ignored'
                            % (','.join(values), self.op_id))
                    continue
                return 'unknown query parameter "%s"' % name
            schema = param.get('schema') or {}
            value, problem = _coerce(values, schema)
            if problem:
                return 'invalid query parameter "%s": %s' % (name, problem)
            problem = _first_error(self.validator(('query', pname), schema), value, 'query parameter "%s"' % name)
            if problem:
                return problem
        for name, param in self.query.items():
            if param.get('required') and name not in query:
                return 'missing required query parameter "%s"' % name
        return None

    def check_body(self, body, present):
        if self.body_schema is None:
            if present and body not in ({}, None):
                return 'this operation takes no request body'
            return None
        if not present:
            if self.body_required:
                return 'a request body is required'
            return None
        return _first_error(self.validator(('body',), self.body_schema), body, 'request body')

    # ---- responses ------------------------------------------------------

    def check_response(self, status, body, has_body):
        """Returns an error message or None."""
        key = str(status)
        if key in self.responses:
            declared, schema = True, self.responses[key]
        elif '%dXX' % (status // 100) in self.responses:
            declared, schema = True, self.responses['%dXX' % (status // 100)]
        elif 'default' in self.responses:
            declared, schema = True, self.responses['default']
        else:
            declared, schema = False, None
        if status >= 400:
            if schema is None:
                schema = ERROR_SCHEMA
                key = 'error'
            validator = self.validator(('response', key), schema)
            if not has_body:
                return 'error status %d without a body' % status
        else:
            if not declared:
                return 'status %d is not declared by %s' % (status, self.op_id)
            if schema is None:
                if has_body:
                    return 'status %d declares no body but one was sent' % status
                return None
            if not has_body:
                return 'status %d declares a body but none was sent' % status
            validator = self.validator(('response', key), schema)
            shape = self._list_shape(key, schema)
            if shape is not None:
                return self._check_list(validator, shape, body)
        return _first_error(validator, body, 'response body')

    def _list_shape(self, key, schema):
        """(list key or None, item validator, item cache) when the schema is a list of items: a v2 bare array
        or a v1 ``{totalCount, results: [...]}`` envelope. Items are validated one by one and the valid ones
        remembered by content, so re-reading unchanged objects costs a hash, not a schema walk."""
        cache_key = ('list-shape', key)
        if cache_key in self._validators:
            return self._validators[cache_key]
        shape = None
        resolved = self.spec.deref(schema)
        if isinstance(resolved, dict):
            if resolved.get('type') == 'array' and isinstance(resolved.get('items'), dict):
                shape = (None, self.validator(('item', key), resolved['items']), {})
            else:
                results = self.spec.deref((resolved.get('properties') or {}).get('results'))
                if isinstance(results, dict) and results.get('type') == 'array' and isinstance(results.get('items'),
                                                                                               dict):
                    shape = ('results', self.validator(('item', key), results['items']), {})
        self._validators[cache_key] = shape
        return shape

    @staticmethod
    def _check_list(validator, shape, body):
        list_key, item_validator, cache = shape
        if list_key is None and isinstance(body, list):
            items, envelope, where = body, [], 'response body'
        elif list_key is not None and isinstance(body, dict) and isinstance(body.get(list_key), list):
            items, envelope, where = body[list_key], dict(body), 'response body.%s' % list_key
            envelope[list_key] = []
        else:
            return _first_error(validator, body, 'response body')
        problem = _first_error(validator, envelope, 'response body')
        if problem:
            return problem
        for index, item in enumerate(items):
            digest = hashlib.blake2b(json.dumps(item, sort_keys=True, separators=(',', ':'), default=str)
                                     .encode('utf-8'), digest_size=16).digest()
            if digest in cache:
                continue
            problem = _first_error(item_validator, item, '%s[%d]' % (where, index))
            if problem:
                return problem
            if len(cache) >= ITEM_CACHE_SIZE:
                cache.clear()
            cache[digest] = True
        return None


def _first_error(validator, instance, where):
    if validator.is_valid(instance):
        return None
    return _message(best_match(validator.iter_errors(instance)), where)


def _coerce(values, schema):
    """Coerce raw query strings to the declared type. Returns (value, problem)."""
    types = schema.get('type')
    if isinstance(types, list):
        types = next((t for t in types if t != 'null'), None)
    if types == 'array':
        item_schema = schema.get('items') or {}
        items = []
        for raw in values:
            # style=form, explode=false (comma-joined) and repeated parameters are both accepted
            items.extend(part for part in raw.split(',') if part != '')
        out = []
        for item in items:
            value, problem = _coerce_scalar(item, item_schema.get('type'))
            if problem:
                return None, problem
            out.append(value)
        return out, None
    if len(values) > 1 and types not in (None, 'string'):
        return None, 'given %d times' % len(values)
    value, problem = _coerce_scalar(values[-1], types)
    return value, problem


def _coerce_scalar(raw, typ):
    if isinstance(typ, list):
        typ = next((t for t in typ if t != 'null'), None)
    if typ == 'integer':
        try:
            return int(raw), None
        except ValueError:
            return None, '%r is not an integer' % raw
    if typ == 'number':
        try:
            return float(raw), None
        except ValueError:
            return None, '%r is not a number' % raw
    if typ == 'boolean':
        if raw.lower() in ('true', '1'):
            return True, None
        if raw.lower() in ('false', '0'):
            return False, None
        return None, '%r is not a boolean' % raw
    return raw, None


class Spec:
    """One OpenAPI document (v1 or v2) with its path table."""

    def __init__(self, version, doc):
        self.version = version
        self.doc = doc
        self.base = 'urn:jcops:%s' % LABELS[version].replace(' ', '-')
        self.registry = Registry().with_resource(
            self.base, Resource.from_contents(doc, default_specification=DRAFT202012))
        self.operations = {}
        # segment count -> [(segments, template)], literal-rich templates first
        self._table = {}
        for template, path_item in doc.get('paths', {}).items():
            if not any(m in path_item for m in METHODS):
                continue
            segments = tuple(s for s in template.strip('/').split('/') if s)
            self._table.setdefault(len(segments), []).append((segments, template))
            for method in METHODS:
                if method in path_item:
                    self.operations[(method.upper(), template)] = Operation(
                        self, version, method, template, path_item, path_item[method])
        for entries in self._table.values():
            entries.sort(key=lambda e: -sum(1 for s in e[0] if not s.startswith('{')))

    def deref(self, node):
        seen = 0
        while isinstance(node, dict) and '$ref' in node and seen < 20:
            node = self.pointer(node['$ref'])
            seen += 1
        return node

    def pointer(self, ref):
        target = self.doc
        for part in ref.lstrip('#').strip('/').split('/'):
            target = target[part.replace('~1', '/').replace('~0', '~')]
        return target

    def compile(self, schema):
        return Draft202012Validator(_rebase(schema, self.base), registry=self.registry)

    def match(self, method, rel_path):
        """-> (operation or None, template or None, path params). Template without the method = 405."""
        segments = tuple(s for s in rel_path.strip('/').split('/') if s)
        for template_segments, template in self._table.get(len(segments), ()):
            params = {}
            for want, got in zip(template_segments, segments):
                if want.startswith('{'):
                    params[want[1:-1]] = got
                elif want != got:
                    break
            else:
                return self.operations.get((method, template)), template, params
        return None, None, {}

    def has_template(self, method, template):
        return (method, template) in self.operations


class SpecSet:
    """Both documents; ``None`` entries when the spec directory is missing."""

    def __init__(self, spec_dir):
        self.spec_dir = spec_dir
        self.specs = {}
        for version, name in DOCUMENTS.items():
            self.specs[version] = Spec(version, load_document(os.path.join(spec_dir, name)))

    def get(self, version):
        return self.specs.get(version)
