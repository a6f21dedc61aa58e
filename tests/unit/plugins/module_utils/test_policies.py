from __future__ import annotations

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._policies import (
    Fields,
    coerce_value,
    expected_type,
    match_templates,
    outcome,
    pick_template,
    stats,
    template_matches,
    template_title,
    with_named_values,
)

TEMPLATES = [
    {'id': '1' * 24, 'name': 'filevault2_darwin', 'displayName': 'FileVault 2', 'osMetaFamily': 'darwin'},
    {'id': '2' * 24, 'name': 'password_complexity_darwin', 'displayName': 'Password Complexity', 'osMetaFamily': 'darwin'},
    {'id': '3' * 24, 'name': 'password_complexity_windows', 'displayName': 'Password Complexity', 'osMetaFamily': 'windows'},
    {'id': '4' * 24, 'name': 'password_complexity_linux', 'displayName': 'Password Complexity', 'osMetaFamily': 'linux'},
    {'id': '5' * 24, 'name': 'bitlocker_windows', 'displayName': 'BitLocker Full Disk Encryption', 'osMetaFamily': 'windows'},
    {'id': '6' * 24, 'name': 'twin_a', 'displayName': 'Twin', 'osMetaFamily': 'linux'},
    {'id': '7' * 24, 'name': 'twin_b', 'displayName': 'Twin', 'osMetaFamily': 'linux'},
]

CONFIG_FIELDS = [
    {'id': 'f-timeout', 'name': 'timeout', 'label': 'Idle time (seconds)', 'displayType': 'number', 'defaultValue': 900,
     'required': True, 'validators': {'min': 60, 'max': 7200}, 'position': 1},
    {'id': 'f-immediate', 'name': 'requirePassword', 'label': 'Require the password', 'displayType': 'checkbox',
     'defaultValue': True, 'position': 2},
    {'id': 'f-mode', 'name': 'mode', 'label': 'Mode', 'displayType': 'select', 'defaultValue': 'auto', 'position': 3,
     'displayOptions': {'options': [{'label': 'Automatic', 'value': 'auto'}, {'label': 'Notify', 'value': 'notify'}]}},
    {'id': 'f-banner', 'name': 'banner', 'label': 'Banner', 'displayType': 'textarea', 'defaultValue': '', 'position': 4},
    {'id': 'f-ssid', 'name': 'ssid', 'label': 'Network', 'displayType': 'text', 'defaultValue': '', 'required': True,
     'position': 5},
    {'id': 'f-pin', 'name': 'pin', 'label': 'PIN', 'displayType': 'text', 'sensitive': True, 'position': 6},
    {'id': 'f-serial', 'name': 'serial', 'label': 'Serial', 'displayType': 'text', 'readOnly': True, 'position': 7},
    {'id': 'f-apps', 'name': 'apps', 'label': 'Apps', 'displayType': 'table', 'position': 8},
    {'id': 'f-file', 'name': 'upload', 'label': 'Upload', 'displayType': 'objectstoragefile', 'position': 9},
]


def fields():
    return Fields(CONFIG_FIELDS, TEMPLATES[0])


# -- templates -------------------------------------------------------------------------------------

@pytest.mark.parametrize('ident, family, names', [
    ('FileVault 2', None, ['filevault2_darwin']),
    ('filevault2_darwin', None, ['filevault2_darwin']),
    ('1' * 24, None, ['filevault2_darwin']),
    ('Password Complexity', None, ['password_complexity_darwin', 'password_complexity_windows', 'password_complexity_linux']),
    ('Password Complexity', 'windows', ['password_complexity_windows']),
    ('FileVault 2', 'windows', []),
    ('filevault 2', None, []),
])
def test_match_templates_is_exact_and_narrowed_by_family(ident, family, names):
    assert [tmpl['name'] for tmpl in match_templates(TEMPLATES, ident, family)] == names


def test_pick_template_returns_the_only_match():
    assert pick_template(TEMPLATES, 'Password Complexity', 'linux')['id'] == '4' * 24


def test_an_ambiguous_template_lists_the_candidates_and_the_families():
    with pytest.raises(JumpCloudValueError) as exc:
        pick_template(TEMPLATES, 'Password Complexity')
    message = str(exc.value)
    assert message.startswith("template: policy template 'Password Complexity' is ambiguous: 3 templates")
    assert 'password_complexity_darwin, darwin' in message and 'password_complexity_windows, windows' in message
    assert 'set os_family (darwin, linux, windows)' in message


def test_templates_alike_in_one_family_can_only_be_told_apart_by_id():
    with pytest.raises(JumpCloudValueError) as exc:
        pick_template(TEMPLATES, 'Twin', 'linux')
    assert 'give the template by its id' in str(exc.value)


def test_an_unknown_template_suggests_close_names():
    with pytest.raises(JumpCloudValueError) as exc:
        pick_template(TEMPLATES, 'Filevault')
    assert str(exc.value) == ("template: no policy template 'Filevault'; did you mean: 'FileVault 2' (filevault2_darwin, darwin, "
                              "id {0})?".format('1' * 24))


def test_a_template_of_another_family_says_where_it_exists():
    with pytest.raises(JumpCloudValueError) as exc:
        pick_template(TEMPLATES, 'FileVault 2', 'windows')
    assert "template: no policy template 'FileVault 2' for os_family 'windows'; it exists for: 'FileVault 2' (filevault2_darwin, darwin" \
        in str(exc.value)


def test_an_unknown_template_with_nothing_close_points_to_the_listing():
    with pytest.raises(JumpCloudValueError) as exc:
        pick_template(TEMPLATES, 'Kiosk')
    assert 'list_templates=true' in str(exc.value)


def test_template_matches_and_title():
    assert template_matches(TEMPLATES[0], 'FileVault 2', 'darwin')
    assert template_matches(TEMPLATES[0], 'filevault2_darwin')
    assert template_matches(TEMPLATES[0], None, 'darwin')
    assert template_matches(TEMPLATES[0])
    assert not template_matches(TEMPLATES[0], 'FileVault 2', 'linux')
    assert not template_matches(None, 'FileVault 2')
    assert template_title(TEMPLATES[0]) == 'FileVault 2'
    assert template_title({'id': 'x'}) == 'x'


# -- values ----------------------------------------------------------------------------------------

FIELD = {f['name']: f for f in CONFIG_FIELDS}


@pytest.mark.parametrize('name, value, coerced', [
    ('requirePassword', True, True),
    ('requirePassword', 'yes', True),
    ('requirePassword', 'False', False),
    ('requirePassword', 'maybe', None),
    ('requirePassword', 1, True),
    ('requirePassword', 0, False),
    ('requirePassword', 2, None),
    ('requirePassword', 1.0, None),
    ('timeout', 600, 600),
    ('timeout', 600.0, 600),
    ('timeout', '600', 600),
    ('timeout', '600.5', 600.5),
    ('timeout', 'ten minutes', None),
    ('timeout', True, None),
    ('timeout', 59, None),
    ('timeout', 7201, None),
    ('mode', 'notify', 'notify'),
    ('mode', 'Notify', None),
    ('banner', 'Authorized use only', 'Authorized use only'),
    ('banner', 180, None),
    ('apps', ['a'], ['a']),
    ('apps', 'a', None),
    ('upload', {'anything': 1}, {'anything': 1}),
])
def test_coerce_value_by_display_type(name, value, coerced):
    assert coerce_value(FIELD[name], value) == coerced


def test_a_choice_given_as_text_takes_the_options_own_type():
    field = {'displayType': 'radio', 'displayOptions': {'options': [{'value': 1}, {'value': 2}]}}
    assert coerce_value(field, '2') == 2
    assert coerce_value(field, True) is None


def test_expected_type_in_words():
    assert expected_type(FIELD['timeout']) == 'a number from 60 to 7200'
    assert expected_type({'displayType': 'number', 'validators': {'min': 0}}) == 'a number of at least 0'
    assert expected_type({'displayType': 'number', 'validators': {'max': 5}}) == 'a number of at most 5'
    assert expected_type({'displayType': 'number'}) == 'a number'
    assert expected_type(FIELD['mode']) == "one of 'auto', 'notify'"
    assert expected_type(FIELD['requirePassword']) == 'a boolean'
    assert expected_type(FIELD['apps']) == 'a list'
    assert expected_type(FIELD['banner']) == 'a string'
    assert expected_type(FIELD['upload']) == 'a value'


def test_translate_by_name_or_unique_label():
    values, secret = fields().translate({'timeout': '600', 'Require the password': False}, {'pin': '1234'})
    assert values == {'timeout': 600, 'requirePassword': False}
    assert secret == {'pin': '1234'}
    assert fields().translate(None, None) == ({}, {})


def test_translate_reports_every_problem_at_once():
    with pytest.raises(JumpCloudValueError) as exc:
        fields().translate({'nope': 1, 'other': 2, 'timeout': 'ten', 'mode': 'x', 'serial': 'A1', 'pin': '1'},
                           {'banner': 'b'})
    message = str(exc.value)
    assert message.startswith("Policy template 'FileVault 2' (filevault2_darwin, darwin, id 1111")
    assert "values.nope, values.other: unknown fields; its fields are: timeout (a number from 60 to 7200), requirePassword (a boolean)" in message
    assert 'pin [sensitive] (a string)' in message
    assert "values.timeout: field 'timeout' takes a number from 60 to 7200, not 'ten'" in message
    assert "values.mode: field 'mode' takes one of 'auto', 'notify', not 'x'" in message
    assert "values.serial: field 'serial' is read-only" in message
    assert "values.pin: field 'pin' is sensitive: give it in sensitive_values" in message
    assert "sensitive_values.banner: field 'banner' is not sensitive: give it in values" in message


def test_translate_refuses_a_field_given_twice_and_hides_a_bad_sensitive_value():
    with pytest.raises(JumpCloudValueError) as exc:
        fields().translate({'timeout': 600, 'Idle time (seconds)': 700}, None)
    assert "values.Idle time (seconds): field 'timeout' is given twice ('timeout' and 'Idle time (seconds)')" in str(exc.value)
    secret_fields = Fields([{'id': 'n', 'name': 'pin', 'displayType': 'number', 'sensitive': True}])
    with pytest.raises(JumpCloudValueError) as exc:
        secret_fields.translate(None, {'pin': 'not-a-number-s3cret'})
    assert 'not-a-number-s3cret' not in str(exc.value)
    assert "field 'pin' takes a number, not (a sensitive value)" in str(exc.value)


def test_a_template_without_fields_takes_no_values():
    with pytest.raises(JumpCloudValueError) as exc:
        Fields([], {'name': 'disable_usb_storage_linux'}).translate({'x': 1}, None)
    assert "values.x: unknown field; it takes no values" in str(exc.value)


def test_labels_shared_by_two_fields_are_not_names():
    shared = Fields([{'id': 'a', 'name': 'a', 'label': 'Same', 'displayType': 'text'},
                     {'id': 'b', 'name': 'b', 'label': 'Same', 'displayType': 'text'}])
    assert shared.field('Same') is None
    assert shared.field('a')['id'] == 'a'


def test_missing_required_fields_without_defaults():
    assert fields().missing_required({'timeout': 60}, {}) == ['ssid']
    assert fields().missing_required({'ssid': 'corp'}) == []
    with pytest.raises(JumpCloudValueError) as exc:
        fields().translate({'timeout': 600}, None, creating=True)
    assert str(exc.value).endswith(': values: a new policy needs ssid (required, with no default)')
    assert fields().translate({'ssid': 'corp'}, None, creating=True) == ({'ssid': 'corp'}, {})
    assert fields().translate({'timeout': 600}, None) == ({'timeout': 600}, {})


def test_values_from_the_api_by_name_without_sensitive_values():
    api = [{'configFieldID': 'f-timeout', 'value': 600.0}, {'configFieldID': 'f-mode', 'value': 'auto', 'sensitive': False},
           {'configFieldID': 'f-pin', 'sensitive': True}, {'configFieldID': 'f-pin-shown', 'value': 'x', 'sensitive': True},
           {'configFieldID': 'unknown-field', 'value': 1}, {'configFieldID': 'f-immediate'}, 'junk']
    assert fields().by_name_from_api(api) == {'timeout': 600, 'mode': 'auto', 'unknown-field': 1}
    leaked = [{'configFieldID': 'f-pin', 'value': '1234'}]
    assert fields().by_name_from_api(leaked) == {}


def test_values_to_the_api_keep_held_sensitive_values_and_field_order():
    held = [{'configFieldID': 'f-pin', 'sensitive': True}, {'configFieldID': 'f-timeout', 'value': 900}]
    assert fields().to_api({'mode': 'auto', 'timeout': 600, 'unknown-field': 1}, None, held) == [
        {'configFieldID': 'f-timeout', 'value': 600},
        {'configFieldID': 'f-mode', 'value': 'auto'},
        {'configFieldID': 'f-pin', 'sensitive': True},
        {'configFieldID': 'unknown-field', 'value': 1},
    ]
    assert fields().to_api({}, {'pin': '4321'}, held) == [{'configFieldID': 'f-pin', 'value': '4321', 'sensitive': True}]
    assert fields().to_api(None) == []


def test_held_sensitive_names():
    assert fields().held_sensitive([{'configFieldID': 'f-pin', 'sensitive': True}, {'configFieldID': 'f-timeout', 'value': 1}]) == {'pin'}
    assert fields().held_sensitive([]) == set()


def test_with_named_values():
    policy = {'id': 'p', 'values': [{'configFieldID': 'f-timeout', 'value': 600}, {'configFieldID': 'f-pin', 'sensitive': True}],
              'configFields': CONFIG_FIELDS}
    assert with_named_values(policy)['values'] == {'timeout': 600}
    assert policy['values'][0] == {'configFieldID': 'f-timeout', 'value': 600}
    assert with_named_values({'id': 'p'}) == {'id': 'p'}
    assert with_named_values(None) is None


# -- stats -----------------------------------------------------------------------------------------

@pytest.mark.parametrize('status, result', [
    ({'state': 'success', 'success': True}, 'success'),
    ({'state': 'SUCCESS'}, 'success'),
    ({'state': 'failed', 'success': False}, 'failed'),
    ({'state': 'pending', 'success': False}, 'pending'),
    ({'state': 'Pending'}, 'pending'),
    ({'state': 'error', 'exitStatus': 1}, 'failed'),
    ({}, 'failed'),
])
def test_outcome(status, result):
    assert outcome(status) == result


def test_stats_count_each_bound_system_once_by_its_latest_status():
    statuses = [
        {'systemID': 's1', 'success': True, 'state': 'success', 'endedAt': '2026-01-01T10:00:00Z'},
        {'systemID': 's2', 'success': False, 'state': 'failed', 'endedAt': '2026-01-01T10:00:00Z'},
        {'systemID': 's2', 'success': True, 'state': 'success', 'endedAt': '2026-01-02T10:00:00Z'},
        {'systemID': 's3', 'success': False, 'state': 'failed', 'endedAt': '2026-01-03T10:00:00Z'},
        {'systemID': 's4', 'state': 'pending', 'startedAt': '2026-01-03T10:00:00Z'},
        {'systemID': 'gone', 'success': True, 'state': 'success'},
        {'success': True},
    ]
    assert stats(['s1', 's2', 's3', 's4', 's5', 's1'], statuses) == dict(success=2, failed=1, pending=2, total=5)
    assert stats([], statuses) == dict(success=0, failed=0, pending=0, total=0)
