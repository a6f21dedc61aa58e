"""User imports: candidates, choosing them by name, and what counts as existing."""

from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._imports import candidate, mark_existing, select, user_body


def test_a_candidate_without_username_takes_the_address_local_part():
    assert candidate(None, 'Ada.Lovelace@example.com', 'Ada')['username'] == 'Ada.Lovelace'
    assert candidate('ada', 'ada@example.com')['username'] == 'ada'


def test_select_by_username_or_email_without_case_and_refuse_unknown_names():
    users = [candidate('ada', 'ada@example.com'), candidate('alan', 'alan.turing@example.com')]
    assert select(users, None) == users
    assert [user['username'] for user in select(users, ['ALAN.TURING@example.com', 'Ada', 'ada'])] == ['alan', 'ada']
    with pytest.raises(JumpCloudValueError, match='Not offered for import by the source: bob, carol@example.com'):
        select(users, ['ada', 'bob', 'carol@example.com'])


def test_existing_users_match_by_username_or_email_without_case():
    class Client:
        def list(self, path, params=None, operation=None, workers=1, skip=0):
            return [{'_id': 'u1', 'username': 'ADA', 'email': 'someone@example.com'},
                    {'_id': 'u2', 'username': 'grace', 'email': 'Alan.Turing@Example.com'}]

    users = mark_existing(Client(), [candidate('ada', 'ada@example.com'), candidate('alan', 'alan.turing@example.com'),
                                     candidate('ken', 'ken@example.com')])
    assert [user['exists'] for user in users] == [True, True, False]


def test_the_create_body_carries_the_names_and_the_fields_the_source_gives():
    user = candidate(None, 'ann@example.com', 'Ann', None, fields={'department': 'Sales'})
    assert user_body(user) == {'username': 'ann', 'email': 'ann@example.com', 'firstname': 'Ann', 'department': 'Sales'}
