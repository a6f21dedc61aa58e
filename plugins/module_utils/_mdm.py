# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apple MDM devices: the MDM servers, their devices, finding one device, and the device actions.

JumpCloud keeps Apple devices under their MDM server (``/api/v2/applemdms/{server}/devices``); this
file lists them across every server (paged completely), finds one by serial number or id (an exact
match, never a guess: a serial number found under two servers is an error), reads a Mac's lock
state, and runs the device actions with their idempotency rules (``ACTIONS`` and ``plan``).

Nothing here imports AnsibleModule: the modules call ``device_action`` and ``read_devices``, and the
fleet report and the inventory plugin reuse the listing functions.

Idempotency, as far as the API shows state:

* ``lock``: skipped when the device's lock state is ``locked`` or ``pending`` (a lock already sent and
  not yet acknowledged). The lock state is JumpCloud's derived state for Macs; where it cannot be read
  (an iPhone or iPad, or an answer this file does not recognise) the lock is sent.
* ``erase``: skipped when the device is no longer enrolled (an erased device leaves MDM; a device that
  never finished enrolment cannot receive it either). An erase queued for a device that is switched off
  is not visible in the API: a second run sends it again (the device runs the first it receives).
* ``unenroll``: skipped when the device is gone (no record) or not enrolled.
* ``restart``, ``shutdown``, ``clear_passcode``: no state to compare, sent every time they are asked.

Other actions than ``unenroll`` and ``erase`` on a device that is not enrolled, and any action but
``unenroll`` on a device that does not exist, fail with a message naming the device.
"""

from __future__ import annotations

import re

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudNotFound, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import filter_terms
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import TOKEN_ID_FORM
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report

MDM_PATH = '/api/v2/applemdms'

# The documents type a device's id as a plain string: checked as one safe path segment before any request.
DEVICE_IDS = {'id': (TOKEN_ID_FORM, 'Apple MDM device')}

# The fields GET /applemdms/{id}/devices filters and sorts on (the v2 document's list).
DEVICE_FILTER_FIELDS = ('createdAt', 'depRegistered', 'enrolled', 'id', 'osVersion', 'serialNumber', 'udid')

# Where the device's server id is added to each device this file returns.
SERVER_KEY = 'mdm_id'

PIN_PATTERN = re.compile(r'[0-9]{6}')

# mdmOsFamily / modelFamily words of the devices that take no PIN (every other device is treated as a Mac).
NO_PIN_FAMILIES = ('ios', 'ipados', 'iphone', 'ipad', 'tvos', 'appletv', 'watchos', 'visionos')


class DeviceAction:
    """One device action: its API operation, its words, whether it takes a PIN or needs confirm=true."""

    def __init__(self, name, endpoint, verb, consequence=None, takes_pin=False, what=None, done='sent'):
        self.name = name
        self.endpoint = endpoint          # POST .../devices/{id}/<endpoint>; None: DELETE the enrollment
        self.verb = verb                  # "cannot <verb> device X"
        self.consequence = consequence    # set for the actions that need confirm=true: what happens
        self.takes_pin = takes_pin
        self.what = what or 'The {0} command to'.format(name.replace('_', ' '))   # "<what> device X <done>"
        self.done = done

    @property
    def needs_confirm(self):
        return self.consequence is not None


ACTIONS = {action.name: action for action in (
    DeviceAction('lock', 'lock', 'lock', takes_pin=True, consequence=(
        'a Mac restarts into a lock screen that only the 6-digit PIN opens (an iPhone or iPad locks its screen); '
        'the user cannot undo it')),
    DeviceAction('erase', 'erase', 'erase', takes_pin=True, consequence=(
        'the device is wiped of all content and settings and leaves MDM; this cannot be undone')),
    DeviceAction('restart', 'restart', 'restart'),
    DeviceAction('shutdown', 'shutdown', 'shut down'),
    DeviceAction('clear_passcode', 'clearPasscode', 'clear the passcode of'),
    DeviceAction('unenroll', None, 'remove the MDM enrollment of', what='The MDM enrollment of', done='removed', consequence=(
        'JumpCloud stops managing the device (no more policies, commands, lock or erase) and deletes its MDM device '
        'record; it comes back only by enrolling again')),
)}


# -- input that needs no request -----------------------------------------------------------------

def describe_target(serial_number=None, device_id=None):
    if serial_number:
        return "the device with serial number '{0}'".format(serial_number)
    return "the device with id '{0}'".format(device_id)


def check_action_input(action, serial_number=None, device_id=None, pin=None, confirm=False, kext_paths=None):
    """Refuse, before any request, what the task cannot do. The PIN is never part of a message."""
    if pin is not None:
        if not action.takes_pin:
            raise JumpCloudValueError('pin is used only by action=lock and action=erase, not by action={0}'.format(action.name))
        if not PIN_PATTERN.fullmatch(pin):
            raise JumpCloudValueError('pin must be exactly 6 digits (0-9); quote it in YAML so that leading zeros are kept')
    if kext_paths and action.name != 'restart':
        raise JumpCloudValueError('kext_paths is used only by action=restart')
    if action.needs_confirm and not confirm:
        raise JumpCloudValueError('Refusing to {0} {1} without confirm=true: {2}. Set confirm: true to do it.'.format(
            action.verb, describe_target(serial_number, device_id), action.consequence))


def device_filters(filters):
    """``{field: value or [values]}`` -> v2 filter strings; an unknown field or a comma is refused (no request)."""
    out = {}
    for field, value in sorted((filters or {}).items()):
        if field not in DEVICE_FILTER_FIELDS:
            raise JumpCloudValueError("JumpCloud does not filter Apple MDM devices on '{0}'; filter on: {1}".format(
                field, ', '.join(DEVICE_FILTER_FIELDS)))
        values = value if isinstance(value, (list, tuple)) else [value]
        texts = [str(item).lower() if isinstance(item, bool) else str(item) for item in values]
        if any(',' in text or '|' in text for text in texts):
            raise JumpCloudValueError("filter values cannot contain ',' or '|' (field '{0}')".format(field))
        out[field] = texts[0] if len(texts) == 1 else texts
    return filter_terms(out)


# -- servers and devices ---------------------------------------------------------------------------

def list_servers(client):
    """Every Apple MDM server of the organization (the list's own default page size is 1)."""
    return client.list(MDM_PATH, operation='list Apple MDM servers')


def server_label(server):
    return "'{0}' ({1})".format(server.get('name') or '', server['id'])


def servers_label(servers):
    """``Apple MDM server 'A' (id)`` or ``Apple MDM servers 'A' (id), 'B' (id)``."""
    return 'Apple MDM server{0} {1}'.format('s' if len(servers) > 1 else '', ', '.join(server_label(server) for server in servers))


def resolve_servers(client, mdm=None, required=True):
    """The servers to look in: all of them, or the one ``mdm`` names (id, else exact name)."""
    servers = list_servers(client)
    if not servers:
        if required:
            raise JumpCloudValueError('This JumpCloud organization has no Apple MDM server')
        return []
    if mdm is None:
        return servers
    by_id = [server for server in servers if server.get('id') == mdm]
    if by_id:
        return by_id
    named = [server for server in servers if server.get('name') == mdm]
    if len(named) > 1:
        raise JumpCloudValueError("mdm: Apple MDM server name '{0}' is ambiguous: {1} servers have it (ids: {2}); give the id".format(
            mdm, len(named), ', '.join(sorted(server['id'] for server in named))))
    if not named:
        raise JumpCloudValueError("mdm: no Apple MDM server named or with id '{0}'; the organization has {1}".format(
            mdm, ', '.join(server_label(server) for server in servers)))
    return named


def devices_path(server_id):
    return '{0}/{1}/devices'.format(MDM_PATH, server_id)


def with_server(device, server_id):
    device = dict(device)
    device[SERVER_KEY] = server_id
    return device


def list_devices(client, server, filters=()):
    """The devices of one server matching the v2 ``filters``, each with its server id, sorted by id (stable paging)."""
    params = {'sort': 'id'}
    if filters:
        params['filter'] = ','.join(filters)
    devices = client.list(devices_path(server['id']), params=params,
                          operation='list the devices of Apple MDM server {0}'.format(server_label(server)))
    return [with_server(device, server['id']) for device in devices]


def all_devices(client, servers, filters=()):
    """The devices of every server (one listing per server, sent concurrently), in server order."""
    listings = client.map_concurrent(lambda server: list_devices(client, server, filters), servers)
    return [device for devices in listings for device in devices]


def get_device(client, server_id, device_id):
    """One device, or None when the server does not have it."""
    try:
        device = client.get('{0}/{1}'.format(devices_path(server_id), device_id),
                            operation="read Apple MDM device '{0}'".format(device_id))
    except JumpCloudNotFound:
        return None
    return with_server(device, server_id)


def find_devices(client, servers, serial_number=None, device_id=None):
    """Every device whose serial number (exact, case-sensitive) or id is the one given, across ``servers``."""
    if device_id:
        found = client.map_concurrent(lambda server: get_device(client, server['id'], device_id), servers)
        return [device for device in found if device]
    filters = () if ',' in serial_number else ('serialNumber:eq:{0}'.format(serial_number),)
    return [device for device in all_devices(client, servers, filters) if device.get('serialNumber') == serial_number]


def find_device(client, servers, serial_number=None, device_id=None):
    """The one device; None when there is none; JumpCloudValueError when the serial number is under several."""
    matches = find_devices(client, servers, serial_number, device_id)
    if len(matches) > 1:
        names = dict((server['id'], server_label(server)) for server in servers)
        where = ', '.join('device {0} in Apple MDM server {1}'.format(device['id'], names.get(device[SERVER_KEY], device[SERVER_KEY]))
                          for device in matches)
        raise JumpCloudValueError("serial_number: serial number '{0}' is ambiguous: {1}; give mdm (the server's name or id) "
                                  "or the device id".format(serial_number, where))
    return matches[0] if matches else None


def device_name(device):
    return device.get('serialNumber') or device.get('id')


def needs_pin(device):
    """Lock and erase need the 6-digit PIN on a Mac: on every device not positively an iPhone, iPad or Apple TV."""
    words = ' '.join(str(device.get(key) or '') for key in ('mdmOsFamily', 'modelFamily')).lower().replace(' ', '')
    return not any(family in words for family in NO_PIN_FAMILIES)


# -- lock state -------------------------------------------------------------------------------------

def parse_lock_state(body):
    """``locked``, ``pending`` (sent, not acknowledged), ``unlocked`` or ``unknown`` from a lockstate answer.

    The document declares the answer's schema as ``{}``; the reading is tolerant: the first of the keys
    ``lockState``, ``state``, ``deviceLockState``, ``status``, ``locked``, ``isLocked`` that is present,
    as a boolean or a word (``LOCKED``, ``LOCK_PENDING``, ``UNLOCKED``...). Anything else is ``unknown``.
    """
    value = body
    if isinstance(body, dict):
        value = None
        for key in ('lockState', 'state', 'deviceLockState', 'status', 'locked', 'isLocked'):
            if key in body:
                value = body[key]
                break
    if isinstance(value, bool):
        return 'locked' if value else 'unlocked'
    if not isinstance(value, str):
        return 'unknown'
    word = value.upper().replace('-', '_').replace(' ', '_')
    if 'UNKNOWN' in word or 'UNSPECIFIED' in word:
        return 'unknown'
    if 'PENDING' in word or 'QUEUED' in word:
        return 'pending'
    if 'UNLOCK' in word or 'NOT_LOCKED' in word or 'NOTLOCKED' in word:
        return 'unlocked'
    if 'LOCKED' in word:
        return 'locked'
    return 'unknown'


def lock_state(client, device):
    """The device's lock state as ``parse_lock_state`` reads it; ``unknown`` where JumpCloud has none (404)."""
    path = '{0}/{1}/devices/{2}/lockstate'.format(MDM_PATH, device[SERVER_KEY], device['id'])
    try:
        body = client.get(path, operation="read the lock state of Apple MDM device '{0}'".format(device_name(device)))
    except JumpCloudNotFound:
        return 'unknown'
    return parse_lock_state(body)


# -- the actions -----------------------------------------------------------------------------------

def plan(action, device, state=None):
    """-> (send, why not). Pure: the idempotency rules of the module docstring, for a device that exists."""
    name = device_name(device)
    if not device.get('enrolled', True):
        if action.name == 'unenroll':
            return False, 'device {0} is not enrolled in MDM: nothing to remove'.format(name)
        if action.name == 'erase':
            return False, 'device {0} is not enrolled in MDM (already erased, or never set up): no erase can reach it'.format(name)
        raise JumpCloudValueError('Device {0} is not enrolled in MDM: it cannot receive the {1} command'.format(name, action.name))
    if action.name == 'lock' and state == 'locked':
        return False, 'device {0} is already locked'.format(name)
    if action.name == 'lock' and state == 'pending':
        return False, 'a lock of device {0} is already pending (sent, not yet acknowledged by the device)'.format(name)
    return True, None


def request_body(action, device, pin=None, kext_paths=None):
    """The body of the action's request: the PIN goes to a Mac only (the document: "required for MacOS")."""
    if action.takes_pin:
        return {'pin': pin} if pin and needs_pin(device) else {}
    if action.name == 'restart':
        return {'kextPaths': list(kext_paths)} if kext_paths else {}
    return None


def send(client, action, device, pin=None, kext_paths=None):
    """Send the action through the client's write gate; returns the device JumpCloud answers with (unenroll) or None
    (204, or check mode)."""
    path = '{0}/{1}'.format(devices_path(device[SERVER_KEY]), device['id'])
    operation = '{0} Apple MDM device {1}'.format(action.verb, device_name(device))
    if action.endpoint is None:
        return client.write('DELETE', path, operation=operation)
    return client.write('POST', '{0}/{1}'.format(path, action.endpoint), body=request_body(action, device, pin, kext_paths),
                        operation=operation)


def _view(device, action, state):
    view = dict(device=device_name(device) if device else None, present=bool(device))
    if device:
        view['enrolled'] = bool(device.get('enrolled'))
    if action.name == 'lock' and device:
        view['lock_state'] = state
    return view


def _after(before, action):
    after = dict(before)
    if action.name == 'lock':
        after['lock_state'] = 'locked'
    elif action.name == 'erase':
        after['enrolled'] = False
    elif action.name == 'unenroll':
        after.update(present=False, enrolled=False)
    else:
        after['command_sent'] = action.name
    return after


def device_action(client, params):
    """The jc_apple_mdm_device routine: check input, find the device, decide, act (never in check mode), report."""
    action = ACTIONS[params['action']]
    serial_number, device_id, pin = params.get('serial_number'), params.get('id'), params.get('pin')
    check_action_input(action, serial_number, device_id, pin, params.get('confirm'), params.get('kext_paths'))
    servers = resolve_servers(client, params.get('mdm'))
    device = find_device(client, servers, serial_number, device_id)
    if device is None:
        target = describe_target(serial_number, device_id)
        if action.name != 'unenroll':
            raise JumpCloudValueError('No Apple MDM device: {0} is not in {1}'.format(target, servers_label(servers)))
        msg = '{0}{1} is not enrolled in {2}: nothing to remove'.format(target[0].upper(), target[1:], servers_label(servers))
        return report(False, msg, _view(None, action, None), _view(None, action, None), action=action.name, device={})
    if action.takes_pin and needs_pin(device) and not pin:
        raise JumpCloudValueError('Device {0} is a Mac: action={1} needs pin (6 digits), the PIN that unlocks it'.format(
            device_name(device), action.name))
    values = dict(action=action.name, device=device)
    state = None
    if action.name == 'lock' and device.get('enrolled', True):
        state = values['lock_state'] = lock_state(client, device)
    send_it, why_not = plan(action, device, state)
    before = _view(device, action, state)
    if not send_it:
        return report(False, why_not, before, before, **values)
    answer = send(client, action, device, pin, params.get('kext_paths'))
    if isinstance(answer, dict) and answer.get('id'):
        values['device'] = with_server(answer, device[SERVER_KEY])
    msg = outcome('{0} device {1}'.format(action.what, device_name(device)), action.done, True, client.check_mode)
    return report(True, msg, before, _after(before, action), **values)


def read_devices(client, params):
    """The jc_apple_mdm_device_info routine: every device of every server (or of ``mdm``), by serial or id, filtered."""
    filters = device_filters(params.get('filter'))
    servers = resolve_servers(client, params.get('mdm'), required=bool(params.get('mdm')))
    if params.get('serial_number') or params.get('id'):
        devices = find_devices(client, servers, params.get('serial_number'), params.get('id'))
    else:
        devices = all_devices(client, servers, filters)
    if params.get('include_lock_state'):
        states = client.map_concurrent(lambda device: lock_state(client, device), devices)
        for device, state in zip(devices, states):
            device['lock_state'] = state
    return dict(changed=False, devices=devices,
                mdm_servers=[dict(id=server['id'], name=server.get('name')) for server in servers])
