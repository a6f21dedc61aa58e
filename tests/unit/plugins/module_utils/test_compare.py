from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import (
    changed_fields,
    drop_none,
    merge,
    pop_path,
    redact,
    values_equal,
)


@pytest.mark.parametrize('wanted, current, equal', [
    (None, 'anything', True),
    ('a', 'a', True),
    ('a', 'A', False),
    (1000, '1000', True),
    ('1000', 1000, True),
    (True, True, True),
    (False, None, False),
    (False, 'False', False),
    (True, 1, False),
    ('', None, True),
    ('x', None, False),
    ([], None, True),
    ({}, None, True),
    ({'a': 1}, {'a': 1, 'id': 'server'}, True),
    ({'a': 1}, {'a': 2}, False),
    ({'a': 1}, 'text', False),
    ('text', {'a': 1}, False),
    ([{'number': '1', 'type': 'work'}], [{'id': 'x', 'number': '1', 'type': 'work'}], True),
    ([1, 2, 3], [3, 2, 1], True),
    ([1, 2], [1, 2, 3], False),
    ([1, 1, 2], [1, 2, 2], False),
    ([{'name': 'a', 'value': '1'}, {'name': 'b', 'value': '2'}], [{'name': 'b', 'value': '2'}, {'name': 'a', 'value': '1'}], True),
    ([{'name': 'a', 'value': '1'}], [{'name': 'a', 'value': '2'}], False),
    (['a'], 'a', False),
])
def test_values_equal(wanted, current, equal):
    assert values_equal(wanted, current) is equal


def test_changed_fields_only_reports_differences():
    current = {'email': 'a@example.com', 'department': 'Sales', 'sudo': False}
    wanted = {'email': 'a@example.com', 'department': 'Engineering', 'sudo': False, 'location': None}
    assert changed_fields(wanted, current) == {'department': 'Engineering'}
    assert changed_fields({'x': 'y'}, None) == {'x': 'y'}


def test_merge_and_cleaning():
    assert merge({'a': 1, 'b': 2}, {'b': 3}) == {'a': 1, 'b': 3}
    assert drop_none({'a': None, 'b': {'c': None, 'd': 1}, 'e': [{'f': None}]}) == {'b': {'d': 1}, 'e': [{}]}
    assert redact({'password': 'x', 'n': [{'sharedSecret': 'y', 'k': 1}]}, {'password', 'sharedSecret'}) == {'n': [{'k': 1}]}


def test_pop_path_removes_the_value_and_the_dicts_it_empties():
    obj = {'a': {'b': 1, 'c': 2}, 'top': 3, 'x': {'y': {'z': 4}}}
    assert pop_path(obj, 'a.b') == 1
    assert obj['a'] == {'c': 2}
    assert pop_path(obj, 'top') == 3
    assert pop_path(obj, 'x.y.z') == 4
    assert obj == {'a': {'c': 2}}
    assert pop_path(obj, 'missing.deep') is None
    assert pop_path(obj, 'a.c.not_a_dict') is None
