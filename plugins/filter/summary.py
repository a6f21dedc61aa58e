# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""change_summary: how many objects and links a play's tasks created, updated and removed (or would, in check mode)."""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

VERBS = ('created', 'updated', 'removed')


def _items(result):
    """The results of a registered task: each loop item's, or the task's own."""
    if not isinstance(result, Mapping):
        raise AnsibleFilterError('change_summary expects registered task results, got {0}'.format(type(result).__name__))
    if isinstance(result.get('results'), list):
        return [item for item in result['results'] if isinstance(item, Mapping)]
    return [result]


def count_changes(result):
    """{created, updated, removed} for one registered task.

    A link task (jcops.jumpcloud.jc_association) counts the links it added, updated and removed; any other task counts
    one object: created when its diff has nothing before, removed when it has nothing after, else updated.
    Unchanged, skipped and failed items count nothing.
    """
    counts = dict.fromkeys(VERBS, 0)
    for item in _items(result):
        if item.get('skipped') or item.get('failed'):
            continue
        if isinstance(item.get('added'), list):
            counts['created'] += len(item['added'])
            counts['updated'] += len(item.get('updated') or [])
            counts['removed'] += len(item.get('removed') or [])
        elif item.get('changed'):
            diff = item.get('diff') if isinstance(item.get('diff'), Mapping) else {}
            if not diff.get('before'):
                counts['created'] += 1
            elif not diff.get('after'):
                counts['removed'] += 1
            else:
                counts['updated'] += 1
    return counts


def change_summary(results):
    """``{kind: registered task}`` -> ``{kind: {created, updated, removed}}``, in the order given."""
    if not isinstance(results, Mapping):
        raise AnsibleFilterError('change_summary expects a dict of kind -> registered task results, got {0}'.format(
            type(results).__name__))
    return {kind: count_changes(result) for kind, result in results.items()}


class FilterModule:
    def filters(self):
        return {'change_summary': change_summary}
