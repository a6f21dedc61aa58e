"""The export's pure parts: options read back from API objects, template names, department inference, names."""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._entities import RADIUS_SERVER, USER_GROUP
from ansible_collections.jcops.jumpcloud.plugins.module_utils._export import (
    Exporter,
    entity_options,
    infer_departments,
    slug,
    sorted_keys,
)


def test_entity_options_are_the_modules_options():
    group = {'id': 'g1', 'name': 'Engineering', 'description': '', 'email': None,
             'attributes': {'sudo': {'enabled': True, 'withoutPassword': False, 'extra': 1},
                            'ldapGroups': [{'name': 'eng'}], 'radius': {'reply': []}, 'sambaEnabled': False}}
    assert entity_options(USER_GROUP, group) == {
        'sudo': {'enabled': True, 'without_password': False}, 'ldap_groups': ['eng'], 'samba_enabled': False}


def test_entity_options_leave_secrets_out_and_use_the_choices_case():
    server = {'_id': 'r1', 'name': 'Wi-Fi', 'networkSourceIp': '203.0.113.10', 'sharedSecret': 'never',
              'userLockoutAction': 'remove', 'userPasswordExpirationAction': 'SOMETHING_NEW', 'tagNames': ['a']}
    assert entity_options(RADIUS_SERVER, server) == {
        'network_source_ip': '203.0.113.10', 'user_lockout_action': 'REMOVE',
        'user_password_expiration_action': 'SOMETHING_NEW', 'tags': ['a']}


def test_template_reference_prefers_an_unambiguous_display_name():
    catalogue = [
        {'id': 't1', 'name': 'password_complexity_darwin', 'displayName': 'Password Complexity', 'osMetaFamily': 'darwin'},
        {'id': 't2', 'name': 'password_complexity_windows', 'displayName': 'Password Complexity', 'osMetaFamily': 'windows'},
        {'id': 't3', 'name': 'dup_a', 'displayName': 'Twin', 'osMetaFamily': 'linux'},
        {'id': 't4', 'name': 'dup_b', 'displayName': 'Twin', 'osMetaFamily': 'linux'},
        {'id': 't5', 'name': 'same', 'displayName': 'Same', 'osMetaFamily': 'linux'},
        {'id': 't6', 'name': 'same', 'displayName': 'Same', 'osMetaFamily': 'linux'},
    ]
    reference = Exporter.template_reference
    assert reference(catalogue[0], catalogue) == {'template': 'Password Complexity', 'os_family': 'darwin'}
    assert reference(catalogue[2], catalogue) == {'template': 'dup_a', 'os_family': 'linux'}
    assert reference(catalogue[4], catalogue) == {'template': 't5'}


def test_departments_get_what_all_their_users_hold_and_common_is_apart():
    departments = {'Sales': {'g', 'l'}, 'Engineering': {'a', 'b'}}
    holders = {
        ('user_groups', 'All staff'): {'a', 'b', 'g', 'l', 'k'},
        ('user_groups', 'Engineering'): {'a', 'b'},
        ('user_groups', 'VPN'): {'a', 'g'},            # not every user of either department
        ('applications', 'Slack'): {'a', 'b', 'g', 'l'},
        ('applications', 'GitHub'): {'a', 'b', 'g'},   # every engineer, one of sales
        ('system_groups', 'Laptops'): {'a', 'b'},
    }
    by_department, common = infer_departments(departments, holders)
    assert list(by_department) == ['Engineering', 'Sales']
    assert by_department['Engineering'] == {'applications': ['GitHub'], 'system_groups': ['Laptops'], 'user_groups': ['Engineering']}
    assert by_department['Sales'] == {}
    assert common == {'applications': ['Slack'], 'user_groups': ['All staff']}


def test_a_single_department_has_no_common_set():
    by_department, common = infer_departments({'Ops': {'a'}}, {('user_groups', 'All'): {'a', 'b'}})
    assert by_department == {'Ops': {'user_groups': ['All']}} and common == {}


def test_slug_and_sorted_keys():
    assert slug('Office Wi-Fi (HQ)') == 'office_wi_fi_hq'
    assert list(sorted_keys({'b': 1, 'a': [{'d': 1, 'c': 2}]})) == ['a', 'b']
    assert list(sorted_keys({'a': [{'d': 1, 'c': 2}]})['a'][0]) == ['c', 'd']


def test_secret_variables_are_unique():
    exporter = Exporter(client=None)
    first = exporter.secret('radius_wifi_shared_secret', 'one')
    second = exporter.secret('radius_wifi_shared_secret', 'two')
    assert (first, second) == ('{{ vault_radius_wifi_shared_secret }}', '{{ vault_radius_wifi_shared_secret_2 }}')
    assert exporter.secrets == {'vault_radius_wifi_shared_secret': 'one', 'vault_radius_wifi_shared_secret_2': 'two'}
