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


def filter_param(kind, filters):
    """One or several filters in the form each API version takes (v2 joins them with commas)."""
    filters = list(filters)
    if kind.api == 'v2':
        return ','.join(filters)
    return filters if len(filters) > 1 else filters[0]


def find_by_name(client, kind, name):
    """Objects whose name is exactly ``name`` (then, if none, whose alternative name fields are)."""
    for field_name in (kind.name_field,) + tuple(kind.alt_name_fields):
        operation = "find {0} '{1}'".format(kind.label, name)
        if kind.list_path:
            candidates = list_objects(client, kind, operation=operation)
        else:
            candidates = list_objects(client, kind, filters=[kind.name_filter(name, field_name)], operation=operation)
        matches = [obj for obj in candidates if obj.get(field_name) == name]
        if matches:
            return matches
    return []


def find_one(client, kind, name=None, object_id=None):
    """The one object named ``name`` (or with id ``object_id``); None when there is none.

    Raises JumpCloudValueError when the name matches several objects.
    """
    if object_id:
        return get_by_id(client, kind, object_id)
    matches = find_by_name(client, kind, name)
    if len(matches) > 1:
        ids = ', '.join(sorted(obj[kind.id_field] for obj in matches))
        raise JumpCloudValueError(
            "{0} {1} '{2}' is ambiguous: {3} objects have that name (ids: {4}); give the id instead".format(
                kind.label[0].upper() + kind.label[1:], kind.name_field, name, len(matches), ids))
    return matches[0] if matches else None


class Resolver:
    """Name-or-id -> id, for references between objects; answers are cached for the module run."""

    def __init__(self, client):
        self.client = client
        self._cache = {}

    def object(self, kind, value):
        """The object a reference names; an unknown reference is a JumpCloudValueError."""
        key = (kind.name, value)
        if key not in self._cache:
            if is_object_id(value):
                obj = get_by_id(self.client, kind, value) or find_one(self.client, kind, name=value)
            else:
                obj = find_one(self.client, kind, name=value)
            if obj is None:
                raise JumpCloudValueError("No {0} named or with id '{1}' exists in JumpCloud".format(kind.label, value))
            self._cache[key] = obj
        return self._cache[key]

    def id(self, kind, value):
        return self.object(kind, value)[kind.id_field]

    def ids(self, kind, values):
        return [self.id(kind, value) for value in values]
