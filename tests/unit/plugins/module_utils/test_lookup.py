from __future__ import annotations

from urllib.parse import urlparse

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudClient, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import (
    Resolver,
    UnresolvedReferences,
    field_filters,
    find_one,
    get_by_id,
    list_by_ids,
    list_objects,
    list_params,
    resolve,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse, FakeSession


def systems_api(count):
    systems = [{'_id': '{0:024x}'.format(n), 'os': 'Windows' if n % 2 else 'Ubuntu'} for n in range(1, count + 1)]

    def handler(method, url, kwargs):
        assert (method, urlparse(url).path) == ('GET', '/api/systems')
        params = kwargs['params']
        filters = params['filter'] if isinstance(params['filter'], list) else [params['filter']]
        results = systems
        for flt in filters:
            field, op, value = flt.split(':', 2)
            assert op in ('$in', '$eq')
            results = [s for s in results if str(s[field]) in value.split('|')]
        return FakeResponse(200, {'totalCount': len(results), 'results': results[params['skip']:params['skip'] + params['limit']]})

    return handler


def client_for(handler):
    session = FakeSession(handler=handler)
    return JumpCloudClient(api_key='k', api_url='http://jc.invalid', session=session), session


def test_list_by_ids_reads_100_ids_per_request():
    client, session = client_for(systems_api(300))
    ids = ['{0:024x}'.format(n) for n in range(250, 0, -1)] + ['f' * 24]
    found = list_by_ids(client, get_kind('system'), ids + ids[:5])
    assert [s['_id'] for s in found] == sorted(ids[:-1])
    assert len(session.sent) == 3
    assert all(len(kwargs['params']['filter'].split('|')) <= 100 for dummy, dummy_url, kwargs in session.sent)


def test_list_by_ids_applies_further_filters():
    client, session = client_for(systems_api(10))
    found = list_by_ids(client, get_kind('system'), ['{0:024x}'.format(n) for n in range(1, 11)], filters=['os:$eq:Windows'])
    assert [int(s['_id'], 16) for s in found] == [1, 3, 5, 7, 9]
    assert session.sent[0][2]['params']['filter'][1] == 'os:$eq:Windows'


def test_list_by_ids_without_ids_sends_nothing():
    client, session = client_for(systems_api(1))
    assert list_by_ids(client, get_kind('system'), []) == []
    assert session.sent == []


def test_field_filters_in_each_api_syntax():
    mapping = {'osFamily': 'linux', 'active': True, 'os': ['Ubuntu', 'Windows']}
    assert field_filters(get_kind('system'), mapping) == ['active:$eq:true', 'os:$in:Ubuntu|Windows', 'osFamily:$eq:linux']
    assert field_filters(get_kind('system_group'), {'name': 'Laptops', 'type': ['a', 'b']}) == ['name:eq:Laptops', 'type:in:a|b']
    assert field_filters(get_kind('system'), None) == []


# -- resolution against the in-process simulator -------------------------------------------------------------

def reads(session):
    """(path, filter) of each request sent."""
    return [(urlparse(url).path, (kwargs.get('params') or {}).get('filter')) for dummy, url, kwargs in session.sent]


def test_many_names_cost_one_request_per_name_field(sim, sim_client):
    sim.seed({'systemusers': [{'username': 'user{0}'.format(n), 'email': 'u{0}@example.com'.format(n)} for n in range(150)]})
    client, session = sim_client()
    names = ['user{0}'.format(n) for n in range(0, 150, 5)]
    resolver = Resolver(client)
    ids = resolver.ids(get_kind('user'), names, 'members')
    assert len(ids) == 30 and len(set(ids)) == 30
    assert reads(session) == [('/api/systemusers', 'username:$in:' + '|'.join(names))]
    assert resolver.ids(get_kind('user'), reversed(names)) == list(reversed(ids))
    assert len(session.sent) == 1  # answers are cached for the run


def test_more_than_100_names_are_read_100_per_request(sim, sim_client):
    sim.seed({'systemusers': [{'username': 'user{0}'.format(n), 'email': 'u{0}@example.com'.format(n)} for n in range(250)]})
    client, session = sim_client()
    resolution = resolve(client, get_kind('user'), ['user{0}'.format(n) for n in range(250)])
    assert len(resolution.found) == 250 and not resolution.missing
    assert len(session.sent) == 3


def test_ids_are_read_by_id_and_an_unknown_id_shaped_name_is_tried_as_a_name(sim, sim_client):
    [alice, bob] = sim.seed({'systemusers': [{'username': 'alice', 'email': 'a@example.com'},
                                             {'username': 'bob', 'email': 'b@example.com'}]})['systemusers']
    odd = 'f' * 24
    sim.seed({'systemusers': [{'username': odd, 'email': 'odd@example.com'}]})
    client, session = sim_client()
    objects = Resolver(client).objects(get_kind('user'), [alice, 'bob', odd])
    assert [obj['username'] for obj in objects] == ['alice', 'bob', odd]
    assert reads(session) == [('/api/systemusers', '_id:$in:{0}|{1}'.format(alice, odd)),
                              ('/api/systemusers', 'username:$in:bob|' + odd)]


def test_every_unknown_and_ambiguous_reference_is_named_with_its_option_path(sim, sim_client):
    ids = sim.seed({'systems': [{'displayName': 'clone', 'hostname': 'a.example.com'},
                                {'displayName': 'clone', 'hostname': 'b.example.com'},
                                {'displayName': 'web-1', 'hostname': 'web-1.example.com'}]})['systems']
    client, dummy = sim_client()
    with pytest.raises(UnresolvedReferences) as err:
        Resolver(client).ids(get_kind('system'), ['web-1', 'clone', 'nowhere', 'b.example.com', 'nowhere'], 'targets')
    assert str(err.value) == (
        "targets[1]: system displayName 'clone' is ambiguous: 2 objects have that name (ids: {0}, {1}); give the id instead; "
        "targets[2]: no system named or with id 'nowhere' exists in JumpCloud".format(*sorted(ids[:2])))
    assert err.value.missing == ['nowhere'] and err.value.ambiguous == {'clone': sorted(ids[:2])}
    assert err.value.kind.name == 'system'


def test_a_single_reference_is_named_by_its_option(sim, sim_client):
    client, dummy = sim_client()
    with pytest.raises(JumpCloudValueError, match="^manager: no user named or with id 'no.such.person' exists in JumpCloud$"):
        Resolver(client).id(get_kind('user'), 'no.such.person', 'manager')
    with pytest.raises(JumpCloudValueError, match="^No user named or with id 'x' exists"):
        Resolver(client).id(get_kind('user'), 'x')


def test_alternative_name_fields_are_tried_in_order_for_what_is_still_unmatched(sim, sim_client):
    ids = sim.seed({'applications': [{'displayLabel': 'Slack', 'name': 'slack-one'},
                                     {'displayLabel': 'Slack', 'name': 'slack-two'},
                                     {'displayLabel': 'Slack Enterprise', 'name': 'slack'},
                                     {'displayLabel': 'GitHub', 'name': 'github'}]})['applications']
    client, session = sim_client()
    resolution = resolve(client, get_kind('application'), ['Slack', 'slack', 'GitHub', 'nothing'])
    assert resolution.found['slack']['_id'] == ids[2] and resolution.found['GitHub']['_id'] == ids[3]
    assert resolution.ambiguous['Slack'][0] == 'displayLabel' and len(resolution.ambiguous['Slack'][1]) == 2
    assert resolution.missing == ['nothing']
    assert reads(session) == [('/api/applications', 'displayLabel:$in:Slack|slack|GitHub|nothing'),
                              ('/api/applications', 'displayName:$in:slack|nothing'),  # the simulator's displayName
                              ('/api/applications', 'name:$eq:nothing')]              # defaults to the name


def test_v2_names_with_a_comma_are_found_without_a_comma_in_the_filter(sim, sim_client):
    ids = sim.seed({'usergroups': [{'name': 'Sales, EMEA'}, {'name': 'Sales'}, {'name': 'sales, emea'}, {'name': 'Ops'},
                                   {'name': ', odd'}]})['usergroups']
    client, session = sim_client()
    resolution = resolve(client, get_kind('user_group'), ['Sales, EMEA', 'Ops', 'Sales'])
    assert {name: obj['id'] for name, obj in resolution.found.items()} == {'Sales, EMEA': ids[0], 'Ops': ids[3], 'Sales': ids[1]}
    filters = [flt for dummy, flt in reads(session)]
    assert filters == ['name:in:Ops|Sales', 'name:search:Sales']
    assert not any(',' in flt for flt in filters)
    resolution = resolve(client, get_kind('user_group'), [', odd'])  # nothing before the comma: the kind is listed whole
    assert resolution.found[', odd']['id'] == ids[4]


def test_v1_names_with_a_pipe_are_escaped_and_a_backslash_is_matched_alone(sim, sim_client):
    ids = sim.seed({'applications': [{'displayLabel': 'R&D | Ops'}, {'displayLabel': 'Nobody'}, {'displayLabel': 'a\\|b'}]})['applications']
    client, session = sim_client()
    resolution = resolve(client, get_kind('application'), ['R&D | Ops', 'Nobody', 'a\\|b'])
    assert [resolution.found[name]['_id'] for name in ('R&D | Ops', 'Nobody', 'a\\|b')] == ids
    assert [flt for dummy, flt in reads(session)] == ['displayLabel:$in:R&D \\| Ops|Nobody', 'displayLabel:$eq:a\\|b']


def test_v2_names_with_a_pipe_are_matched_alone(sim, sim_client):
    ids = sim.seed({'systemgroups': [{'name': 'A|B'}, {'name': 'C'}, {'name': 'D'}]})['systemgroups']
    client, session = sim_client()
    assert Resolver(client).ids(get_kind('system_group'), ['C', 'A|B', 'D']) == [ids[1], ids[0], ids[2]]
    assert [flt for dummy, flt in reads(session)] == ['name:in:C|D', 'name:eq:A|B']


def test_find_one_refuses_an_ambiguous_name_naming_the_option(sim, sim_client):
    sim.seed({'systems': [{'displayName': 'twin', 'hostname': 'a'}, {'displayName': 'twin', 'hostname': 'b'}]})
    client, dummy = sim_client()
    with pytest.raises(JumpCloudValueError, match="^name: system displayName 'twin' is ambiguous: 2 objects"):
        find_one(client, get_kind('system'), name='twin', option='name')
    assert find_one(client, get_kind('system'), name='b')['hostname'] == 'b'
    assert find_one(client, get_kind('system'), name='none') is None


def test_names_of_ids_are_read_100_per_request_and_a_gone_id_stays_an_id(sim, sim_client):
    ids = sim.seed({'systemusers': [{'username': 'user{0}'.format(n), 'email': 'u{0}@example.com'.format(n)} for n in range(120)]})['systemusers']
    client, session = sim_client()
    resolver = Resolver(client)
    gone = '0' * 24
    names = resolver.names(get_kind('user'), ids + [gone])
    assert names[:2] == ['user0', 'user1'] and names[-1] == gone and len(names) == 121
    assert len(session.sent) == 2
    resolver.names(get_kind('user'), [gone, ids[5]])
    assert len(session.sent) == 2


def test_v1_in_filters_escape_a_pipe(sim, sim_client):
    sim.seed({'systemusers': [{'username': 'ops', 'email': 'ops@example.com', 'department': 'R&D | Ops'},
                              {'username': 'dev', 'email': 'dev@example.com', 'department': 'R&D'}]})
    client, dummy = sim_client()
    kind = get_kind('user')
    terms = field_filters(kind, {'department': ['R&D | Ops', 'Nobody']})
    assert terms == ['department:$in:R&D \\| Ops|Nobody']
    assert [user['username'] for user in list_objects(client, kind, filters=terms)] == ['ops']


def test_v2_filters_refuse_what_they_cannot_carry():
    with pytest.raises(JumpCloudValueError, match=r"^filter\.name: 'Sales, EMEA' cannot be sent in a JumpCloud v2 filter"):
        field_filters(get_kind('user_group'), {'name': 'Sales, EMEA'})
    with pytest.raises(JumpCloudValueError, match=r"^filter\.name: 'A\|B' cannot be sent"):
        field_filters(get_kind('user_group'), {'name': ['A|B', 'C']})
    assert field_filters(get_kind('user_group'), {'name': 'A|B'}) == ['name:eq:A|B']


def test_list_params_are_built_in_one_place():
    assert list_params(get_kind('system'), ['os:$eq:Ubuntu'], ('hostname', 'os')) == {
        'sort': '_id', 'filter': 'os:$eq:Ubuntu', 'fields': '_id hostname os'}
    assert list_params(get_kind('user_group'), ['name:eq:a', 'type:eq:b'], ('name',)) == {
        'sort': 'name', 'filter': 'name:eq:a,type:eq:b', 'fields': 'id,name'}
    assert list_params(get_kind('ldap_server')) == {}


def test_directories_are_listed_together_and_read_whole_by_id(sim, sim_client):
    ids = sim.seed({'gsuites': [{'name': 'Workspace', 'userLockoutAction': 'suspend'}], 'office365s': [{'name': 'Workspace'}]})
    client, session = sim_client()
    resolution = resolve(client, get_kind('g_suite'), ['Workspace', 'gone'])
    assert resolution.found['Workspace']['id'] == ids['gsuites'][0] and resolution.missing == ['gone']
    assert {urlparse(url).path for dummy, url, dummy_kwargs in session.sent} == {'/api/v2/directories'}
    found = find_one(client, get_kind('g_suite'), 'Workspace')
    assert found['userLockoutAction'] == 'suspend'   # the Directory list item has no settings: read by id
    assert get_by_id(client, get_kind('g_suite'), 'f' * 24) is None
