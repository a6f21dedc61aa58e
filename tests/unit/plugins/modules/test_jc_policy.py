"""jc_policy through a fake /api/v2/policies and /policytemplates: values by field name in, configFieldIDs out."""

from __future__ import annotations

import copy
from urllib.parse import urlparse

from ansible_collections.jcops.jumpcloud.plugins.modules import jc_policy
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse

WRITES = ('POST', 'PUT', 'PATCH', 'DELETE')
LOCK = {'id': 'a' * 24, 'name': 'screen_lock_darwin', 'displayName': 'Lock Screen', 'osMetaFamily': 'darwin'}
WIFI = {'id': 'b' * 24, 'name': 'wifi_darwin', 'displayName': 'Wi-Fi', 'osMetaFamily': 'darwin'}
FIELDS = {
    LOCK['id']: [{'id': 'f1', 'name': 'timeout', 'label': 'Idle time', 'displayType': 'number', 'defaultValue': 900,
                  'validators': {'min': 60, 'max': 7200}, 'position': 1},
                 {'id': 'f2', 'name': 'immediately', 'label': 'Immediately', 'displayType': 'checkbox', 'defaultValue': True,
                  'position': 2}],
    WIFI['id']: [{'id': 'w1', 'name': 'ssid', 'displayType': 'text', 'required': True, 'position': 1},
                 {'id': 'w2', 'name': 'passphrase', 'displayType': 'text', 'sensitive': True, 'position': 2}],
}


class PoliciesApi:
    """Lists give summaries, GET gives details (sensitive values hidden), PUT replaces and answers a summary."""

    def __init__(self):
        self.policies = {}

    def add(self, name, template, values):
        policy = {'id': '{0:024x}'.format(len(self.policies) + 1), 'name': name, 'notes': '', 'template': template,
                  'values': values}
        self.policies[policy['id']] = policy
        return policy

    def details(self, policy):
        values = [{k: v for k, v in entry.items() if not (k == 'value' and entry.get('sensitive'))} for entry in policy['values']]
        return dict(copy.deepcopy(policy), values=values, configFields=FIELDS[policy['template']['id']])

    def __call__(self, method, url, kwargs):
        parts = [part for part in urlparse(url).path.split('/')[3:] if part]
        params = kwargs.get('params') or {}
        body = kwargs.get('json')
        if parts == ['policytemplates']:
            return FakeResponse(200, [LOCK, WIFI][params['skip']:])
        if parts[0] == 'policytemplates':
            template = LOCK if parts[1] == LOCK['id'] else WIFI
            return FakeResponse(200, dict(template, configFields=FIELDS[template['id']]))
        if parts == ['policies'] and method == 'GET':
            found = [{'id': p['id'], 'name': p['name'], 'template': p['template']} for p in self.policies.values()
                     if params.get('filter') == 'name:eq:' + p['name']]
            return FakeResponse(200, found[params['skip']:])
        if parts == ['policies'] and method == 'POST':
            template = LOCK if body['template']['id'] == LOCK['id'] else WIFI
            return FakeResponse(201, self.details(self.add(body['name'], template, body.get('values', []))))
        policy = self.policies[parts[1]]
        if method == 'GET':
            return FakeResponse(200, self.details(policy))
        if method == 'PUT':
            kept = {entry['configFieldID']: entry for entry in policy['values'] if entry.get('sensitive')}
            policy['values'] = [entry if 'value' in entry else kept[entry['configFieldID']] for entry in body['values']]
            policy.update(name=body['name'], notes=body.get('notes', ''))
            return FakeResponse(200, {'id': policy['id'], 'name': policy['name'], 'template': policy['template']})
        del self.policies[policy['id']]
        return FakeResponse(204)


def writes(session):
    return [(method, urlparse(url).path, kwargs.get('json')) for method, url, kwargs in session.sent if method in WRITES]


def test_create_translates_names_to_field_ids(run_module):
    api = PoliciesApi()
    result, session = run_module(jc_policy, {'name': 'lock', 'template': 'Lock Screen', 'values': {'timeout': '600'}}, api)
    assert result['changed'] and not result['failed']
    body = {'name': 'lock', 'template': {'id': LOCK['id']}, 'values': [{'configFieldID': 'f1', 'value': 600}]}
    assert writes(session) == [('POST', '/api/v2/policies', body)]
    assert result['policy']['values'] == {'timeout': 600}
    assert result['diff']['after']['values'] == {'timeout': 600}


def test_update_writes_every_value_back_and_keeps_held_secrets(run_module):
    api = PoliciesApi()
    api.add('wifi', WIFI, [{'configFieldID': 'w1', 'value': 'corp'}, {'configFieldID': 'w2', 'value': 's3cret', 'sensitive': True}])
    api.add('lock', LOCK, [{'configFieldID': 'f1', 'value': 900}, {'configFieldID': 'f2', 'value': True}])
    result, session = run_module(jc_policy, {'name': 'lock', 'values': {'Idle time': 300}}, api)
    assert writes(session) == [('PUT', '/api/v2/policies/{0:024x}'.format(2), {
        'name': 'lock', 'notes': '', 'values': [{'configFieldID': 'f1', 'value': 300}, {'configFieldID': 'f2', 'value': True}]})]
    assert result['diff'] == {'before': {'name': 'lock', 'id': '{0:024x}'.format(2), 'values': {'timeout': 900}},
                              'after': {'name': 'lock', 'id': '{0:024x}'.format(2), 'values': {'timeout': 300}}}
    assert result['policy']['values'] == {'timeout': 300, 'immediately': True}
    result, session = run_module(jc_policy, {'name': 'wifi', 'values': {'ssid': 'home'}}, api)
    assert writes(session)[0][2]['values'] == [{'configFieldID': 'w1', 'value': 'home'}, {'configFieldID': 'w2', 'sensitive': True}]
    assert api.policies['{0:024x}'.format(1)]['values'][1]['value'] == 's3cret'


def test_unchanged_policy_and_check_mode_send_no_write(run_module):
    api = PoliciesApi()
    api.add('lock', LOCK, [{'configFieldID': 'f1', 'value': 600.0}])
    result, session = run_module(jc_policy, {'name': 'lock', 'template': 'screen_lock_darwin', 'values': {'timeout': 600}}, api)
    assert not result['changed'] and writes(session) == []
    result, session = run_module(jc_policy, {'name': 'lock', 'values': {'timeout': 60}, '_ansible_check_mode': True}, api)
    assert result['changed'] and writes(session) == []
    assert result['policy']['values'] == {'timeout': 60}


def test_another_template_is_refused_before_any_write(run_module):
    api = PoliciesApi()
    api.add('lock', LOCK, [{'configFieldID': 'f1', 'value': 600}])
    result, session = run_module(jc_policy, {'name': 'lock', 'template': 'Wi-Fi', 'values': {'ssid': 'x'}}, api)
    assert result['failed'] and writes(session) == []
    assert "template is set only when the policy is created (it is 'Lock Screen', the task asks for 'Wi-Fi')" in result['msg']


def test_a_policy_is_compared_whole_though_its_list_and_update_answers_are_cut_down(run_module, sim):
    """GET /policies lists {id, name, template} and PUT answers the same: the resource table says so, and the engine
    reads the policy by id after a lookup and after an update."""
    args = dict(name='Mac screen lock', template='screen_lock_darwin', notes='CIS 2.3.1', values={'timeout': 600})
    created, dummy = run_module(jc_policy, args, sim)
    assert created['changed'] and created['policy']['values']['timeout'] == 600
    again, session = run_module(jc_policy, args, sim)
    assert not again['changed'] and [method for method, dummy, dummy_kwargs in session.sent] == ['GET', 'GET']
    updated, session = run_module(jc_policy, dict(args, notes='CIS 2.3.2'), sim)
    assert updated['changed'] and updated['policy']['notes'] == 'CIS 2.3.2' and updated['policy']['values']['timeout'] == 600
    # lookup, read by id, the confirming read right before the whole-object PUT, the PUT, the check that it held
    assert [method for method, dummy, dummy_kwargs in session.sent] == ['GET', 'GET', 'GET', 'PUT', 'GET']
