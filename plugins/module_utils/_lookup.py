# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding objects by id or by name, and resolving references (a manager, a group, a target) to ids.

Names are matched exactly and case-sensitively on the client after the server-side filter, because
JumpCloud filters are not uniformly exact. Two objects with the same name are an error that lists
their ids, never a guess. Nothing here imports AnsibleModule.

``resolve`` is the one resolution of references, used by every module (through ``Resolver``) and by
``jc_resolve``: a reference is an id (read by id) or a name, matched against the kind's name field, then
its alternative name fields in order; many references of a kind cost one filtered listing per 100 of them
and per name field tried, never a listing of the whole kind.
"""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudNotFound, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import is_object_id


def get_by_id(client, kind, object_id):
    """The object with this id, or None when JumpCloud answers 404."""
    try:
        return client.get(kind.item_path(object_id), operation="read {0} '{1}'".format(kind.label, object_id))
    except JumpCloudNotFound:
        return None


def whole(client, kind, obj, view='list'):
    """``obj`` as a whole: read again by id when the kind's ``view`` (its list items, the answer to an update) is a
    cut-down object (``Kind.partial_views``), as it is e.g. for commands and policies."""
    if obj is None or view not in kind.partial_views:
        return obj
    return get_by_id(client, kind, obj[kind.id_field]) or obj


def list_params(kind, filters=None, fields=None):
    """The query parameters of a list read of a kind: its sort field (stable paging), the filters in the form its API
    version takes, and ``fields`` (v1 space-separated, v2 comma-separated; the id always included). ``limit`` and
    ``skip`` are the client's paging."""
    params = {}
    if kind.sort:
        params['sort'] = kind.sort
    if filters:
        params['filter'] = filter_param(kind, filters)
    if fields:
        params['fields'] = (' ' if kind.api == 'v1' else ',').join(sorted(set(fields) | {kind.id_field}))
    return params


def list_objects(client, kind, filters=None, operation=None):
    """Every object of a kind, with optional server-side filters (strings in the API's filter syntax)."""
    operation = operation or 'list {0}s'.format(kind.label)
    if kind.list_path:
        objects = client.list(kind.list_path, operation=operation)
        return [obj for obj in objects if obj.get('type') == kind.list_type]
    return client.list(kind.path, params=list_params(kind, filters), operation=operation)


# Terms per filtered listing (an ``in`` filter of ids or names): 100 terms, at most about 2 kB of them (under
# common URL limits); the answer to 100 ids fits in one page.
TERMS_PER_REQUEST = 100
CHARS_PER_REQUEST = 2000
IDS_PER_REQUEST = TERMS_PER_REQUEST


def escape_term(value):
    """A term of an ``in`` filter: a ``|`` inside it is written ``\\|`` (JumpCloud's v1 filter syntax)."""
    return str(value).replace('|', '\\|')


def _batches(values):
    batch, size = [], 0
    for value in values:
        if batch and (len(batch) >= TERMS_PER_REQUEST or size + len(value) > CHARS_PER_REQUEST):
            yield batch
            batch, size = [], 0
        batch.append(value)
        size += len(value) + 1
    if batch:
        yield batch


def value_filters(kind, field_name, values):
    """Filters that together select every object whose ``field_name`` is one of ``values`` (perhaps others too:
    the caller matches exactly). One ``in`` filter per batch of values (``$eq`` / ``eq`` for a single one), and a
    filter of its own for a value an ``in`` filter cannot carry:

    - a value with a backslash (the ``\\|`` escape would be ambiguous) is matched with ``$eq`` / ``eq``;
    - in v2 a ``|`` cannot be escaped in an ``in`` filter: ``eq`` again;
    - in v2 a comma splits the filter parameter (``style: form, explode: false``), so a value with a comma is
      found by the text before its first comma (``search``). ``None`` stands for a value that no filter can
      select (it starts with a comma): the kind is then listed whole.
    """
    alone, batched = [], []
    for value in values:
        if kind.api == 'v2' and ',' in value:
            prefix = value.split(',', 1)[0]
            alone.append('{0}:search:{1}'.format(field_name, prefix) if prefix.strip() else None)
        elif '\\' in value or (kind.api == 'v2' and '|' in value):
            alone.append(kind.name_filter(value, field_name))
        else:
            batched.append(value)
    filters = []
    for batch in _batches(batched):
        if len(batch) == 1:
            filters.append(kind.name_filter(batch[0], field_name))
        else:
            filters.append('{0}:{1}:{2}'.format(field_name, kind.in_op, '|'.join(escape_term(value) for value in batch)))
    return filters + alone


def list_matching(client, kind, field_name, values, operation=None):
    """value -> the objects whose ``field_name`` is exactly that value, for each of ``values``: one filtered listing
    per batch of values (see ``value_filters``), sent concurrently, and the exact match made here."""
    values = list(dict.fromkeys(values))
    found = {value: [] for value in values}
    if not values:
        return found
    filters = value_filters(kind, field_name, values)
    if kind.list_path or None in filters:
        candidates = list_objects(client, kind, operation=operation)
    else:
        listings = client.map_concurrent(lambda flt: list_objects(client, kind, filters=[flt], operation=operation), filters)
        candidates = [obj for listing in listings for obj in listing]
    seen = set()
    for obj in candidates:
        key = obj.get(field_name)
        if isinstance(key, str) and key in found and obj.get(kind.id_field) not in seen:
            seen.add(obj.get(kind.id_field))
            found[key].append(obj)
    return found


def list_by_ids(client, kind, ids, filters=None, operation=None):
    """The objects of a kind with these ids (those that exist and match ``filters``), ordered by id.

    One filtered listing per 100 ids (``_id:$in:a|b|...`` in v1, ``id:in:...`` in v2), sent concurrently,
    instead of one GET per id: 250 ids cost 3 requests.
    """
    ids = sorted(set(ids))
    if not ids:
        return []
    if kind.list_path:
        wanted = set(ids)
        return [obj for obj in list_objects(client, kind, operation=operation) if obj.get(kind.id_field) in wanted]

    def read(batch):
        by_id = '{0}:{1}:{2}'.format(kind.id_field, kind.in_op, '|'.join(batch))
        return list_objects(client, kind, filters=[by_id] + list(filters or []), operation=operation)

    batches = [ids[start:start + IDS_PER_REQUEST] for start in range(0, len(ids), IDS_PER_REQUEST)]
    found = [obj for objects in client.map_concurrent(read, batches) for obj in objects]
    return sorted(found, key=lambda obj: obj[kind.id_field])


def filter_terms(mapping, api='v2', option='filter'):
    """``{field: value or [values]}`` -> filter strings in an API version's syntax: a value matches exactly
    (``field:$eq:value`` in v1, ``field:eq:value`` in v2; booleans as ``true``/``false``), a list matches any
    of its items (``$in`` / ``in``, items joined with ``|``; a ``|`` inside an item is escaped as ``\\|`` in v1).
    Fields in sorted order.

    What a v2 filter cannot carry is refused, naming the option: a comma (it splits the filter parameter) and a
    ``|`` inside a list item (v2 documents no escape for it)."""
    prefix = '$' if api == 'v1' else ''
    filters = []
    for field_name, value in sorted((mapping or {}).items()):
        items = value if isinstance(value, (list, tuple)) else [value]
        texts = [str(item).lower() if isinstance(item, bool) else str(item) for item in items]
        if api == 'v2':
            for text in texts:
                if ',' in text or ('|' in text and isinstance(value, (list, tuple))):
                    raise JumpCloudValueError(
                        "{0}.{1}: {2!r} cannot be sent in a JumpCloud v2 filter, which {3}".format(
                            option, field_name, text, 'splits at commas' if ',' in text else 'has no escape for | in a list'))
        if isinstance(value, (list, tuple)):
            joined = '|'.join(escape_term(text) for text in texts) if api == 'v1' else '|'.join(texts)
            filters.append('{0}:{1}in:{2}'.format(field_name, prefix, joined))
        else:
            filters.append('{0}:{1}eq:{2}'.format(field_name, prefix, texts[0]))
    return filters


def field_filters(kind, mapping, option='filter'):
    """``filter_terms`` in the syntax of the kind's API version."""
    return filter_terms(mapping, kind.api, option)


def filter_param(kind, filters):
    """One or several filters in the form each API version takes (v2 joins them with commas)."""
    filters = list(filters)
    if kind.api == 'v2':
        return ','.join(filters)
    return filters if len(filters) > 1 else filters[0]


def capitalized(text):
    return text[:1].upper() + text[1:]


class Resolution:
    """What references of one kind name: ``found`` (reference -> object), ``ambiguous`` (reference -> (name field,
    objects)) and ``missing`` (references that name nothing), in the order the references were given."""

    def __init__(self, kind, values):
        self.kind = kind
        self.values = list(dict.fromkeys(values))
        self.found = {}
        self.ambiguous = {}
        self.missing = []

    def problem(self, value, path=None, missing=True):
        """What is wrong with one reference, prefixed with the option path that holds it; None when it resolved (or,
        without ``missing``, when it names nothing)."""
        kind = self.kind
        if value in self.ambiguous:
            field_name, matches = self.ambiguous[value]
            ids = ', '.join(sorted(obj[kind.id_field] for obj in matches))
            text = "{0} {1} '{2}' is ambiguous: {3} objects have that name (ids: {4}); give the id instead".format(
                kind.label, field_name, value, len(matches), ids)
        elif missing and value in self.missing:
            text = "no {0} named or with id '{1}' exists in JumpCloud".format(kind.label, value)
        else:
            return None
        return '{0}: {1}'.format(path, text) if path else capitalized(text)

    def problems(self, references, missing=True):
        """A message for each (option path, reference) that did not resolve, each reference once."""
        messages, seen = [], set()
        for path, value in references:
            message = None if value in seen else self.problem(value, path, missing)
            seen.add(value)
            if message:
                messages.append(message)
        return messages

    def matches(self, value):
        """The objects a reference named: the one it resolved to, the several that make it ambiguous, or none."""
        if value in self.found:
            return [self.found[value]]
        return list(self.ambiguous.get(value, (None, []))[1])

    def check(self, references, missing=True):
        """Raise an ``UnresolvedReferences`` naming every reference that did not resolve (without ``missing``: every
        ambiguous one), if there is any."""
        messages = self.problems(references, missing)
        if messages:
            raise UnresolvedReferences(self, messages, missing)


class UnresolvedReferences(JumpCloudValueError):
    """References that name no object, or several: the message names each with its option path and the kind."""

    def __init__(self, resolution, messages, missing=True):
        super().__init__('; '.join(messages))
        self.kind = resolution.kind
        self.missing = list(resolution.missing) if missing else []
        self.ambiguous = {value: sorted(obj[resolution.kind.id_field] for obj in matches)
                          for value, (dummy, matches) in resolution.ambiguous.items()}


def resolve(client, kind, values, by_id=True, operation=None):
    """Resolve references (names or ids) of one kind: a ``Resolution``. Sends no write, refuses nothing.

    An id-shaped reference is first read by id (with ``by_id``); any other reference, or an id-shaped one that is
    no object's id, is matched exactly against the kind's name field, and what is still unmatched against each of
    its alternative name fields in turn (a system's hostname after its display name). The first field that matches
    decides: one object resolves the reference, several make it ambiguous. Costs one listing per 100 ids, plus one
    per 100 names and per field tried (``value_filters``).
    """
    resolution = Resolution(kind, values)
    pending = list(resolution.values)
    operation = operation or 'find {0}s'.format(kind.label)
    if by_id:
        ids = [value for value in pending if is_object_id(value)]
        for obj in list_by_ids(client, kind, ids, operation=operation) if ids else []:
            resolution.found[obj[kind.id_field]] = obj
        pending = [value for value in pending if value not in resolution.found]
    for field_name in kind.name_fields:
        if not pending:
            break
        matches = list_matching(client, kind, field_name, pending, operation=operation)
        for value, objects in matches.items():
            if len(objects) == 1:
                resolution.found[value] = objects[0]
            elif objects:
                resolution.ambiguous[value] = (field_name, objects)
        pending = [value for value in pending if not matches[value]]
    resolution.missing = pending
    return resolution


def find_by_name(client, kind, name):
    """Objects whose name is exactly ``name`` (then, if none, whose alternative name fields are)."""
    operation = "find {0} '{1}'".format(kind.label, name)
    for field_name in kind.name_fields:
        matches = list_matching(client, kind, field_name, [name], operation=operation)[name]
        if matches:
            return matches
    return []


def find_one(client, kind, name, option=None):
    """The one object named ``name``, whole (see ``whole``); None when there is none.

    Raises JumpCloudValueError, naming ``option``, when the name matches several objects.
    """
    resolution = resolve(client, kind, [name], by_id=False, operation="find {0} '{1}'".format(kind.label, name))
    resolution.check([(option, name)], missing=False)
    return whole(client, kind, resolution.found.get(name))


class Resolver:
    """Name-or-id -> object, for references between objects; answers are cached for the module run.

    Each method takes the option that holds the references (``manager``, ``members``, ``users[3].manager``), so
    that an error names it: a list's items as ``members[3]``. Every reference of a call is resolved before the
    error is raised, and the error lists them all. Objects are as JumpCloud lists them.
    """

    def __init__(self, client):
        self.client = client
        self._by_ref = {}
        self._by_id = {}
        self._gone = set()

    def _remember(self, kind, obj):
        self._by_id[(kind.name, obj[kind.id_field])] = obj
        return obj

    def _known(self, kind, value):
        """The object a reference resolved to earlier in the run (or an object read earlier, for an id), else None."""
        return self._by_ref.get((kind.name, value)) or (self._by_id.get((kind.name, value)) if is_object_id(value) else None)

    def objects(self, kind, values, option=None):
        """The objects ``values`` name, in order; an unknown or ambiguous reference is a JumpCloudValueError naming
        ``option[index]`` (``option`` alone for a single reference given as a string), every such reference at once."""
        single = isinstance(values, str)
        values = [values] if single else list(values)
        pending = [value for value in dict.fromkeys(values) if self._known(kind, value) is None]
        if pending:
            resolution = resolve(self.client, kind, pending)
            for value, obj in resolution.found.items():
                self._by_ref[(kind.name, value)] = self._remember(kind, obj)
            paths = [option if single or not option else '{0}[{1}]'.format(option, index) for index in range(len(values))]
            resolution.check(zip(paths, values))
        return [self._known(kind, value) for value in values]

    def object(self, kind, value, option=None):
        """The object a reference names; an unknown or ambiguous reference is a JumpCloudValueError naming ``option``."""
        return self.objects(kind, value, option)[0]

    def id(self, kind, value, option=None):
        return self.object(kind, value, option)[kind.id_field]

    def ids(self, kind, values, option=None):
        return [obj[kind.id_field] for obj in self.objects(kind, values, option)]

    def prefetch(self, kind, values):
        """Resolve many references of one kind ahead of their use, in batches (``resolve``), without failing: unknown
        and ambiguous ones are left to ``objects``, which reports them with their option paths."""
        pending = [value for value in dict.fromkeys(values) if value and self._known(kind, value) is None]
        if pending:
            for value, obj in resolve(self.client, kind, pending).found.items():
                self.learn(kind, value, obj)

    def learn(self, kind, reference, obj):
        """Record what a reference names without asking JumpCloud (an object read or created another way)."""
        self._by_ref[(kind.name, reference)] = self._remember(kind, obj)

    def names(self, kind, ids):
        """Display names for ids (the id itself for an object that no longer exists); unknown ids are read 100 per
        request."""
        ids = list(ids)
        unknown = [object_id for object_id in ids if (kind.name, object_id) not in self._by_id and (kind.name, object_id) not in self._gone]
        for obj in list_by_ids(self.client, kind, unknown) if unknown else []:
            self._remember(kind, obj)
        self._gone.update((kind.name, object_id) for object_id in unknown if (kind.name, object_id) not in self._by_id)
        names = []
        for object_id in ids:
            obj = self._by_id.get((kind.name, object_id))
            names.append(obj.get(kind.name_field) or object_id if obj else object_id)
        return names
