from __future__ import annotations

from urllib.parse import urlparse

from ansible_collections.jcops.jumpcloud.plugins.modules import jc_association, jc_resolve


def test_names_and_ids_resolve_in_order(run_module, sim):
    ids = sim.seed({'applications': [{'displayLabel': 'GitHub', 'name': 'github'},
                                     {'displayLabel': 'Slack Enterprise', 'name': 'slack'}]})['applications']
    result, session = run_module(jc_resolve, dict(type='application', names=['slack', ids[0], 'slack']), sim)
    assert not result['failed'] and not result['changed']
    assert result['ids'] == [ids[1], ids[0], ids[1]]
    assert result['resolved'] == {'slack': ids[1], ids[0]: ids[0]}
    assert [obj['displayLabel'] for obj in result['objects']] == ['Slack Enterprise', 'GitHub', 'Slack Enterprise']
    assert result['missing'] == []
    assert all(method == 'GET' for method, dummy, dummy_kwargs in session.sent)


def test_every_unknown_and_ambiguous_name_fails_the_task_with_its_place(run_module, sim):
    ids = sim.seed({'applications': [{'displayLabel': 'Slack', 'name': 'a'}, {'displayLabel': 'Slack', 'name': 'b'},
                                     {'displayLabel': 'GitHub'}]})['applications']
    result, dummy = run_module(jc_resolve, dict(type='application', names=['GitHub', 'Slack', 'Jira', 'Zoom']), sim)
    assert result['failed']
    assert result['msg'] == (
        "names[1]: application displayLabel 'Slack' is ambiguous: 2 objects have that name (ids: {0}, {1}); give the id "
        "instead; names[2]: no application named or with id 'Jira' exists in JumpCloud; names[3]: no application named or "
        "with id 'Zoom' exists in JumpCloud".format(*sorted(ids[:2])))
    assert result['missing'] == ['Jira', 'Zoom'] and result['ambiguous'] == {'Slack': sorted(ids[:2])}


def test_allow_missing_returns_the_missing_names_but_ambiguity_still_fails(run_module, sim):
    [jdoe] = sim.seed({'systemusers': [{'username': 'jdoe', 'email': 'jdoe@example.com'}]})['systemusers']
    result, dummy = run_module(jc_resolve, dict(type='user', names=['gone', 'jdoe'], allow_missing=True), sim)
    assert not result['failed']
    assert (result['ids'], result['missing'], result['resolved']) == ([jdoe], ['gone'], {'jdoe': jdoe})
    sim.seed({'systems': [{'displayName': 'twin'}, {'displayName': 'twin'}]})
    result, dummy = run_module(jc_resolve, dict(type='system', names=['twin', 'gone'], allow_missing=True), sim)
    assert result['failed'] and result['msg'].startswith("names[0]: system displayName 'twin' is ambiguous")
    assert 'gone' not in result['msg'] and result['missing'] == []


def test_the_resolver_agrees_with_jc_association(run_module, sim):
    """An application whose connector name is given binds in jc_association and resolves here; two applications with
    one label fail both the same way."""
    ids = sim.seed({'usergroups': [{'name': 'Sales, EMEA'}],
                    'applications': [{'displayLabel': 'Slack Enterprise', 'name': 'slack'},
                                     {'displayLabel': 'Slack', 'name': 'one'}, {'displayLabel': 'Slack', 'name': 'two'}]})
    [group] = ids['usergroups']
    resolved, dummy = run_module(jc_resolve, dict(type='application', names=['slack']), sim)
    bound, dummy = run_module(jc_association, dict(source_type='user_group', source='Sales, EMEA', target_type='application',
                                                   targets=['slack']), sim)
    assert [row['id'] for row in bound['association']['targets']] == resolved['ids'] == [ids['applications'][0]]
    refused, dummy = run_module(jc_resolve, dict(type='application', names=['Slack']), sim)
    failed, session = run_module(jc_association, dict(source_type='user_group', source=group, target_type='application',
                                                      targets=['slack', 'Slack']), sim)
    assert refused['failed'] and failed['failed']
    assert failed['msg'] == refused['msg'].replace('names[0]', 'targets[1]')
    assert [method for method, dummy, dummy_kwargs in session.sent] == ['GET'] * len(session.sent)


def test_reads_only_what_it_needs(run_module, sim):
    sim.seed({'usergroups': [{'name': 'group {0}'.format(n)} for n in range(300)]})
    result, session = run_module(jc_resolve, dict(type='user_group', names=['group 7', 'group 250', 'Sales, EMEA'],
                                                  allow_missing=True), sim)
    assert len(result['ids']) == 2 and result['missing'] == ['Sales, EMEA']
    assert [(urlparse(url).path, kwargs['params']['filter']) for dummy, url, kwargs in session.sent] == [
        ('/api/v2/usergroups', 'name:in:group 7|group 250'), ('/api/v2/usergroups', 'name:search:Sales')]
