"""Check mode never writes: every changing module, driven in-process down each of its write paths with check mode on,
against the simulator. The write gate (JumpCloudClient.write) must see the write each path makes, and nothing but GETs
may reach the API; a write that went around the gate would reach the simulator and fail the test."""

from __future__ import annotations

import re

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client
from ansible_collections.jcops.jumpcloud.plugins.modules import (
    jc_access_request,
    jc_api,
    jc_apple_mdm_device,
    jc_association,
    jc_command,
    jc_command_run,
    jc_policy,
    jc_policy_group,
    jc_radius_server,
    jc_system,
    jc_system_group,
    jc_user,
    jc_user_group,
)

ALICE, BOB, DEVICE, GROUP, SERVER = '5a' + '0' * 21 + '1', '5a' + '0' * 21 + '2', '5b' + '0' * 21 + '1', '5c' + '0' * 21 + '1', \
    '6d' + '0' * 21 + '1'
PIN = '048213'
SUDO = {'sudo': {'enabled': True, 'withoutPassword': False}}

SEED = {
    'systemusers': [{'_id': ALICE, 'username': 'alice', 'email': 'alice@example.com'},
                    {'_id': BOB, 'username': 'bob', 'email': 'bob@example.com', 'state': 'SUSPENDED'},
                    {'username': 'locked', 'email': 'locked@example.com', 'account_locked': True},
                    {'username': 'member', 'email': 'member@example.com'}],
    'systems': [{'_id': DEVICE, 'displayName': 'build-01', 'hostname': 'build-01.example.com', 'os': 'Ubuntu'},
                {'displayName': 'build-02', 'os': 'Windows'}],
    'usergroups': [{'id': GROUP, 'name': 'Admins'}, {'name': 'Engineering'}],
    'systemgroups': [{'name': 'Build servers'}],
    'policygroups': [{'name': 'Baseline'}],
    'policies': [{'name': 'Screen lock', 'template': {'name': 'screen_lock_darwin'}}, {'name': 'FileVault', 'template': {'name': 'filevault2_darwin'}}],
    'radiusservers': [{'name': 'Wi-Fi', 'networkSourceIp': '203.0.113.10', 'sharedSecret': 'seeded'}],
    'commands': [{'name': 'Patch', 'command': 'apt-get -y upgrade', 'commandType': 'linux'},
                 {'name': 'Rotate', 'command': 'logrotate -f /etc/logrotate.conf', 'launchType': 'trigger', 'trigger': 'rotate'}],
    'members': [{'group': {'type': 'user_group', 'name': 'Engineering'}, 'member': {'type': 'user', 'name': 'member'}},
                {'group': {'type': 'system_group', 'name': 'Build servers'}, 'member': {'type': 'system', 'name': 'build-01'}},
                {'group': {'type': 'policy_group', 'name': 'Baseline'}, 'member': {'type': 'policy', 'name': 'FileVault'}}],
    'associations': [{'from': {'type': 'user', 'name': 'alice'}, 'to': {'type': 'system', 'name': 'build-01'}},
                     {'from': {'type': 'command', 'name': 'Rotate'}, 'to': {'type': 'system', 'name': 'build-01'}}],
    'accessrequests': [{'accessId': 'ar-granted', 'requestorId': ALICE, 'resourceId': DEVICE, 'resourceType': 'device',
                        'expiry': '2099-01-01T00:00:00Z'}],
    'approvalflowrequests': [
        {'id': 'wf-pending', 'requestor': ALICE, 'status': 'PENDING', 'resourceType': 'application'},
        {'id': 'wf-timed', 'requestor': ALICE, 'status': 'APPROVED', 'timeBasedAccess': True, 'resourceType': 'user_group',
         'resourceId': GROUP, 'approvedDuration': '3600s', 'expirationDate': '2099-01-01T00:00:00Z'},
        {'id': 'wf-device', 'requestor': ALICE, 'status': 'APPROVED', 'timeBasedAccess': True, 'resourceType': 'device',
         'resourceId': DEVICE, 'devicePermissionLevel': 'admin'}],
    'applemdms': [{'id': SERVER, 'name': 'Main MDM'}],
    'appledevices': [{'serialNumber': 'C02MAC'}, {'serialNumber': 'DMPPHONE1', 'mdmOsFamily': 'iOS'}],
}

# (module, arguments, the write each path makes: method and a regular expression on the path)
PATHS = [
    ('user create', jc_user, dict(username='new', email='new@example.com', password='S3cret!pass'), 'POST', r'/systemusers$'),
    ('user update', jc_user, dict(username='alice', department='Ops', manager='member'), 'PUT', r'/systemusers/\w+$'),
    ('user password', jc_user, dict(username='alice', password='S3cret!pass', update_password='always'), 'PUT', r'/systemusers/\w+$'),
    ('user suspend', jc_user, dict(username='alice', suspended=True), 'POST', r'/state/suspend$'),
    ('user activate', jc_user, dict(username='bob', suspended=False), 'POST', r'/state/activate$'),
    ('user unlock', jc_user, dict(username='locked', account_locked=False), 'POST', r'/unlock$'),
    ('user expire', jc_user, dict(username='alice', password_expired=True), 'POST', r'/expire$'),
    ('user reset mfa', jc_user, dict(username='alice', reset_mfa=True), 'POST', r'/resetmfa$'),
    ('user delete', jc_user, dict(username='member', state='absent'), 'DELETE', r'/systemusers/\w+$'),
    ('user group create with members', jc_user_group, dict(name='New', members=['alice']), 'POST', r'/usergroups$'),
    ('user group update', jc_user_group, dict(name='Admins', description='x'), 'PUT', r'/usergroups/\w+$'),
    ('user group members add', jc_user_group, dict(name='Engineering', members=['alice']), 'POST', r'/members$'),
    ('user group members remove', jc_user_group, dict(name='Engineering', members=[], purge_members=True), 'POST', r'/members$'),
    ('user group delete', jc_user_group, dict(name='Admins', state='absent'), 'DELETE', r'/usergroups/\w+$'),
    ('system group create', jc_system_group, dict(name='New', members=['build-02']), 'POST', r'/systemgroups$'),
    ('system group members', jc_system_group, dict(name='Build servers', members=['build-02'], purge_members=True), 'POST', r'/members$'),
    ('system group delete', jc_system_group, dict(name='Build servers', state='absent'), 'DELETE', r'/systemgroups/\w+$'),
    ('policy group members', jc_policy_group, dict(name='Baseline', members=['Screen lock'], purge_members=True), 'POST', r'/members$'),
    ('policy group create', jc_policy_group, dict(name='New'), 'POST', r'/policygroups$'),
    ('policy create', jc_policy, dict(name='New lock', template='screen_lock_darwin', values={'timeout': 600}), 'POST', r'/policies$'),
    ('policy update', jc_policy, dict(name='Screen lock', notes='x', values={'timeout': 300}), 'PUT', r'/policies/\w+$'),
    ('policy delete', jc_policy, dict(name='Screen lock', state='absent'), 'DELETE', r'/policies/\w+$'),
    ('radius create', jc_radius_server, dict(name='VPN', network_source_ip='203.0.113.11', shared_secret='s3cret'), 'POST', r'/radiusservers$'),
    ('radius update', jc_radius_server, dict(name='Wi-Fi', mfa='ENABLED'), 'PUT', r'/radiusservers/\w+$'),
    ('radius secret', jc_radius_server, dict(name='Wi-Fi', shared_secret='new', update_secret='always'), 'PUT', r'/radiusservers/\w+$'),
    ('radius delete', jc_radius_server, dict(name='Wi-Fi', state='absent'), 'DELETE', r'/radiusservers/\w+$'),
    ('system update', jc_system, dict(name='build-01', tags=['ci']), 'PUT', r'/systems/\w+$'),
    ('system command', jc_system, dict(name='build-02', command='restart'), 'POST', r'/command/builtin/restart$'),
    ('system lock', jc_system, dict(name='build-02', command='lock', confirm=True), 'POST', r'/command/builtin/lock$'),
    ('system delete', jc_system, dict(name='build-01', state='absent'), 'DELETE', r'/systems/\w+$'),
    ('command create', jc_command, dict(name='New', command='true'), 'POST', r'/commands$'),
    ('command update', jc_command, dict(name='Patch', shell='/bin/sh'), 'PUT', r'/commands/\w+$'),
    ('command delete', jc_command, dict(name='Patch', state='absent'), 'DELETE', r'/commands/\w+$'),
    ('command run', jc_command_run, dict(command='Patch', systems=['build-01']), 'POST', r'/runCommand$'),
    ('command trigger', jc_command_run, dict(trigger='rotate'), 'POST', r'/command/trigger/rotate$'),
    ('api write', jc_api, dict(method='POST', path='/api/v2/usergroups', body={'name': 'Made by hand'}), 'POST', r'/usergroups$'),
    ('association add', jc_association, dict(source_type='user', source='alice', target_type='system', targets=['build-02']),
     'POST', r'/associations$'),
    ('association update', jc_association, dict(source_type='user', source='alice', target_type='system',
                                                targets=[{'name': 'build-01', 'attributes': SUDO}]), 'POST', r'/associations$'),
    ('association remove', jc_association, dict(source_type='user', source='alice', target_type='system', targets=[],
                                                purge=True), 'POST', r'/associations$'),
    ('membership from the member', jc_association, dict(source_type='user', source='alice', target_type='user_group',
                                                        targets=['Engineering']), 'POST', r'/members$'),
    ('access request create', jc_access_request, dict(requestor='alice', resource_type='device', resource='build-01',
                                                      expiry='2099-01-31T18:00:00Z', additional_attributes=SUDO), 'POST', r'/accessrequests$'),
    ('access request update', jc_access_request, dict(id='ar-granted', expiry='2099-02-01T00:00:00Z'), 'PUT', r'/accessrequests/ar-granted$'),
    ('access request revoke', jc_access_request, dict(id='ar-granted', state='revoked'), 'POST', r'/revoke$'),
    ('workflow cancel', jc_access_request, dict(workflow_request_id='wf-pending', state='cancelled'), 'POST', r'/cancel$'),
    ('workflow revoke timed', jc_access_request, dict(workflow_request_id='wf-timed', state='revoked'), 'POST',
     r'/revoke-ttl-active-session$'),
    ('workflow revoke device', jc_access_request, dict(workflow_request_id='wf-device', state='revoked'), 'POST',
     r'/sudoactivesessions/revoke$'),
    ('mdm lock', jc_apple_mdm_device, dict(serial_number='C02MAC', action='lock', pin=PIN, confirm=True), 'POST', r'/lock$'),
    ('mdm erase', jc_apple_mdm_device, dict(serial_number='C02MAC', action='erase', pin=PIN, confirm=True), 'POST', r'/erase$'),
    ('mdm restart', jc_apple_mdm_device, dict(serial_number='C02MAC', action='restart'), 'POST', r'/restart$'),
    ('mdm shutdown', jc_apple_mdm_device, dict(serial_number='C02MAC', action='shutdown'), 'POST', r'/shutdown$'),
    ('mdm clear passcode', jc_apple_mdm_device, dict(serial_number='DMPPHONE1', action='clear_passcode'), 'POST', r'/clearPasscode$'),
    ('mdm unenroll', jc_apple_mdm_device, dict(serial_number='C02MAC', action='unenroll', confirm=True), 'DELETE', r'/devices/\w+$'),
]


@pytest.fixture
def gate(monkeypatch):
    """Every write the modules offer the write gate, as (method, path, check mode)."""
    offered = []
    write = _client.JumpCloudClient.write

    def recording(self, method, path, *args, **kwargs):
        offered.append((method.upper(), path, self.check_mode))
        return write(self, method, path, *args, **kwargs)

    monkeypatch.setattr(_client.JumpCloudClient, 'write', recording)
    return offered


@pytest.mark.parametrize('name, module, args, method, path', PATHS, ids=[case[0] for case in PATHS])
def test_every_write_path_sends_nothing_in_check_mode(run_module, sim, gate, name, module, args, method, path):
    sim.seed(SEED)
    sim.clear_requests()
    result, session = run_module(module, dict(args, _ansible_check_mode=True, _ansible_diff=True), sim)
    assert not result['failed'], result['msg']
    assert result['changed'], result
    assert any((offered_method, check_mode) == (method, True) and re.search(path, offered_path)
               for offered_method, offered_path, check_mode in gate), (name, gate)
    assert [sent_method for sent_method, dummy, dummy_kwargs in session.sent if sent_method != 'GET'] == []
    assert sim.writes() == []
    assert ' would ' in result['msg'], result['msg']


def test_a_write_offered_outside_the_gate_is_refused_in_and_out_of_check_mode(sim_client):
    for check_mode in (True, False):
        client, session = sim_client(check_mode=check_mode)
        with pytest.raises(_client.JumpCloudGateError, match='bypassed the write gate'):
            client.request('DELETE', '/api/systemusers/' + ALICE)
        assert session.sent == []
