"""List views as documented: each list operation returns the item its document describes, never more, so that a
client trusting a list item where the documents describe a cut-down one is caught by its own tests."""

import pytest

from tests.simulator.inprocess import InProcessSimulator

SEED = {
    'systemusers': [{'username': 'alice', 'email': 'alice@example.com'}],
    'systems': [{'displayName': 'web-1', 'os': 'Ubuntu'}, {'displayName': 'mac-1', 'os': 'Mac OS X'}],
    'applications': [{'displayLabel': 'Slack', 'name': 'slack'}],
    'radiusservers': [{'name': 'Office', 'networkSourceIp': '203.0.113.10', 'sharedSecret': 'secret'}],
    'commands': [{'name': 'Patch', 'command': 'x' * 10050, 'commandType': 'linux', 'shell': '/bin/bash', 'timeout': '60'}],
    'usergroups': [{'name': 'Engineering'}],
    'systemgroups': [{'name': 'Servers'}],
    'policygroups': [{'name': 'Baseline'}],
    'policies': [{'name': 'Screen lock', 'notes': 'CIS', 'template': {'name': 'screen_lock_darwin'}}],
    'ldapservers': [{'name': 'JumpCloud LDAP'}],
    'activedirectories': [{'domain': 'corp.example.com'}],
    'gsuites': [{'name': 'Workspace'}],
    'office365s': [{'name': 'M365'}],
    'applemdms': [{'name': 'Main MDM'}],
    'appledevices': [{'serialNumber': 'C02LIST'}],
}

# (document, list path, where the items are: 'results' in v1 envelopes, None for v2 bare arrays)
LISTS = [
    (1, '/systemusers'), (1, '/systems'), (1, '/applications'), (1, '/radiusservers'), (1, '/commands'),
    (2, '/usergroups'), (2, '/systemgroups'), (2, '/policygroups'), (2, '/policies'), (2, '/policytemplates'),
    (2, '/ldapservers'), (2, '/activedirectories'), (2, '/directories'), (2, '/applemdms'),
]


@pytest.fixture(scope='module')
def seeded():
    sim = InProcessSimulator()
    sim.seed(SEED)
    return sim


def properties(spec, schema):
    schema = spec.deref(schema)
    names = set(schema.get('properties') or {})
    for part in schema.get('allOf') or []:
        names |= properties(spec, part)
    return names


def documented_item(sim, version, path):
    """The property names of the item schema of the list operation's 200 answer."""
    spec = sim.app.specs.get(version)
    op = spec.match('GET', path)[0]
    schema = spec.deref(op.responses['200'])
    return properties(spec, schema['properties']['results']['items'] if version == 1 else schema['items'])


def listed(sim, version, path):
    answer = sim.answer('GET', 'http://sim.invalid' + ('/api' if version == 1 else '/api/v2') + path, {'params': {'limit': 100}})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return body['results'] if version == 1 else body


@pytest.mark.documents
@pytest.mark.parametrize('version, path', LISTS)
def test_list_items_carry_only_what_the_document_describes(seeded, version, path):
    items = listed(seeded, version, path)
    assert items
    documented = documented_item(seeded, version, path)
    for item in items:
        assert set(item) <= documented, (path, sorted(set(item) - documented))


def test_the_command_list_is_cut_down_and_the_command_is_whole():
    sim = InProcessSimulator()
    [ident] = sim.seed({'commands': SEED['commands']})['commands']
    [item] = listed(sim, 1, '/commands')
    assert len(item['command']) == 10000 and not {'user', 'shell', 'timeout'} & set(item)
    whole = sim.answer('GET', 'http://sim.invalid/api/commands/' + ident, {}).json()
    assert len(whole['command']) == 10050 and whole['shell'] == '/bin/bash' and whole['timeout'] == '60'


def test_the_policy_list_and_update_answer_leave_out_notes_and_values():
    sim = InProcessSimulator()
    [ident] = sim.seed({'policies': SEED['policies']})['policies']
    [item] = listed(sim, 2, '/policies')
    assert set(item) == {'id', 'name', 'template'}
    whole = sim.answer('GET', 'http://sim.invalid/api/v2/policies/' + ident, {}).json()
    assert whole['notes'] == 'CIS' and 'values' in whole
    updated = sim.answer('PUT', 'http://sim.invalid/api/v2/policies/' + ident, {'json': {'name': 'Screen lock', 'notes': 'x'}})
    assert updated.status_code == 200 and set(updated.json()) == {'id', 'name', 'template'}


@pytest.mark.documents
def test_list_fields_return_only_those_fields_and_the_id(seeded):
    answer = seeded.answer('GET', 'http://sim.invalid/api/systems', {'params': {'fields': 'hostname os', 'limit': 10}})
    assert all(set(item) <= {'_id', 'hostname', 'os'} for item in answer.json()['results'])
