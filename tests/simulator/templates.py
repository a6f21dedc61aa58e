"""Built-in policy templates (present after every reset, like the vendor's catalogue).

Template and config-field ids are derived from their names, so they are the same in every run.
``name`` is the machine name (``filevault2_darwin``), ``displayName`` the human one.
"""

import hashlib


def _oid(text):
    return hashlib.sha1(text.encode('utf-8')).hexdigest()[:24]


def checkbox(name, label, default=False, **extra):
    return dict(name=name, label=label, displayType='checkbox', defaultValue=default, **extra)


def number(name, label, default, minimum=None, maximum=None, **extra):
    validators = {}
    if minimum is not None:
        validators['min'] = minimum
    if maximum is not None:
        validators['max'] = maximum
    return dict(name=name, label=label, displayType='number', defaultValue=default, validators=validators or None,
                **extra)


def select(name, label, options, default, **extra):
    return dict(name=name, label=label, displayType='select', defaultValue=default,
                displayOptions={'options': [{'label': text, 'value': value} for value, text in options]}, **extra)


def text(name, label, default='', display='text', **extra):
    return dict(name=name, label=label, displayType=display, defaultValue=default, **extra)


CATALOGUE = [
    # ---- darwin ----------------------------------------------------------------------------
    ('filevault2_darwin', 'FileVault 2', 'darwin',
     'Enables FileVault 2 full disk encryption and escrows the recovery key to JumpCloud.',
     [checkbox('escrowRecoveryKey', 'Escrow the personal recovery key to JumpCloud', True),
      select('recoveryKeyType', 'Recovery key type', [('personal', 'Personal'), ('institutional', 'Institutional')],
             'personal'),
      number('deferEnablementLogoutCount', 'Logouts the user may defer enablement', 1, 0, 10),
      checkbox('showRecoveryKey', 'Show the recovery key to the user', False)]),
    ('screen_lock_darwin', 'Lock Screen', 'darwin',
     'Locks the screen after a period of inactivity and asks for the password to wake.',
     [number('timeout', 'Idle time before the screen locks (seconds)', 900, 60, 7200, required=True),
      checkbox('requirePasswordImmediately', 'Require the password immediately after sleep', True)]),
    ('password_complexity_darwin', 'Password Complexity', 'darwin',
     'Local account password rules for macOS.',
     [number('minLength', 'Minimum length', 12, 4, 128, required=True),
      checkbox('requireAlphanumeric', 'Require letters and digits', True),
      number('minComplexChars', 'Minimum number of symbols', 1, 0, 10),
      number('maxPINAgeInDays', 'Maximum password age (days, 0 = never)', 0, 0, 730)]),
    ('firewall_darwin', 'Application Firewall', 'darwin',
     'Turns on the macOS application firewall.',
     [checkbox('enableFirewall', 'Enable the firewall', True),
      checkbox('enableStealthMode', 'Enable stealth mode', False),
      checkbox('blockAllIncoming', 'Block all incoming connections', False)]),
    ('wifi_configuration_darwin', 'Wi-Fi Configuration', 'darwin',
     'Installs a Wi-Fi network profile.',
     [text('ssid', 'Network name (SSID)', required=True),
      select('securityType', 'Security', [('WPA2', 'WPA2 Personal'), ('WPA3', 'WPA3 Personal'), ('None', 'None')],
             'WPA2'),
      text('passphrase', 'Passphrase', sensitive=True),
      checkbox('autoJoin', 'Join automatically', True)]),
    # ---- windows ---------------------------------------------------------------------------
    ('bitlocker_windows', 'BitLocker Full Disk Encryption', 'windows',
     'Encrypts the system drive with BitLocker and escrows the recovery key to JumpCloud.',
     [select('encryptionMethod', 'Encryption method', [('XTS_AES_128', 'XTS-AES 128-bit'),
                                                       ('XTS_AES_256', 'XTS-AES 256-bit')], 'XTS_AES_128'),
      select('startupAuthentication', 'Startup authentication', [('TPM', 'TPM only'), ('TPM_PIN', 'TPM and PIN')],
             'TPM'),
      text('startupPin', 'Startup PIN (TPM and PIN only)', sensitive=True),
      checkbox('escrowRecoveryKey', 'Escrow the recovery key to JumpCloud', True)]),
    ('lock_screen_windows', 'Lock Screen Timeout', 'windows',
     'Locks the screen after a period of inactivity.',
     [number('timeout', 'Idle time before the screen locks (seconds)', 900, 60, 7200, required=True)]),
    ('password_complexity_windows', 'Password Complexity', 'windows',
     'Local account password rules for Windows.',
     [number('minimumPasswordLength', 'Minimum length', 12, 1, 14, required=True),
      checkbox('passwordComplexity', 'Passwords must meet complexity requirements', True),
      number('maximumPasswordAge', 'Maximum password age (days, 0 = never)', 90, 0, 999),
      number('passwordHistorySize', 'Passwords remembered', 5, 0, 24)]),
    ('disable_usb_storage_windows', 'Disable USB Storage', 'windows',
     'Blocks USB mass storage devices.', []),
    ('windows_update_windows', 'Windows Updates', 'windows',
     'Configures automatic updates.',
     [select('autoUpdateMode', 'Automatic updates',
             [('notify', 'Notify to download'), ('auto', 'Auto download and schedule install')], 'auto'),
      number('installDay', 'Install day (0 = every day)', 0, 0, 7),
      text('installTime', 'Install time (HH:MM)', '03:00')]),
    # ---- linux -----------------------------------------------------------------------------
    ('disk_encryption_linux', 'LUKS Disk Encryption Check', 'linux',
     'Reports whether the system volumes are encrypted with LUKS.',
     [checkbox('requireAllVolumes', 'Every mounted volume must be encrypted', False)]),
    ('lock_screen_linux', 'Lock Screen', 'linux',
     'Locks the GNOME session after a period of inactivity.',
     [number('timeout', 'Idle time before the screen locks (seconds)', 900, 60, 7200, required=True)]),
    ('password_complexity_linux', 'Password Complexity', 'linux',
     'pam_pwquality rules for local accounts.',
     [number('minlen', 'Minimum length', 12, 6, 128, required=True),
      number('dcredit', 'Digits required (negative = at least)', -1, -10, 10),
      number('ucredit', 'Upper-case letters required (negative = at least)', -1, -10, 10),
      number('ocredit', 'Symbols required (negative = at least)', -1, -10, 10),
      checkbox('enforceForRoot', 'Enforce for root', False)]),
    ('disable_usb_storage_linux', 'Disable USB Storage', 'linux',
     'Blacklists the usb-storage kernel module.', []),
    ('login_banner_linux', 'Login Banner', 'linux',
     'Sets the message shown before login (/etc/issue and /etc/issue.net).',
     [text('message', 'Banner text', 'Authorized use only.', display='textarea', required=True)]),
]


def build_templates():
    templates = []
    for name, display_name, family, description, fields in CATALOGUE:
        config_fields = []
        for position, field in enumerate(fields):
            entry = {'id': _oid('configfield:%s:%s' % (name, field['name'])), 'name': field['name'],
                     'label': field['label'], 'displayType': field['displayType'],
                     'defaultValue': field.get('defaultValue'), 'displayOptions': field.get('displayOptions'),
                     'position': position + 1, 'readOnly': False, 'required': bool(field.get('required')),
                     'sensitive': bool(field.get('sensitive')), 'validators': field.get('validators'), 'tooltip': None}
            config_fields.append(entry)
        templates.append({
            'id': _oid('policytemplate:' + name), 'name': name, 'displayName': display_name,
            'description': description, 'osMetaFamily': family, 'activation': 'automatic', 'behavior': 'standard',
            'deliveryTypes': ['agent'], 'state': '', 'alert': None, 'reference': None,
            'osRestrictions': [], 'configFields': config_fields, '_builtin': True,
        })
    return templates
