"""Listing helpers: paging, v1 and v2 filters, free-text search, sort and field projection."""

import re

from .common import BadRequest, Response, lenient, public

MAX_LIMIT = 100
DEFAULT_LIMIT = 10

MISSING = object()

V1_OPERATORS = ('$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$sw', '$ew', '$co', '$nco')
V2_OPERATORS = ('eq', 'ne', 'in', 'gt', 'ge', 'lt', 'le', 'search')
# v1 -> common operator name
V1_MAP = {'$eq': 'eq', '$ne': 'ne', '$in': 'in', '$nin': 'nin', '$lt': 'lt', '$lte': 'le',
          '$gt': 'gt', '$gte': 'ge', '$sw': 'sw', '$ew': 'ew', '$co': 'co', '$nco': 'nco'}
MULTI_TERM = ('in', 'nin', 'sw', 'ew', 'co', 'nco')
UNESCAPED_PIPE = re.compile(r'(?<!\\)\|')
V1_INDEXED_AND = re.compile(r'^filter\[\d+\]$')
V1_INDEXED_OR = re.compile(r'^filter\[or\]\[\d+\]$')


def first(query, name, default=None):
    values = query.get(name)
    if not values:
        return default
    return values[-1]


def _int_param(query, name, default):
    raw = first(query, name)
    if raw is None or raw == '':
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise BadRequest('request parameter "%s" must be an integer' % name) from exc


def paging(query, max_limit=MAX_LIMIT):
    limit = _int_param(query, 'limit', DEFAULT_LIMIT)
    skip = _int_param(query, 'skip', 0)
    if limit > max_limit:
        raise BadRequest('request parameter "limit" exceeds maximum value of %d' % max_limit)
    if limit < 0:
        raise BadRequest('request parameter "limit" must not be negative')
    if skip < 0:
        raise BadRequest('request parameter "skip" must not be negative')
    if limit == 0:
        limit = DEFAULT_LIMIT
    return limit, skip


def page(items, query, max_limit=MAX_LIMIT):
    limit, skip = paging(query, max_limit)
    return items[skip:skip + limit]


# ---- values -------------------------------------------------------------

def get_path(obj, dotted):
    current = obj
    for part in dotted.split('.'):
        if isinstance(current, dict):
            if part not in current:
                return MISSING
            current = current[part]
        elif isinstance(current, list):
            found = [item[part] for item in current if isinstance(item, dict) and part in item]
            if not found:
                return MISSING
            current = found
        else:
            return MISSING
    return current


def _as_string(value):
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    if value is None:
        return 'null'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return repr(value)
    return str(value)


def _scalars(value):
    if value is MISSING:
        return []
    if isinstance(value, list):
        out = []
        for item in value:
            out.extend(_scalars(item))
        return out
    return [value]


def _compare(value, term):
    """-1/0/1; numbers compare as numbers, everything else as strings."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = float(term)
        except ValueError:
            number = None
        if number is not None:
            return (value > number) - (value < number)
    text = _as_string(value)
    return (text > term) - (text < term)


class Clause:
    __slots__ = ('field', 'op', 'terms')

    def __init__(self, field, op, terms):
        self.field = field
        self.op = op
        self.terms = terms

    def matches(self, obj):
        values = _scalars(get_path(obj, self.field))
        texts = [_as_string(v) for v in values]
        op, terms = self.op, self.terms
        if op == 'eq':
            return terms[0] in texts
        if op == 'ne':
            return terms[0] not in texts
        if op == 'in':
            return any(t in terms for t in texts)
        if op == 'nin':
            return not any(t in terms for t in texts)
        if op == 'sw':
            return any(t.startswith(term) for t in texts for term in terms)
        if op == 'ew':
            return any(t.endswith(term) for t in texts for term in terms)
        if op == 'co':
            return any(term in t for t in texts for term in terms)
        if op == 'nco':
            return not any(term in t for t in texts for term in terms)
        if op == 'search':
            needle = terms[0].lower()
            return any(needle in t.lower() for t in texts)
        wanted = {'lt': (-1,), 'le': (-1, 0), 'gt': (1,), 'ge': (1, 0)}[op]
        return any(_compare(v, terms[0]) in wanted for v in values)


def _split_terms(value):
    return [t.replace('\\|', '|') for t in UNESCAPED_PIPE.split(value)]


def parse_v1_clause(expr, query=None):
    parts = expr.split(':', 2)
    if len(parts) != 3 or not parts[0]:
        raise BadRequest('invalid filter "%s": expected <field>:<operator>:<value>' % expr)
    field, op, value = parts
    if not op.startswith('$'):
        if '$' + op not in V1_OPERATORS:
            raise BadRequest('invalid filter operator "%s" in "%s": v1 operators start with "$" (for example $eq)'
                             % (op, expr))
        # The documents call the bare form undefined behaviour; the live API serves it as the $ form.
        lenient(query, 'v1 filter operator "%s" without "$" in "%s" served as "$%s"' % (op, expr, op))
        op = '$' + op
    if op not in V1_OPERATORS:
        raise BadRequest('invalid filter operator "%s" in "%s"' % (op, expr))
    op = V1_MAP[op]
    terms = _split_terms(value) if op in MULTI_TERM else [value]
    return Clause(field, op, terms)


def parse_v2_clause(expr):
    parts = expr.split(':', 2)
    if len(parts) != 3 or not parts[0]:
        raise BadRequest('invalid filter "%s": expected <field>:<operator>:<value>' % expr)
    field, op, value = parts
    if op not in V2_OPERATORS:
        raise BadRequest('invalid filter operator "%s" in "%s"' % (op, expr))
    terms = _split_terms(value) if op == 'in' else [value]
    return Clause(field, op, terms)


def v1_predicate(query):
    """AND of ``filter`` / ``filter[n]`` clauses, and the OR of ``filter[or][n]`` clauses."""
    and_clauses, or_clauses = [], []
    for name, values in query.items():
        if name == 'filter' or V1_INDEXED_AND.match(name):
            and_clauses.extend(parse_v1_clause(v, query) for v in values if v != '')
        elif V1_INDEXED_OR.match(name):
            or_clauses.extend(parse_v1_clause(v, query) for v in values if v != '')
    return _predicate(and_clauses, or_clauses)


def v2_predicate(query, rename=None):
    clauses = []
    for raw in query.get('filter', []):
        for expr in raw.split(','):
            if expr:
                clause = parse_v2_clause(expr)
                if rename and clause.field in rename:
                    clause.field = rename[clause.field]
                clauses.append(clause)
    return _predicate(clauses, [])


def _predicate(and_clauses, or_clauses):
    if not and_clauses and not or_clauses:
        return None

    def predicate(obj):
        if not all(c.matches(obj) for c in and_clauses):
            return False
        return not or_clauses or any(c.matches(obj) for c in or_clauses)
    return predicate


def search_predicate(term, fields):
    needle = term.lower()

    def predicate(obj):
        for field in fields:
            for value in _scalars(get_path(obj, field)):
                if needle in _as_string(value).lower():
                    return True
        return False
    return predicate


# ---- sort and fields -----------------------------------------------------

def _sort_key(field):
    def key(obj):
        value = get_path(obj, field)
        if value is MISSING or value is None:
            return (2, 0, '')
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (0, value, '')
        return (1, 0, _as_string(value))
    return key


def _names(query, name, version):
    """The field names of a ``sort`` or ``fields`` parameter: space-separated in v1, comma-separated in v2.
    A comma-separated v1 list (what clients that treat both APIs alike send) is split too, as a leniency."""
    names = []
    for value in query.get(name, []):
        if version == 1:
            if ',' in value:
                lenient(query, 'v1 %s "%s" separated by commas instead of spaces' % (name, value))
                value = value.replace(',', ' ')
            names.extend(value.split())
        else:
            names.extend(f for f in value.split(',') if f)
    return names


def sort_fields(query, version):
    return _names(query, 'sort', version)


def apply_sort(items, query, version, allowed, lenient_fields=()):
    """Sort by the ``sort`` parameter; a field outside ``allowed`` is a 400, one in ``lenient_fields`` is served
    and recorded (accepted by a peer's model of the API, not known to be accepted live)."""
    fields = sort_fields(query, version)
    for field in fields:
        name = field.lstrip('-')
        if name in lenient_fields:
            lenient(query, 'sort field "%s" served; the live API is known to sort this collection on %s only'
                    % (name, ', '.join(allowed)))
        elif name not in allowed:
            raise BadRequest('invalid sort field: %s' % name)
    for field in reversed(fields):
        name = field.lstrip('-')
        items = sorted(items, key=_sort_key(name), reverse=field.startswith('-'))
    return items


def field_list(query, version, body_fields=None):
    fields = _names(query, 'fields', version)
    if body_fields:
        fields.extend(body_fields.split())
    return fields


def project(obj, fields, id_name):
    if not fields:
        return obj
    out = {}
    if id_name in obj:
        out[id_name] = obj[id_name]
    for field in fields:
        if field in obj:
            out[field] = obj[field]
    return out


# ---- whole listings ------------------------------------------------------

def list_v1(query, items, sort_allowed=('_id',), search_fields=(), render=public, extra_predicate=None,
            body_fields=None):
    predicate = v1_predicate(query)
    if predicate:
        items = [o for o in items if predicate(o)]
    term = first(query, 'search')
    if term:
        match = search_predicate(term, search_fields)
        items = [o for o in items if match(o)]
    if extra_predicate:
        items = [o for o in items if extra_predicate(o)]
    items = apply_sort(items, query, 1, sort_allowed)
    limit, skip = paging(query)
    fields = field_list(query, 1, body_fields)
    results = [project(render(o), fields, '_id') for o in items[skip:skip + limit]]
    return Response(200, {'totalCount': len(items), 'results': results})


def list_v2(query, items, sort_allowed=('id',), render=public, rename=None, sort_lenient=()):
    predicate = v2_predicate(query, rename)
    if predicate:
        items = [o for o in items if predicate(o)]
    items = apply_sort(items, query, 2, sort_allowed, sort_lenient)
    limit, skip = paging(query)
    fields = field_list(query, 2)
    return Response(200, [project(render(o), fields, 'id') for o in items[skip:skip + limit]])
