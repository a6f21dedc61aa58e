from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.jcops.jumpcloud.plugins.filter.csv import FilterModule, from_csv, to_csv


def test_from_csv_reads_rows_and_drops_empty_cells():
    text = '\ufeffusername, email ,department\njdoe, jdoe@example.com,Engineering\n\nrroe,rroe@example.com,\n'
    assert from_csv(text) == [
        {'username': 'jdoe', 'email': 'jdoe@example.com', 'department': 'Engineering'},
        {'username': 'rroe', 'email': 'rroe@example.com'},
    ]
    assert from_csv('') == []
    assert from_csv('a;b\n1;2\n', delimiter=';') == [{'a': '1', 'b': '2'}]


def test_from_csv_quoted_cells():
    assert from_csv('name,title\n"Doe, Jane","Staff ""Engineer"""\n') == [{'name': 'Doe, Jane', 'title': 'Staff "Engineer"'}]


def test_from_csv_refuses_bad_input():
    with pytest.raises(AnsibleFilterError, match='line 2 has more cells'):
        from_csv('a,b\n1,2,3\n')
    with pytest.raises(AnsibleFilterError):
        from_csv(['not', 'text'])


def test_to_csv_columns_and_cells():
    rows = [{'user_email': 'a@example.com', 'hostname': 'mac-1', 'tags': ['x', 'y'], 'active': True},
            {'hostname': 'web, 1', 'extra': None}]
    assert to_csv(rows, ['user_email', 'hostname', 'tags', 'active']) == (
        'user_email,hostname,tags,active\na@example.com,mac-1,x;y,true\n,"web, 1",,\n')
    assert to_csv(rows).splitlines()[0] == 'user_email,hostname,tags,active,extra'
    assert to_csv([], ['a', 'b']) == 'a,b\n'


def test_round_trip_and_errors():
    rows = [{'a': '1', 'b': 'two, three'}]
    assert from_csv(to_csv(rows)) == rows
    with pytest.raises(AnsibleFilterError):
        to_csv({'a': 1})
    with pytest.raises(AnsibleFilterError):
        to_csv(['x'])
    assert set(FilterModule().filters()) == {'from_csv', 'to_csv'}
