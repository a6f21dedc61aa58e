"""The whole-object update guard's pure parts: changes merged onto a fresh copy, and a reverted change detected."""

from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import merged_changes, reverted


def test_changes_are_merged_onto_the_fresh_copy():
    fresh = {'name': 'eng', 'description': 'theirs', 'attributes': {'sudo': {'enabled': True}, 'sambaEnabled': False}}
    wanted = {'attributes': {'sambaEnabled': True}}
    assert merged_changes(wanted, fresh) == {'attributes': {'sudo': {'enabled': True}, 'sambaEnabled': True}}
    assert merged_changes({'description': 'theirs'}, fresh) == {}


@pytest.mark.parametrize('before, after, expected', [
    # our change is there
    ({'description': 'old'}, {'description': 'mine'}, False),
    # another editor's stale write put the old value back
    ({'description': 'old'}, {'description': 'old'}, True),
    # another editor set a third value after us: the last writer wins, no retry
    ({'description': 'old'}, {'description': 'theirs'}, False),
    # it already held our value: nothing to lose
    ({'description': 'mine'}, {'description': 'mine'}, False),
])
def test_a_change_undone_by_a_stale_write_is_detected(before, after, expected):
    assert reverted({'description': 'mine'}, before, after) is expected


def test_nested_changes_are_compared_key_by_key_and_missing_dicts_are_empty():
    wanted = {'attributes': {'sambaEnabled': True}}
    # another editor's write replaced the whole attributes, without our key: undone
    assert reverted(wanted, {'attributes': None}, {'attributes': {'sudo': {'enabled': True}}})
    assert reverted(wanted, {'attributes': {'sambaEnabled': False}}, {'attributes': {'sambaEnabled': False, 'x': 1}})
    assert not reverted(wanted, {'attributes': None}, {'attributes': {'sambaEnabled': True, 'sudo': {}}})
    # policy values by field name: only the fields the task gives count
    assert not reverted({'values': {'f1': 5}}, {'values': {'f1': 0, 'f2': 0}}, {'values': {'f1': 5, 'f2': 0}})
    assert reverted({'values': {'f1': 5}}, {'values': {'f1': 0, 'f2': 0}}, {'values': {'f1': 0, 'f2': 7}})
