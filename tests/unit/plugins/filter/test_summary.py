"""change_summary: objects and links created, updated and removed, per kind."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.jcops.jumpcloud.plugins.filter.summary import change_summary


def test_objects_and_links_are_counted_per_kind():
    groups = {'results': [
        {'changed': True, 'diff': {'before': {}, 'after': {'name': 'new'}}},
        {'changed': True, 'diff': {'before': {'name': 'a'}, 'after': {'name': 'a', 'description': 'x'}}},
        {'changed': False, 'diff': {'before': {'name': 'b'}, 'after': {'name': 'b'}}},
        {'changed': True, 'diff': {'before': {'name': 'gone'}, 'after': {}}},
        {'skipped': True, 'changed': False},
        {'failed': True, 'changed': True},
    ]}
    bindings = {'results': [
        {'changed': True, 'added': ['a', 'b'], 'updated': ['c'], 'removed': []},
        {'changed': False, 'added': [], 'updated': [], 'removed': []},
        {'changed': True, 'added': [], 'updated': [], 'removed': ['d']},
    ]}
    single = {'changed': True, 'diff': {'before': {'name': 'x'}, 'after': {'name': 'y'}}}
    summary = change_summary({'groups': groups, 'bindings': bindings, 'one': single, 'none': {'results': []}})
    assert list(summary) == ['groups', 'bindings', 'one', 'none']
    assert summary['groups'] == {'created': 1, 'updated': 1, 'removed': 1}
    assert summary['bindings'] == {'created': 2, 'updated': 1, 'removed': 1}
    assert summary['one'] == {'created': 0, 'updated': 1, 'removed': 0}
    assert summary['none'] == {'created': 0, 'updated': 0, 'removed': 0}


def test_bad_input_is_an_error():
    with pytest.raises(AnsibleFilterError):
        change_summary(['not', 'a', 'dict'])
    with pytest.raises(AnsibleFilterError):
        change_summary({'kind': 'not a result'})
