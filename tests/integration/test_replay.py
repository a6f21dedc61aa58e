"""Recorded exchanges as regression tests: every fixture under tests/fixtures/recorded/ replays on the simulator
with the same statuses and response shapes; and a recording made through the simulator's proxy mode is scrubbed
and replays cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansible_collections.jcops.jumpcloud.plugins.modules import (
    jc_radius_server, jc_user, jc_user_group, jc_user_group_info, jc_user_info)
from tests.integration.support import API_KEY
from tests.module_runner import run_main
from tests.simulator.harness import Simulator
from tests.simulator.recording import replay, shape_diff

FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures' / 'recorded'


# Fixtures that expect a violation only validation against the documents finds (a sort the operation does not declare).
VALIDATED = {'documents-usergroups'}


def fixtures():
    for path in sorted(FIXTURES.glob('*.json')):
        marks = [pytest.mark.documents] if path.stem in VALIDATED else []
        yield pytest.param(path, marks=marks, id=path.stem)


@pytest.mark.parametrize('path', fixtures())
def test_fixture_replays(sim, path):
    fixture = json.loads(path.read_text(encoding='utf-8'))
    assert fixture['exchanges'], 'a fixture without exchanges tests nothing'
    assert replay(fixture, sim) == []


def test_fixtures_ship():
    assert len(list(FIXTURES.glob('*.json'))) >= 3


def test_a_difference_is_reported(sim):
    def exchange(query, status, body):
        return {'request': {'method': 'GET', 'path': '/api/systemusers', 'query': query, 'body': None},
                'response': {'status': status, 'body': body}}

    fixture = {'seed': {}, 'exchanges': [exchange({}, 200, {'totalCount': 0, 'results': [], 'next': None}),
                                         exchange({'limit': ['101']}, 200, {'totalCount': 0, 'results': []}),
                                         exchange({'filter': ['username:eq:x']}, 200, {'totalCount': 0, 'results': []})]}
    problems = replay(fixture, sim)
    assert problems[0] == '#1 GET /api/systemusers: body.next: recorded, missing from the simulator'
    assert problems[1].startswith('#2 GET /api/systemusers: status recorded 200, simulator 400')
    assert problems[2].startswith('violation lenient on GET /api/systemusers: v1 filter operator "eq"')
    assert len(problems) == 3
    fixture['lenient'] = ['^v1 filter operator']
    assert len(replay(fixture, sim)) == 2


def test_shape_diff():
    assert shape_diff({'a': 1, 'b': [{'c': 'x'}]}, {'a': 2.5, 'b': [{'c': 'y'}, {'c': 'z'}]}) == []
    assert shape_diff({'a': 1}, {'a': '1', 'b': None}) == [
        'body.a: recorded number, simulator string', 'body.b: the simulator adds it']
    assert shape_diff({'a': 1}, {'a': 2, 'b': None}, mode='recorded-keys') == []
    assert shape_diff({'r': [{'x': None}, {'x': 'set', 'y': True}]}, {'r': [{'x': 'v'}]}) == [
        'body.r[].y: recorded, missing from the simulator']
    assert shape_diff(None, {'a': 1}) == ['body: recorded null, simulator object']


def test_record_through_the_proxy_then_replay(tmp_path):
    """The proxy forwards to a real API (here another simulator), records scrubbed exchanges and the seed that
    replays them; the replay of that recording on a fresh simulator shows no difference."""
    record = tmp_path / 'recorded.json'
    with Simulator(api_key=API_KEY) as upstream:
        upstream.organization('Recorded', org_id='5' * 24)   # the organization the session names with x-org-id
        upstream.seed({'systemusers': [{'username': 'seeded.user', 'email': 'seeded@example.com', 'firstname': 'Seed'}],
                       'usergroups': [{'name': 'seeded-group'}],
                       'members': [{'group': {'type': 'user_group', 'name': 'seeded-group'},
                                    'member': {'type': 'user', 'name': 'seeded.user'}}]}, org_id='5' * 24)
        with Simulator(proxy=upstream.url, record=record) as proxy:
            assert proxy.health()['proxy'] == upstream.url

            def run(module, **args):
                result = run_main(module, dict(args, api_url=proxy.url, api_key=API_KEY, org_id='5' * 24))
                assert not result['failed'], result['msg']
                return result

            run(jc_user, username='new.user', email='new.user@example.com', password='Secret-123!')
            run(jc_user_group, name='seeded-group', members=['new.user'])
            run(jc_user_group_info, name='seeded-group', include_members=True)
            run(jc_user_info, username='seeded.user')
            run(jc_radius_server, name='radius-1', network_source_ip='10.1.2.3', shared_secret='very-secret')
            assert len(proxy.recording()['exchanges']) == len(proxy.requests()) > 5
            assert proxy.violations() == []  # the upstream's answers conform to the documents
        assert upstream.violations() == []
    text = record.read_text(encoding='utf-8')
    for secret in ('Secret-123!', 'very-secret', API_KEY, '5' * 24, 'seeded@example.com', 'seeded.user'):
        assert secret not in text
    fixture = json.loads(text)
    assert fixture['source'] == 'live' and fixture['compare'] == 'exact'
    seeded = fixture['seed']['systemusers']  # the user the answers showed; not the one the session created
    assert len(seeded) == 1 and seeded[0]['username'].startswith('username-')
    assert seeded[0]['email'].startswith('user') and seeded[0]['email'].endswith('@example.com')
    assert 'members' in fixture['seed']
    with Simulator(api_key=API_KEY) as fresh:
        assert replay(fixture, fresh) == []
