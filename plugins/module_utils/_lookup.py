# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding objects by id or by name, and resolving references (a manager, a group, a target) to ids.

Names are matched exactly and case-sensitively on the client after the server-side filter, because
JumpCloud filters are not uniformly exact. Two objects with the same name are an error that lists
their ids, never a guess. Nothing here imports AnsibleModule.
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


def list_objects(client, kind, filters=None, operation=None):
    """Every object of a kind, with optional server-side filters (strings in the API's filter syntax)."""
    operation = operation or 'list {0}s'.format(kind.label)
    if kind.list_path:
        objects = client.list(kind.list_path, operation=operation)
        return [obj for obj in objects if obj.get('type') == kind.list_type]
    params = {}
    if kind.sort:
        params['sort'] = kind.sort
    if filters:
        params['filter'] = filter_param(kind, filters)
    return client.list(kind.path, params=params, operation=operation)


# Ids per request when objects are read by id with an ``in`` filter: 100 ids (about 2.5 kB of query
# string, under common URL limits) whose answer fits in one page.
IDS_PER_REQUEST = 100


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
    op = '$in' if kind.api == 'v1' else 'in'
    batches = [ids[start:start + IDS_PER_REQUEST] for start in range(0, len(ids), IDS_PER_REQUEST)]

    def read(batch):
        by_id = '{0}:{1}:{2}'.format(kind.id_field, op, '|'.join(batch))
        return list_objects(client, kind, filters=[by_id] + list(filters or []), operation=operation)

    found = [obj for objects in client.map_concurrent(read, batches) for obj in objects]
    return sorted(found, key=lambda obj: obj[kind.id_field])


# What cannot travel inside an ``in`` filter's list as it is: the list separator, the escape character and the comma
# that joins v2 filters. A name with one of them is looked up on its own.
UNLISTABLE = ('|', '\\', ',')


def find_by_names(client, kind, names):
    """name -> the objects named exactly that ([] when none), for many names of one kind at once.

    One filtered listing per 100 names (``username:$in:a|b|...`` in v1, ``name:in:...`` in v2), sent concurrently,
    instead of one per name: 250 names cost 3 requests. A name the kind's name field does not match, when the kind
    has alternative name fields, and a name that cannot travel in such a list are looked up on their own
    (``find_by_name``). Matching is exact, as everywhere.
    """
    names = sorted(set(name for name in names if name))
    found = dict((name, []) for name in names)
    if not names:
        return found
    if kind.list_path:
        objects = list_objects(client, kind, operation='list {0}s'.format(kind.label))
        return dict((name, match_name(kind, objects, name)) for name in names)
    listable = [name for name in names if not any(char in name for char in UNLISTABLE)]
    op = '$in' if kind.api == 'v1' else 'in'
    batches = [listable[start:start + IDS_PER_REQUEST] for start in range(0, len(listable), IDS_PER_REQUEST)]

    def read(batch):
        by_name = '{0}:{1}:{2}'.format(kind.name_field, op, '|'.join(batch))
        return list_objects(client, kind, filters=[by_name], operation='find {0} {1}s'.format(len(batch), kind.label))

    for objects in client.map_concurrent(read, batches):
        for obj in objects:
            if obj.get(kind.name_field) in found:
                found[obj[kind.name_field]].append(obj)
    alone = [name for name in names if name not in listable or (kind.alt_name_fields and not found[name])]
    for name, matches in zip(alone, client.map_concurrent(lambda name: find_by_name(client, kind, name), alone)):
        found[name] = matches
    return found


def filter_terms(mapping, api='v2'):
    """``{field: value or [values]}`` -> filter strings in an API version's syntax: a value matches exactly
    (``field:$eq:value`` in v1, ``field:eq:value`` in v2; booleans as ``true``/``false``), a list matches any
    of its items (``$in`` / ``in``, items joined with ``|``). Fields in sorted order."""
    prefix = '$' if api == 'v1' else ''
    filters = []
    for field_name, value in sorted((mapping or {}).items()):
        if isinstance(value, (list, tuple)):
            filters.append('{0}:{1}in:{2}'.format(field_name, prefix, '|'.join(str(item) for item in value)))
        else:
            if isinstance(value, bool):
                value = str(value).lower()
            filters.append('{0}:{1}eq:{2}'.format(field_name, prefix, value))
    return filters


def field_filters(kind, mapping):
    """``filter_terms`` in the syntax of the kind's API version."""
    return filter_terms(mapping, kind.api)


def filter_param(kind, filters):
    """One or several filters in the form each API version takes (v2 joins them with commas)."""
    filters = list(filters)
    if kind.api == 'v2':
        return ','.join(filters)
    return filters if len(filters) > 1 else filters[0]


def match_name(kind, objects, name):
    """The objects named exactly ``name``: by the kind's name field, else by its alternative name fields."""
    for field_name in (kind.name_field,) + tuple(kind.alt_name_fields):
        matches = [obj for obj in objects if obj.get(field_name) == name]
        if matches:
            return matches
    return []


def find_by_name(client, kind, name):
    """Objects whose name is exactly ``name`` (then, if none, whose alternative name fields are)."""
    operation = "find {0} '{1}'".format(kind.label, name)
    if kind.list_path:
        return match_name(kind, list_objects(client, kind, operation=operation), name)
    for field_name in (kind.name_field,) + tuple(kind.alt_name_fields):
        candidates = list_objects(client, kind, filters=[kind.name_filter(name, field_name)], operation=operation)
        matches = [obj for obj in candidates if obj.get(field_name) == name]
        if matches:
            return matches
    return []


def only_one(kind, name, matches):
    """The single match; None for none; JumpCloudValueError listing the ids when the name is ambiguous."""
    if len(matches) > 1:
        ids = ', '.join(sorted(obj[kind.id_field] for obj in matches))
        raise JumpCloudValueError(
            "{0} {1} '{2}' is ambiguous: {3} objects have that name (ids: {4}); give the id instead".format(
                kind.label[0].upper() + kind.label[1:], kind.name_field, name, len(matches), ids))
    return matches[0] if matches else None


def find_one(client, kind, name=None, object_id=None):
    """The one object named ``name`` (or with id ``object_id``); None when there is none.

    Raises JumpCloudValueError when the name matches several objects.
    """
    if object_id:
        return get_by_id(client, kind, object_id)
    return only_one(kind, name, find_by_name(client, kind, name))


# Above this many unresolved references of one kind, the whole kind is listed once (one request per
# 100 objects) instead of looked up one by one (one request each).
PREFETCH_THRESHOLD = 20


class Resolver:
    """Name-or-id -> object, for references between objects; answers are cached for the module run."""

    def __init__(self, client):
        self.client = client
        self._by_ref = {}
        self._by_id = {}
        self._indexed = {}

    def _remember(self, kind, obj):
        self._by_id[(kind.name, obj[kind.id_field])] = obj
        return obj

    def index(self, kind):
        """List the whole kind once; later references of that kind resolve without requests."""
        if kind.name not in self._indexed:
            self._indexed[kind.name] = [self._remember(kind, obj) for obj in list_objects(self.client, kind)]
        return self._indexed[kind.name]

    def _lookup(self, kind, value):
        if kind.name in self._indexed:
            return self._by_id.get((kind.name, value)) or only_one(kind, value, match_name(kind, self._indexed[kind.name], value))
        if is_object_id(value):
            obj = self._by_id.get((kind.name, value)) or get_by_id(self.client, kind, value)
            if obj is not None:
                return obj
        return find_one(self.client, kind, name=value)

    def object(self, kind, value):
        """The object a reference names; an unknown reference is a JumpCloudValueError."""
        key = (kind.name, value)
        if key not in self._by_ref:
            obj = self._lookup(kind, value)
            if obj is None:
                raise JumpCloudValueError("No {0} named or with id '{1}' exists in JumpCloud".format(kind.label, value))
            self._by_ref[key] = self._remember(kind, obj)
        return self._by_ref[key]

    def id(self, kind, value):
        return self.object(kind, value)[kind.id_field]

    def prefetch(self, kind, values):
        """Resolve many references of one kind at once: ids 100 per request (``list_by_ids``), names 100 per request
        (``find_by_names``). Unknown and ambiguous references are left to ``object``, which reports them."""
        values = set(value for value in values if value and (kind.name, value) not in self._by_ref)
        if not values or kind.name in self._indexed:
            return
        for obj in list_by_ids(self.client, kind, [value for value in values if is_object_id(value)]):
            self.learn(kind, obj[kind.id_field], obj)
        names = [value for value in values if (kind.name, value) not in self._by_ref]
        for name, matches in find_by_names(self.client, kind, names).items():
            if len(matches) == 1:
                self.learn(kind, name, matches[0])

    def learn(self, kind, reference, obj):
        """Record what a reference names without asking JumpCloud (an object read or created another way)."""
        self._by_ref[(kind.name, reference)] = self._remember(kind, obj)

    def ids(self, kind, values):
        values = list(values)
        if len([value for value in values if (kind.name, value) not in self._by_ref]) > PREFETCH_THRESHOLD:
            self.index(kind)
        return [self.id(kind, value) for value in values]

    def names(self, kind, ids):
        """Display names for ids (the id itself for an object that no longer exists)."""
        ids = list(ids)
        if len([object_id for object_id in ids if (kind.name, object_id) not in self._by_id]) > PREFETCH_THRESHOLD:
            self.index(kind)
        names = []
        for object_id in ids:
            obj = self._by_id.get((kind.name, object_id))
            if obj is None and kind.name not in self._indexed:
                obj = get_by_id(self.client, kind, object_id)
                if obj is not None:
                    self._remember(kind, obj)
            names.append(obj.get(kind.name_field) or object_id if obj else object_id)
        return names
