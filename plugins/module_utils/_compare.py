# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure comparison functions: what differs between what is wanted and what JumpCloud holds.

Rules, the same for every module:
- ``None`` in the wanted state means "not managed": it never differs.
- Booleans are compared as booleans (``False`` never equals ``"False"`` or a missing value);
  other scalars are compared as text, because the API returns some numbers as strings.
- A wanted dict is compared key by key: keys JumpCloud adds (ids, timestamps) do not count.
- A wanted list is compared as a multiset: the same number of items, each wanted item matching a
  different current item by the rules above. Order does not count.
"""

from __future__ import annotations

SECRET_PLACEHOLDER = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'

# Secrets some kinds return in their objects (a RADIUS server's shared secret): never returned by a module.
RETURNED_SECRETS = frozenset(('password', 'sharedSecret'))


def values_equal(wanted, current):
    """True when ``current`` already satisfies ``wanted``."""
    if wanted is None:
        return True
    if isinstance(wanted, bool) or isinstance(current, bool):
        return isinstance(wanted, bool) and isinstance(current, bool) and wanted == current
    if isinstance(wanted, dict):
        if not isinstance(current, dict):
            return not wanted and current is None
        return all(values_equal(value, current.get(key)) for key, value in wanted.items())
    if isinstance(wanted, (list, tuple)):
        if current is None:
            return len(wanted) == 0
        if not isinstance(current, (list, tuple)) or len(wanted) != len(current):
            return False
        return _match_all(list(wanted), list(current))
    if current is None:
        return wanted == ''
    if isinstance(current, (dict, list, tuple)):
        return False
    return str(wanted) == str(current)


def _match_all(wanted, current):
    """Each wanted item matches a distinct current item (greedy on a copy; items are small)."""
    remaining = list(current)
    for item in wanted:
        for index, candidate in enumerate(remaining):
            if values_equal(item, candidate):
                del remaining[index]
                break
        else:
            return False
    return True


def changed_fields(wanted, current):
    """The subset of ``wanted`` (API field -> value) whose value differs from ``current``."""
    current = current or {}
    return {key: value for key, value in wanted.items() if value is not None and not values_equal(value, current.get(key))}


def merge(current, changes):
    """``current`` with ``changes`` applied on top (a new dict; nested dicts replaced, not merged)."""
    merged = dict(current or {})
    merged.update(changes)
    return merged


def redact(value, secret_keys):
    """A copy of ``value`` without the keys named in ``secret_keys`` (at any depth)."""
    if isinstance(value, dict):
        return {key: redact(item, secret_keys) for key, item in value.items() if key not in secret_keys}
    if isinstance(value, list):
        return [redact(item, secret_keys) for item in value]
    return value


def drop_none(value):
    """A copy of ``value`` without None entries in dicts (at any depth)."""
    if isinstance(value, dict):
        return {key: drop_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [drop_none(item) for item in value]
    return value


def deep_merge(base, overlay):
    """``base`` with ``overlay`` merged in: dicts key by key at any depth, anything else replaced."""
    if not isinstance(base, dict) or not isinstance(overlay, dict):
        return overlay
    merged = dict(base)
    for key, value in overlay.items():
        merged[key] = deep_merge(base.get(key), value)
    return merged


def get_path(obj, dotted):
    """obj['a']['b'] for 'a.b'; None when any step is missing."""
    for part in dotted.split('.'):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def set_path(obj, dotted, value):
    """Set obj['a']['b'] = value for 'a.b', creating the intermediate dicts."""
    parts = dotted.split('.')
    for part in parts[:-1]:
        obj = obj.setdefault(part, {})
    obj[parts[-1]] = value


def pop_path(obj, dotted):
    """Remove obj['a']['b'] for 'a.b' (and the dicts it leaves empty); return the value, None when missing."""
    parts = dotted.split('.')
    parent = get_path(obj, '.'.join(parts[:-1])) if len(parts) > 1 else obj
    if not isinstance(parent, dict):
        return None
    value = parent.pop(parts[-1], None)
    if len(parts) > 1 and not parent:
        pop_path(obj, '.'.join(parts[:-1]))
    return value
