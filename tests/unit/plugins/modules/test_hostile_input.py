"""Hostile input, generated from every module's argument spec and run in-process against the simulator.

Each bad input must end ``failed`` with a message that names the option, send no write (the simulator's request log
holds no POST/PUT/PATCH/DELETE) and raise no traceback. The cases come from the argument specs themselves (wrong
types, unknown choices, missing required options, mutually exclusive options, empty, oversized and control-character
text, malformed ids) plus a table of what a spec cannot say (unknown and ambiguous references, malformed common
options). Every case is its own test: a failure names the module, the option and what was wrong.
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass, field

import pytest

from ansible_collections.jcops.jumpcloud.plugins import modules as modules_package
from ansible_collections.jcops.jumpcloud.plugins.module_utils._input import SINGLE_LINE
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import common_argument_spec
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.modules.conftest import Traceback, argument_spec, import_module

MODULES = sorted(name for dummy, name, dummy2 in pkgutil.iter_modules(modules_package.__path__) if name.startswith('jc_'))

# Arguments with which each module runs cleanly against SEED: a case changes one thing.
BASE = {
    'jc_access_request': dict(requestor='alice', resource_type='device', resource='web-1', expiry='2030-01-31T18:00:00Z'),
    'jc_access_request_info': {},
    'jc_administrator_organization': dict(administrator='oncall@msp.example', organization='Acme Corp'),
    'jc_api': dict(path='/api/systemusers'),
    'jc_apple_mdm_device': dict(serial_number='C02AAAAAAAAA', action='restart'),
    'jc_apple_mdm_device_info': {},
    'jc_application_info': {},
    'jc_association': dict(source_type='user', source='alice', target_type='system', targets=['web-1']),
    'jc_association_info': dict(source_type='user', source='alice'),
    'jc_command': dict(name='Weekly patch', command='apt-get update', command_type='linux'),
    'jc_command_result_info': {},
    'jc_command_run': dict(command='nightly', systems=['web-1']),
    'jc_directory_domain': dict(directory_type='office_365', domain='example.org'),
    'jc_event_info': {},
    'jc_export_info': {},
    'jc_fleet_info': {},
    'jc_organization_info': {},
    'jc_policy': dict(name='Mac screen lock', template='screen_lock_darwin', values={'timeout': 600}),
    'jc_policy_group': dict(name='Mac policies'),
    'jc_policy_group_info': {},
    'jc_policy_info': {},
    'jc_radius_server': dict(name='office', network_source_ip='10.0.0.1', shared_secret='s3cret-value'),
    'jc_radius_server_info': {},
    'jc_resolve': dict(type='user', names=['alice']),
    'jc_system': dict(name='web-1'),
    'jc_system_group': dict(name='Servers'),
    'jc_system_group_info': {},
    'jc_system_info': {},
    'jc_system_insights_info': dict(table='os_version', systems=['web-1']),
    'jc_translation_rule': dict(directory_type='office_365', rule='user_department'),
    'jc_user': dict(username='carol', email='carol@example.com'),
    'jc_user_group': dict(name='Engineering'),
    'jc_user_group_info': {},
    'jc_user_import': dict(source='workday'),
    'jc_user_import_info': dict(source='workday'),
    'jc_user_info': {},
    'jc_users': dict(users=[dict(username='carol', email='carol@example.com')]),
    'jc_leavers': dict(leavers=['alice']),
}

SEED = {
    'systemusers': [{'username': 'alice', 'email': 'alice@example.com'}, {'username': 'bob', 'email': 'bob@example.com'}],
    'systems': [{'displayName': 'web-1', 'hostname': 'web-1.example.com', 'os': 'Ubuntu'},
                {'displayName': 'twin', 'hostname': 'twin-a.example.com', 'os': 'Ubuntu'},
                {'displayName': 'twin', 'hostname': 'twin-b.example.com', 'os': 'Ubuntu'}],
    'commands': [{'name': 'nightly', 'command': 'uptime', 'commandType': 'linux'}],
    'applemdms': [{'name': 'Apple MDM'}],
    'appledevices': [{'serialNumber': 'C02AAAAAAAAA', 'mdmOsFamily': 'macOS'}],
}

# A well-formed value per option type, for the options a case gives together (mutually exclusive, required_if).
PLAUSIBLE = {'str': 'x', 'int': 1, 'bool': True, 'list': ['x'], 'dict': {'x': 'y'}, 'raw': 'x', 'float': 1.0, 'path': '/tmp/x'}

WRONG_TYPE = {'int': 'not-a-number', 'bool': 'maybe', 'list': {'not': 'a list'}, 'dict': 'not a dict', 'float': 'x'}

COMMON = common_argument_spec()

BAD_COMMON = [
    ('timeout', 0), ('timeout', -1), ('timeout', 10 ** 12), ('timeout', 'soon'),
    ('max_retries', -3), ('max_retries', 10 ** 6),
    ('api_url', 'htp://console.example.com'), ('api_url', 'not a url'), ('api_url', 'http://'),
    ('api_url', 'ftp://console.example.com'), ('api_url', 'https://console.example.com/api?x=1'),
    ('api_key', 'kéy-€'), ('api_key', 'key\x00with-nul'), ('api_key', 'two\nlines'), ('api_key', ' \n'),
    ('org_id', 'org\r\nx-injected: 1'), ('org_id', 'orgé'),
    ('region', 'mars'), ('validate_certs', 'maybe'),
    # a service account instead of the key (an empty api_key counts as unset)
    ('client_id', 'sa-0123456789abcdef'),
    ('client_id', 'sa-\nsplit', dict(api_key='', client_secret='sa-secret')),
    ('client_secret', 'sa-s\u00e9cret', dict(api_key='', client_id='sa-0123456789abcdef')),
    ('client_secret', '', dict(api_key='', client_id='sa-0123456789abcdef')),
    ('token_url', 'htp://oauth.example.com/token', dict(api_key='', client_id='sa-0123456789abcdef', client_secret='sa-secret')),
]


@dataclass
class Case:
    module: str
    option: str             # the option the message must name
    args: dict
    what: str
    seed: dict = field(default_factory=dict)

    @property
    def id(self):
        return '{0}-{1}-{2}'.format(self.module, self.option, self.what)


def text_rule(rules, option):
    return (rules.get('text') or {}).get(option, SINGLE_LINE)


def _is_text(spec):
    return spec.get('type', 'str') == 'str' and not spec.get('choices') and not spec.get('no_log')


def spec_cases(module_name):
    spec, rules = argument_spec(module_name)
    base = BASE[module_name]
    cases = []

    def case(option, what, **changes):
        args = dict(base)
        for key, value in changes.items():
            if value is _OMIT:
                args.pop(key, None)
            else:
                args[key] = value
        cases.append(Case(module_name, option, args, what))

    for option, option_spec in sorted(spec.items()):
        if option in COMMON:
            continue
        kind = option_spec.get('type', 'str')
        if option_spec.get('choices'):
            bad = ['no-such-choice'] if kind == 'list' else 'no-such-choice'
            case(option, 'unknown-choice', **{option: bad})
        if kind in WRONG_TYPE:
            case(option, 'wrong-type', **{option: WRONG_TYPE[kind]})
        if option_spec.get('required') and option_spec.get('default') is None:
            case(option, 'missing', **{option: _OMIT})
        if kind == 'list' and option_spec.get('elements', 'str') == 'str' and not option_spec.get('choices') \
                and not option_spec.get('no_log'):
            rule = text_rule(rules, option)
            case(option, 'oversized-item', **{option: ['x' * (max(rule.max_length, 10240) + 1)]})
            case(option, 'control-char-item', **{option: ['a\x00b']})
        if _is_text(option_spec):
            rule = text_rule(rules, option)
            case(option, 'oversized', **{option: 'x' * (max(rule.max_length, 10240) + 1)})
            case(option, 'nul', **{option: 'a\x00b'})
            case(option, 'escape', **{option: 'a\x1b[31mb'})
            if not rule.multiline:
                case(option, 'newline', **{option: 'a\nb'})
            if option in ('id', 'workflow_request_id') or option == 'name' and module_name not in ('jc_access_request',):
                case(option, 'empty', **{option: ''})
        if option in ('id', 'workflow_request_id'):
            case(option, 'path-traversal', **{option: '../v2/usergroups'})
            case(option, 'malformed', **{option: 'not an id'})
    for group in rules.get('required_one_of', []):
        case(group[0], 'none-of', **{option: _OMIT for option in group})
    for group in rules.get('mutually_exclusive', []):
        case(group[0], 'exclusive', **{option: PLAUSIBLE[spec[option].get('type', 'str')] for option in group})
    for group in rules.get('required_together', []):
        case(group[1], 'together', **{group[0]: PLAUSIBLE[spec[group[0]].get('type', 'str')], group[1]: _OMIT})
    for key, value, required, *dummy in rules.get('required_if', []):
        case(required[0], 'required-if', **{key: value, **{option: _OMIT for option in required}})
    for option, value, *extra in BAD_COMMON:
        if option == 'org_id' and not rules['organization_scoped']:
            continue  # modules working across organizations ignore org_id
        case(option, 'common', **dict(extra[0] if extra else {}, **{option: value}))
    return cases


class _Omit:
    def __repr__(self):
        return '<omit>'


_OMIT = _Omit()


# What an argument spec cannot say: references to objects that do not exist or are ambiguous, and values the API
# would refuse only after a write had begun.
TABLE = [
    Case('jc_user', 'manager', dict(BASE['jc_user'], manager='nobody'), 'unknown-ref'),
    Case('jc_user', 'username', dict(BASE['jc_user'], username='   '), 'blank'),
    Case('jc_user', 'email', dict(BASE['jc_user'], email='x' * 1025 + '@example.com'), 'documented-limit'),
    Case('jc_user', 'employee_identifier', dict(BASE['jc_user'], employee_identifier='x' * 257), 'documented-limit'),
    Case('jc_user', 'attributes', dict(BASE['jc_user'], attributes=[{'name': 'a', 'value': 'v' * 1025}]),
         'documented-limit'),
    Case('jc_user', 'phone_numbers', dict(BASE['jc_user'], phone_numbers=[{'number': '1\x002'}]), 'control-char'),
    Case('jc_user_group', 'members', dict(BASE['jc_user_group'], members=['alice', 'nobody']), 'unknown-ref'),
    Case('jc_user_group', 'sudo', dict(BASE['jc_user_group'], sudo={'enabled': 'maybe', 'without_password': False}),
         'wrong-type-suboption'),
    Case('jc_user_group', 'posix_groups', dict(BASE['jc_user_group'], posix_groups=[{'id': 'x', 'name': 'g'}]),
         'wrong-type'),
    Case('jc_user_group', 'radius_reply_attributes',
         dict(BASE['jc_user_group'], radius_reply_attributes=[{'name': 'a\x00', 'value': 'b'}]), 'control-char'),
    Case('jc_system_group', 'members', dict(BASE['jc_system_group'], members=['twin']), 'ambiguous-ref'),
    Case('jc_system', 'name', dict(BASE['jc_system'], name='twin'), 'ambiguous'),
    Case('jc_system', 'name', dict(BASE['jc_system'], name='no-such-system'), 'unknown'),
    Case('jc_association', 'source', dict(BASE['jc_association'], source='nobody'), 'unknown-ref'),
    Case('jc_association', 'targets', dict(BASE['jc_association'], targets=['twin']), 'ambiguous-ref'),
    Case('jc_association', 'targets', dict(BASE['jc_association'], targets=[{'bogus': 1}]), 'malformed'),
    Case('jc_association', 'target_type', dict(BASE['jc_association'], target_type='command'), 'illegal-pair'),
    Case('jc_association_info', 'source', dict(BASE['jc_association_info'], source='x' * 10241), 'oversized'),
    Case('jc_policy', 'template', dict(BASE['jc_policy'], template='no such template'), 'unknown-template'),
    Case('jc_policy', 'values', dict(BASE['jc_policy'], values={'noSuchField': 1}), 'unknown-field'),
    Case('jc_policy', 'values', dict(BASE['jc_policy'], values={'timeout': 'soon'}), 'wrong-value-type'),
    Case('jc_radius_server', 'network_source_ip', dict(BASE['jc_radius_server'], network_source_ip='10.0.0.1\n'),
         'newline'),
    Case('jc_access_request', 'requestor', dict(BASE['jc_access_request'], requestor='nobody'), 'unknown-ref'),
    Case('jc_access_request', 'expiry', dict(BASE['jc_access_request'], expiry='tomorrow'), 'malformed'),
    Case('jc_apple_mdm_device', 'serial_number', dict(BASE['jc_apple_mdm_device'], serial_number='NOSUCH'), 'unknown'),
    Case('jc_apple_mdm_device', 'confirm', dict(BASE['jc_apple_mdm_device'], action='erase'), 'unconfirmed'),
    Case('jc_user_info', 'id', {'id': '../systems/' + '0' * 24}, 'path-traversal'),
    Case('jc_user', 'id', {'id': '../v2/usergroups'}, 'path-traversal'),
    Case('jc_system_info', 'system_group', {'system_group': 'no-such-group'}, 'unknown-ref'),
    Case('jc_fleet_info', 'workers', {'workers': 0}, 'range'),
    Case('jc_fleet_info', 'workers', {'workers': 10 ** 6}, 'range'),
]

CASES = [case for module_name in MODULES for case in spec_cases(module_name)] + TABLE


@pytest.fixture
def seeded(sim):
    sim.seed(SEED)
    sim.clear_requests()
    return sim


@pytest.mark.parametrize('case', CASES, ids=[case.id for case in CASES])
def test_bad_input_fails_cleanly(case, seeded, run_sim):
    module = import_module(case.module)
    try:
        result = run_sim(module, case.args)
    except Traceback as exc:
        pytest.fail('traceback:\n{0}'.format(exc))
    writes = seeded.writes()
    assert result['failed'], result
    assert not writes, writes
    assert 'exception' not in result and 'Traceback' not in result['msg'], result
    assert case.option in result['msg'] or case.option.replace('_', ' ') in result['msg'], result['msg']


def test_there_are_enough_cases():
    assert len(CASES) >= 60
    assert {case.module for case in CASES} == set(MODULES) == set(BASE)


# Names with the filter metacharacters | : $ , & # ? / % that JumpCloud allows in names: create, find, rerun no-op.
METACHARACTER_NAMES = [pytest.param(module_name, name, id='{0}-{1}'.format(module_name, name)) for module_name, name in (
    ('jc_user_group', 'Sales, EMEA'), ('jc_user_group', 'R&D | Ops'), ('jc_user_group', 'a:b'), ('jc_user_group', 'cost $5'),
    ('jc_user_group', 'Team #1'), ('jc_user_group', 'Why?'),
    ('jc_user_group', 'Ops/EU'), ('jc_user_group', '100% remote'), ('jc_system_group', 'R&D: lab #2 / 50%'),
    ('jc_policy_group', 'Mac $ecurity?'), ('jc_user', 'a.b+c'), ('jc_user', 'r&d.ops'))]


@pytest.mark.parametrize('module_name, name', METACHARACTER_NAMES)
def test_names_with_filter_metacharacters_work(module_name, name, sim, run_sim):
    module = import_module(module_name)
    key = 'username' if module_name == 'jc_user' else 'name'
    args = {key: name}
    if module_name == 'jc_user':
        args['email'] = 'someone@example.com'
    created = run_sim(module, args)
    assert not created['failed'] and created['changed'], created
    again = run_sim(module, args)
    assert not again['failed'] and not again['changed'], again
    found = run_sim(import_module(module_name + '_info'), {key: name})
    listed = found['users' if module_name == 'jc_user' else module_name[3:] + 's']
    assert [obj[key] for obj in listed] == [name]
    assert not [entry for entry in sim.writes() if entry['method'] == 'POST'][1:]
