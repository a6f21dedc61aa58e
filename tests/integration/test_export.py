"""Export to code, round trip and drift: an organization built by hand is exported (playbooks/export.yml), the export
applied with playbooks/directory.yml changes nothing and writes nothing, a second export is the same, the department
map runs the onboarding role, and three changes made by hand are exactly what a --check --diff run reports."""

from __future__ import annotations

import re
import time

import requests
import yaml

from tests.integration.support import API_KEY, ROOT, tail
from tests.integration.test_playbooks import WRITES, changed
from tests.simulator.templates import build_templates

JIRA_1, JIRA_2 = '6e0000000000000000000a01', '6e0000000000000000000a02'
KIOSK_1, KIOSK_2 = '6e0000000000000000000c01', '6e0000000000000000000c02'
KIOSKS = '6e0000000000000000000d01'
FIELDS = {(template['name'], field['name']): field['id'] for template in build_templates() for field in template['configFields']}

SEED = yaml.safe_load("""
applications:
  - {displayLabel: GitHub, displayName: GitHub, name: github, ssoUrl: "https://sso.jumpcloud.com/saml2/github", config: {}}
  - {displayLabel: Slack, displayName: Slack, name: slack, ssoUrl: "https://sso.jumpcloud.com/saml2/slack", config: {}}
  - {_id: JIRA_1, displayLabel: Jira, displayName: Jira, name: jira, ssoUrl: "https://sso.jumpcloud.com/saml2/jira", config: {}}
  - {_id: JIRA_2, displayLabel: Jira, displayName: Jira, name: jira-sandbox, ssoUrl: "https://sso.jumpcloud.com/saml2/jira2", config: {}}
systems:
  - {displayName: mac-01, hostname: mac-01.local, os: Mac OS X, osFamily: darwin}
  - {displayName: mac-02, hostname: mac-02.local, os: Mac OS X, osFamily: darwin}
  - {displayName: build-01, hostname: build-01.example.com, os: Ubuntu, osFamily: linux}
  - {_id: KIOSK_1, displayName: kiosk, hostname: kiosk-a.local, os: Windows, osFamily: windows}
  - {_id: KIOSK_2, displayName: kiosk, hostname: kiosk-b.local, os: Windows, osFamily: windows}
systemusers:
  - {username: ada, email: ada@example.com, department: Engineering}
  - {username: alan, email: alan@example.com, department: Engineering}
  - {username: grace, email: grace@example.com, department: Sales}
  - {username: linus, email: linus@example.com, department: Sales}
  - {username: ken, email: ken@example.com}
usergroups:
  - {name: All staff, description: Everyone}
  - name: Engineering
    attributes:
      sudo: {enabled: true, withoutPassword: false}
      posixGroups: [{id: 5000, name: engineering}]
  - {name: Sales, description: Sales department}
  - name: VPN users
    email: vpn@example.com
    attributes: {radius: {reply: [{name: Tunnel-Private-Group-Id, value: "20"}]}}
  - {name: Contractors, membershipMethod: DYNAMIC_AUTOMATED}
systemgroups:
  - {name: Engineering laptops, description: MacBooks}
  - {id: KIOSKS, name: Kiosks}
  - {name: Spare devices}
radiusservers:
  - {name: Office Wi-Fi, networkSourceIp: 203.0.113.10, sharedSecret: radius-secret-never-exported, mfa: ENABLED,
     userLockoutAction: remove, tagNames: [office]}
policies:
  - name: FileVault
    template: {name: filevault2_darwin}
    values: [{configFieldID: FILEVAULT_KEY_TYPE, value: institutional}]
  - name: Office Wi-Fi profile
    template: {name: wifi_configuration_darwin}
    notes: Corporate SSID
    values:
      - {configFieldID: WIFI_SSID, value: Example-Corp}
      - {configFieldID: WIFI_PASSPHRASE, value: wifi-passphrase-never-exported, sensitive: true}
  - {name: Linux banner, template: {name: login_banner_linux}}
  - {name: USB storage off, template: {name: disable_usb_storage_linux}}
policygroups:
  - {name: macOS baseline}
members:
  - {group: {type: user_group, name: All staff}, member: {type: user, name: ada}}
  - {group: {type: user_group, name: All staff}, member: {type: user, name: alan}}
  - {group: {type: user_group, name: All staff}, member: {type: user, name: grace}}
  - {group: {type: user_group, name: All staff}, member: {type: user, name: linus}}
  - {group: {type: user_group, name: All staff}, member: {type: user, name: ken}}
  - {group: {type: user_group, name: Engineering}, member: {type: user, name: ada}}
  - {group: {type: user_group, name: Engineering}, member: {type: user, name: alan}}
  - {group: {type: user_group, name: Sales}, member: {type: user, name: grace}}
  - {group: {type: user_group, name: Sales}, member: {type: user, name: linus}}
  - {group: {type: user_group, name: VPN users}, member: {type: user, name: ada}}
  - {group: {type: user_group, name: VPN users}, member: {type: user, name: grace}}
  - {group: {type: user_group, name: Contractors}, member: {type: user, name: ken}}
  - {group: {type: system_group, name: Engineering laptops}, member: {type: system, name: mac-01}}
  - {group: {type: system_group, name: Engineering laptops}, member: {type: system, name: mac-02}}
  - {group: {type: system_group, id: KIOSKS}, member: {type: system, id: KIOSK_1}}
  - {group: {type: system_group, id: KIOSKS}, member: {type: system, id: KIOSK_2}}
  - {group: {type: policy_group, name: macOS baseline}, member: {type: policy, name: FileVault}}
  - {group: {type: policy_group, name: macOS baseline}, member: {type: policy, name: Office Wi-Fi profile}}
associations:
  - {from: {type: user_group, name: All staff}, to: {type: application, name: Slack}}
  - {from: {type: user_group, name: Engineering}, to: {type: application, name: GitHub}}
  - {from: {type: user_group, name: Engineering}, to: {type: system_group, name: Engineering laptops}}
  - {from: {type: user_group, name: Engineering}, to: {type: system, name: build-01},
     attributes: {sudo: {withoutPassword: true, enabled: true}}}
  - {from: {type: user_group, name: Sales}, to: {type: application, id: JIRA_1}}
  - {from: {type: user_group, name: VPN users}, to: {type: radius_server, name: Office Wi-Fi}}
  - {from: {type: policy_group, name: macOS baseline}, to: {type: system_group, name: Engineering laptops}}
  - {from: {type: policy, name: Linux banner}, to: {type: system, name: build-01}}
  - {from: {type: system_group, name: Kiosks}, to: {type: radius_server, name: Office Wi-Fi}}
  - {from: {type: user, name: ada}, to: {type: system_group, name: Engineering laptops}}
  - {from: {type: user, name: alan}, to: {type: system_group, name: Engineering laptops}}
  - {from: {type: user, name: ada}, to: {type: application, name: GitHub}}
  - {from: {type: user, name: alan}, to: {type: application, name: GitHub}}
  - {from: {type: user, name: grace}, to: {type: application, id: JIRA_1}}
  - {from: {type: user, name: linus}, to: {type: application, id: JIRA_1}}
  - {from: {type: user, name: ada}, to: {type: application, name: Slack}}
  - {from: {type: user, name: alan}, to: {type: application, name: Slack}}
  - {from: {type: user, name: grace}, to: {type: application, name: Slack}}
  - {from: {type: user, name: linus}, to: {type: application, name: Slack}}
""".replace('JIRA_1', JIRA_1).replace('JIRA_2', JIRA_2).replace('KIOSK_1', KIOSK_1).replace('KIOSK_2', KIOSK_2)
   .replace('KIOSKS', KIOSKS).replace('FILEVAULT_KEY_TYPE', FIELDS[('filevault2_darwin', 'recoveryKeyType')])
   .replace('WIFI_SSID', FIELDS[('wifi_configuration_darwin', 'ssid')])
   .replace('WIFI_PASSPHRASE', FIELDS[('wifi_configuration_darwin', 'passphrase')]))

EXPECTED_DEPARTMENTS = {
    'onboarding_departments': {
        'Engineering': {'applications': ['GitHub'], 'system_groups': ['Engineering laptops'], 'user_groups': ['Engineering']},
        'Sales': {'applications': [JIRA_1], 'user_groups': ['Sales']},
    },
    'onboarding_common': {'applications': ['Slack'], 'user_groups': ['All staff']},
}


def seed(simulator):
    simulator.reset()
    simulator.seed(SEED)
    return simulator.state()


def api(simulator, method, path, body=None):
    response = requests.request(method, simulator.url + path, json=body, headers={'x-api-key': API_KEY}, timeout=30)
    assert response.status_code < 300, response.text
    return response


def changed_items(output):
    """The labels of the loop items a run reported as changed."""
    return sorted(re.findall(r'^changed: \[localhost\] => \(item=(.*)\)$', output, re.MULTILINE))


def test_export_round_trip_and_drift(simulator, run_playbook, tmp_path):
    started = time.monotonic()
    state = seed(simulator)
    org = tmp_path / 'org'

    # export
    simulator.clear_requests()
    exported = run_playbook(str(ROOT / 'playbooks/export.yml'), '-e', 'export_dir=' + str(org), '-e', 'export_departments=true')
    assert exported.returncode == 0, tail(exported.stdout + exported.stderr)
    export_requests = simulator.requests()
    assert [request for request in export_requests if request['method'] in WRITES] == []
    directory = yaml.safe_load((org / 'directory.yml').read_text())
    files = {path.name: path.read_text() for path in org.iterdir()}
    assert sorted(files) == ['directory.yml', 'onboarding.yml', 'vault.example.yml']

    # what the export holds: names where unique, ids where not, no secret, dynamic groups without members
    groups = {group['name']: group for group in directory['directory_user_groups']}
    assert list(groups) == ['All staff', 'Contractors', 'Engineering', 'Sales', 'VPN users']
    assert groups['Engineering']['sudo'] == {'enabled': True, 'without_password': False}
    assert groups['Engineering']['members'] == ['ada', 'alan']
    assert 'members' not in groups['Contractors']
    assert groups['VPN users']['radius_reply_attributes'] == [{'name': 'Tunnel-Private-Group-Id', 'value': '20'}]
    device_groups = {group['name']: group for group in directory['directory_system_groups']}
    assert device_groups['Kiosks']['members'] == [KIOSK_1, KIOSK_2]
    assert device_groups['Spare devices']['members'] == []
    radius = directory['directory_radius_servers'][0]
    assert radius['user_lockout_action'] == 'REMOVE' and radius['tags'] == ['office']
    assert radius['shared_secret'] == '{{ vault_radius_office_wi_fi_shared_secret }}'
    policies = {policy['name']: policy for policy in directory['directory_policies']}
    assert policies['FileVault']['template'] == 'FileVault 2' and policies['FileVault']['os_family'] == 'darwin'
    assert policies['FileVault']['values']['recoveryKeyType'] == 'institutional'
    assert policies['Office Wi-Fi profile']['sensitive_values'] == {
        'passphrase': '{{ vault_policy_office_wi_fi_profile_passphrase }}'}
    assert 'passphrase' not in policies['Office Wi-Fi profile']['values']
    assert directory['directory_policy_groups'] == [{'name': 'macOS baseline', 'members': ['FileVault', 'Office Wi-Fi profile']}]
    bindings = {(binding['source'], binding['target_type']): binding['targets'] for binding in directory['directory_bindings']}
    assert bindings[('Engineering', 'system')] == [{'name': 'build-01', 'attributes': {'sudo': {'enabled': True, 'withoutPassword': True}}}]
    assert bindings[('Sales', 'application')] == [JIRA_1]
    assert bindings[('Kiosks', 'radius_server')] == ['Office Wi-Fi']
    assert bindings[('Linux banner', 'system')] == ['build-01']
    assert len(bindings) == 9
    assert yaml.safe_load(files['onboarding.yml']) == EXPECTED_DEPARTMENTS
    assert 'radius-secret-never-exported' not in str(files) and 'wifi-passphrase-never-exported' not in str(files)
    assert "User group 'Contractors' has dynamic membership" in exported.stdout

    # the round trip: the export applied to the same organization changes nothing and writes nothing
    simulator.clear_requests()
    applied = run_playbook(str(ROOT / 'playbooks/directory.yml'), '-e', '@' + str(org / 'directory.yml'),
                           '-e', '@' + str(org / 'vault.example.yml'))
    assert applied.returncode == 0, tail(applied.stdout + applied.stderr)
    assert changed(applied.stdout) == 0, tail(applied.stdout)
    assert [request for request in simulator.requests() if request['method'] in WRITES] == []
    assert 'binding links: 0 created, 0 updated, 0 removed' in applied.stdout

    # a second export gives the same files
    again = run_playbook(str(ROOT / 'playbooks/export.yml'), '-e', 'export_dir=' + str(org), '-e', 'export_departments=true')
    assert again.returncode == 0 and changed(again.stdout) == 0, tail(again.stdout + again.stderr)
    assert {path.name: path.read_text() for path in org.iterdir()} == files

    # the department map runs the onboarding role (check mode: every name in it resolves)
    hire = run_playbook(str(ROOT / 'playbooks/onboard.yml'), '-e', '@' + str(org / 'onboarding.yml'), '-e', 'onboarding_csv=',
                        '-e', '{"onboarding_hires": [{"username": "new.hire", "email": "new.hire@example.com", '
                              '"department": "Sales"}]}', '--check')
    assert hire.returncode == 0, tail(hire.stdout + hire.stderr)
    assert '1 user: 1 would be created; 4 links: 4 would be added' in hire.stdout, tail(hire.stdout)

    # drift: three changes by hand, then a check-mode run names exactly those three
    ids = {group['name']: group['id'] for group in state['usergroups'] + state['systemgroups']}
    by_name = {obj.get('displayName') or obj.get('displayLabel'): obj['_id'] for obj in state['systems'] + state['applications']}
    api(simulator, 'PUT', '/api/v2/usergroups/' + ids['Sales'], {'name': 'Sales', 'description': 'Sales and marketing'})
    api(simulator, 'POST', '/api/v2/systemgroups/%s/members' % ids['Engineering laptops'],
        {'op': 'remove', 'type': 'system', 'id': by_name['mac-02']})
    api(simulator, 'POST', '/api/v2/usergroups/%s/associations' % ids['All staff'],
        {'op': 'add', 'type': 'application', 'id': by_name['GitHub']})
    simulator.clear_requests()
    drift = run_playbook(str(ROOT / 'playbooks/directory.yml'), '-e', '@' + str(org / 'directory.yml'),
                         '-e', '@' + str(org / 'vault.example.yml'), '--check', '--diff')
    assert drift.returncode == 0, tail(drift.stdout + drift.stderr)
    assert [request for request in simulator.requests() if request['method'] in WRITES] == []
    assert changed_items(drift.stdout) == ['All staff -> application: Slack', 'Engineering laptops', 'Sales']
    for line in ('user groups: 0 would be created, 1 would be updated, 0 would be removed',
                 'device groups: 0 would be created, 1 would be updated, 0 would be removed',
                 'RADIUS servers: 0 would be created, 0 would be updated, 0 would be removed',
                 'policies: 0 would be created, 0 would be updated, 0 would be removed',
                 'policy groups: 0 would be created, 0 would be updated, 0 would be removed',
                 'binding links: 0 would be created, 0 would be updated, 1 would be removed'):
        assert line in drift.stdout, tail(drift.stdout)
    assert drift.stdout.count('--- before') == 3, tail(drift.stdout, 200)
    for line in ('-    "description": "Sales and marketing",', '+    "description": "Sales department",', '+        "mac-02"',
                 '-        "GitHub",'):
        assert '\n' + line + '\n' in drift.stdout, tail(drift.stdout, 200)
    assert simulator.violations() == []
    print('\nexport round trip and drift: {0} export requests, {1:.1f} s'.format(len(export_requests), time.monotonic() - started))
