# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offboarding leavers: many people in one run, in a safe order, resumable, and never fooled by a wrong name.

The order, for every leaver, is the one a careful administrator follows: (1) record what the run is about to do on the
account (the marker below), (2) end their open workflow access requests (and revoke the plain ones given), (3) lock or
erase their Apple devices, (4) remove their static group memberships and every direct binding, (5) suspend or delete the
account. Each step is one phase for all leavers at once, its requests sent concurrently (at most ``workers`` in
flight); a leaver whose step fails goes no further (the others go on), and the task fails naming them.

Everything compares before it acts, so a run stopped half-way (a fault, an interrupt) is finished by running it again
and nothing done is sent twice: a cancelled request is final, a locked (or lock-pending) device is not locked again, an
erased one has left MDM, a removed link is not there, a suspended account is suspended.

Not fooled:

* A name that matches no user fails the task before anything is written, whatever the action, unless JumpCloud's audit
  log (Directory Insights) records the deletion of that user within the last 90 days: then an earlier run (or an
  administrator) deleted them and there is nothing left to do. If the log cannot be read, the task says so and fails.
* Devices are found from what outlives the unbinding: the marker, written on the account before anything else, records
  the devices bound to the leaver when the first run began (``jcopsOffboarding`` custom attribute:
  ``{"action": ..., "started": ..., "systems": [ids]}``); the devices whose primary user (``primarySystemUser``) is the
  leaver; and the devices bound now. A later run with ``devices: lock`` after one without it still finds them, and for a
  leaver deleted by an earlier run, the devices the audit log records them being bound to or unbound from. A device
  where the leaver merely has a local account (the agent's ``userMetrics``) is reported, never locked or erased.
"""

from __future__ import annotations

import datetime
import json

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _mdm
from ansible_collections.jcops.jumpcloud.plugins.module_utils._access import (
    APPROVED,
    UNDECIDED,
    AccessRequest,
    list_workflow_requests,
    workflow_plan,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._bulk import EnsureMany, Routine, check_items, problems_message
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudError, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import Edges
from ansible_collections.jcops.jumpcloud.plugins.module_utils._insights import event_query, read_events
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import list_by_ids, list_objects, resolve
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind, is_object_id
from ansible_collections.jcops.jumpcloud.plugins.module_utils._users import ENTITY, USER_OPTIONS, UserEnsure

USER = get_kind('user')
SYSTEM = get_kind('system')
USER_GROUP = get_kind('user_group')

MARKER = 'jcopsOffboarding'
MARKER_LENGTH = 1024          # the longest custom attribute value JumpCloud takes
DELETIONS_WITHIN_DAYS = 90    # how long JumpCloud keeps Directory Insights events
DYNAMIC = ('DYNAMIC_AUTOMATED', 'DYNAMIC_REVIEW_REQUIRED')

# What a device action did, in words.
PAST = {'lock': 'locked', 'erase': 'erased'}

# The graph types a user can be bound to directly (group memberships are read apart).
BOUND_TYPES = tuple(sorted(USER.associates))


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def read_marker(user):
    """The marker a run recorded on the account: {'action', 'started', 'systems'}, or None."""
    for attribute in user.get('attributes') or []:
        if isinstance(attribute, dict) and attribute.get('name') == MARKER:
            try:
                marker = json.loads(attribute.get('value') or '')
            except ValueError:
                return None
            if isinstance(marker, dict):
                marker['systems'] = [value for value in marker.get('systems') or [] if is_object_id(value)]
                return marker
    return None


def marker_attributes(user, marker):
    """The account's custom attributes with the marker in place (the others kept as they are), and the systems the
    marker could not hold (its value is limited to 1024 characters)."""
    systems, left_out = list(marker['systems']), []
    while True:
        value = json.dumps(dict(marker, systems=systems), separators=(',', ':'), sort_keys=True)
        if len(value) <= MARKER_LENGTH:
            break
        left_out.insert(0, systems.pop())
    attributes = [attribute for attribute in user.get('attributes') or [] if not (isinstance(attribute, dict) and attribute.get('name') == MARKER)]
    return attributes + [{'name': MARKER, 'value': value}], left_out


class Leaver:
    """One leaver through the run: who they are, what was read about them, what was done, what went wrong."""

    def __init__(self, where, reference):
        self.where = where
        self.reference = reference
        self.user = None
        self.deletion = None       # the Directory Insights event of their deletion
        self.marker = None         # what the first run recorded
        self.new_marker = None     # the marker to write, when it differs
        self.systems = set()       # the devices (system ids) that are theirs
        self.local_only = []       # devices where they only have a local account
        self.devices = []          # their Apple MDM devices
        self.requests = []         # their open workflow access requests
        self.groups = {}           # static group id -> name
        self.bindings = []         # (type, id, name) of their direct bindings
        self.done = dict(marker=[], access=[], devices=[], links=[], account=[])
        self.notes = []            # what was already as asked
        self.warnings = []         # what could not be done
        self.error = None

    @property
    def id(self):
        return (self.user or {}).get('_id') or ((self.deletion or {}).get('resource') or {}).get('id')

    @property
    def name(self):
        return (self.user or {}).get('username') or ((self.deletion or {}).get('resource') or {}).get('username') or self.reference

    def fail(self, phase, error):
        if self.error is None:
            self.error = '{0}: {1}'.format(phase, error)


class Offboarding(Routine):
    """The leaver routine (see the module docstring); ``module`` gives the client, the resolver and the options."""

    def __init__(self, module):
        super().__init__(module)
        self.device_action = _mdm.ACTIONS.get(self.params['devices'])
        self.started = utc_now().strftime('%Y-%m-%dT%H:%M:%SZ')
        self.names = {}  # (type, id) -> name, for the result

    # -- input and the leavers -------------------------------------------------------------------

    def check_input(self):
        pin = self.params.get('device_pin')
        if self.device_action is not None and pin is not None:
            _mdm.check_action_input(self.device_action, pin=pin, confirm=True)
        if self.params['action'] != 'delete' and self.params.get('cascade_manager') is not None:
            raise JumpCloudValueError('cascade_manager goes with action=delete')

    def find(self):
        """The leavers, each found, or proven deleted by an earlier run; every other name fails the task here."""
        leavers = [Leaver('leavers[{0}]'.format(index), reference) for index, reference in enumerate(self.params['leavers'])]
        resolution = resolve(self.client, USER, [leaver.reference for leaver in leavers])
        seen, problems = {}, []
        for leaver in leavers:
            leaver.user = resolution.found.get(leaver.reference)
            if leaver.user is not None:
                if leaver.user['_id'] in seen:
                    problems.append("{0} is the same user as {1} ('{2}')".format(leaver.where, seen[leaver.user['_id']], leaver.name))
                seen.setdefault(leaver.user['_id'], leaver.where)
        missing = [leaver for leaver in leavers if leaver.user is None]
        if missing:
            self.find_deletions(missing, problems)
        if problems:
            raise JumpCloudValueError(problems_message('Nothing was changed', problems))
        return leavers

    def find_deletions(self, missing, problems):
        """Tell "deleted by an earlier run" from "never existed" with the audit log: a user deletion event naming them."""
        references = [leaver.reference for leaver in missing]
        try:
            events = self.events('user_delete', {'or': [{'resource.username': [reference.lower() for reference in references]},
                                                        {'resource.id': references}]})
        except JumpCloudError as error:
            for leaver in missing:
                problems.append("{0}: no JumpCloud user '{1}' exists, and whether an earlier run deleted it cannot be told ({2}); "
                                "check the name".format(leaver.where, leaver.reference, error))
            return
        for leaver in missing:
            for event in events:
                resource = event.get('resource') or {}
                if leaver.reference.lower() in (str(resource.get('username')).lower(), resource.get('id')):
                    leaver.deletion = event
                    break
            if leaver.deletion is None:
                problems.append("{0}: no JumpCloud user '{1}' exists, and none was deleted in the last {2} days: is the name "
                                "right?".format(leaver.where, leaver.reference, DELETIONS_WITHIN_DAYS))

    def events(self, event_type, search_term):
        """The Directory Insights events of a type in the last 90 days matching ``search_term``, newest first."""
        body = event_query(dict(service=['directory'], start_time='{0}d'.format(DELETIONS_WITHIN_DAYS), event_type=[event_type],
                                search_term=search_term, sort='DESC'))
        return read_events(self.client, body)[0]

    def unbound_earlier(self, deleted):
        """The devices a deleted leaver was bound to, from the audit log's association changes (the bindings went with
        the account)."""
        by_id = dict((leaver.id, leaver) for leaver in deleted if leaver.id)
        if not by_id:
            return
        ids = sorted(by_id)
        either_end = {'or': [{'association.connection.from.object_id': ids}, {'association.connection.to.object_id': ids}]}
        for event in self.events('association_change', either_end):
            connection = (event.get('association') or {}).get('connection') or {}
            ends = [connection.get('from') or {}, connection.get('to') or {}]
            for me, other in (ends, ends[::-1]):
                if me.get('object_id') in by_id and other.get('type') == SYSTEM.name and other.get('object_id'):
                    by_id[me['object_id']].systems.add(other['object_id'])

    # -- reads -----------------------------------------------------------------------------------

    def read(self, leavers):
        """What each present leaver has (bindings, groups, requests, devices), with batched reads where the API allows."""
        present = [leaver for leaver in leavers if leaver.user]
        self.client.map_concurrent(self.read_links, present, workers=self.workers)
        ids = [leaver.id for leaver in present]
        if self.params['revoke_access_requests'] and ids:
            for request in list_workflow_requests(self.client, statuses=UNDECIDED + (APPROVED,), filters={'requestor': ids}):
                for leaver in present:
                    if request.get('requestor') == leaver.id:
                        leaver.requests.append(request)
        if self.params['remove_memberships']:
            self.read_dynamic_groups(present)
        self.read_devices(leavers)
        self.read_names(present)
        for leaver in present:
            marker = dict(leaver.marker or {'started': self.started})
            marker['action'] = self.params['action']
            marker['systems'] = sorted(set(marker.get('systems') or []) | leaver.systems)
            if marker != leaver.marker:
                leaver.new_marker = marker

    def read_links(self, leaver):
        """The leaver's direct bindings (every type, one listing) and group memberships; the marker on the account."""
        leaver.marker = read_marker(leaver.user)
        path = '{0}/{1}/associations'.format(USER.graph_path, leaver.id)
        for item in self.client.paginate(path, params={'targets': ','.join(BOUND_TYPES)},
                                         operation="list the bindings of user '{0}'".format(leaver.name)):
            target = item.get('to') or {}
            if target.get('type') in BOUND_TYPES and target.get('id'):
                leaver.bindings.append((target['type'], target['id']))
        leaver.groups = dict.fromkeys(Edges(self.client, USER.name, leaver.id, USER_GROUP.name).read())
        leaver.systems.update(target_id for target_type, target_id in leaver.bindings if target_type == SYSTEM.name)
        if leaver.marker:
            leaver.systems.update(leaver.marker['systems'])

    def read_dynamic_groups(self, leavers):
        """Leave memberships of dynamic groups to the groups' rules; name the others."""
        group_ids = sorted(set(group_id for leaver in leavers for group_id in leaver.groups))
        groups = dict((group['id'], group) for group in list_by_ids(self.client, USER_GROUP, group_ids))
        for leaver in leavers:
            leaver.groups = dict((group_id, groups.get(group_id, {}).get('name', group_id)) for group_id in leaver.groups
                                 if groups.get(group_id, {}).get('membershipMethod') not in DYNAMIC)

    def read_devices(self, leavers):
        """The systems each leaver owns (primary user) or has a local account on, and, for a device action, the Apple MDM
        devices of their systems."""
        by_id = dict((leaver.id, leaver) for leaver in leavers if leaver.id)
        by_name = dict((leaver.name, leaver) for leaver in leavers if leaver.id)
        if not by_id:
            return
        owned = list_objects(self.client, SYSTEM, filters=['primarySystemUser.id:$in:' + '|'.join(sorted(by_id))],
                             operation='list the systems whose primary user is a leaver')
        for system in owned:
            owner = by_id.get((system.get('primarySystemUser') or {}).get('id'))
            if owner is not None:
                owner.systems.add(system['_id'])
        names = [name for name in sorted(by_name) if '|' not in name]
        local = list_objects(self.client, SYSTEM, filters=['userMetrics.userName:$in:' + '|'.join(names)],
                             operation='list the systems where a leaver has a local account') if names else []
        for system in local:
            for metric in system.get('userMetrics') or []:
                leaver = by_name.get(metric.get('userName'))
                if leaver is not None and system['_id'] not in leaver.systems:
                    leaver.local_only.append(system.get('displayName') or system['_id'])
        if self.device_action is None:
            return
        self.unbound_earlier([leaver for leaver in leavers if leaver.deletion is not None])
        system_ids = sorted(set(system_id for leaver in leavers for system_id in leaver.systems))
        systems = list_by_ids(self.client, SYSTEM, system_ids)
        servers = _mdm.resolve_servers(self.client, required=False)
        serials = sorted(set(system['serialNumber'] for system in systems if system.get('serialNumber') and ',' not in system['serialNumber']
                             and '|' not in system['serialNumber']))
        batches = [serials[start:start + 100] for start in range(0, len(serials), 100)]
        devices = [device for batch in batches for device in _mdm.all_devices(self.client, servers, ['serialNumber:in:' + '|'.join(batch)])]
        by_device_id = dict((device['id'], device) for device in devices)
        by_serial = {}
        for device in devices:
            by_serial.setdefault(device.get('serialNumber'), []).append(device)
        owner_of = {}
        for leaver in leavers:
            for system_id in leaver.systems:
                owner_of.setdefault(system_id, []).append(leaver)
        for system in systems:
            internal = ((system.get('mdm') or {}).get('internal') or {}).get('deviceId')
            device = by_device_id.get(internal)
            if device is None and len(by_serial.get(system.get('serialNumber'), [])) == 1:
                device = by_serial[system['serialNumber']][0]
            for leaver in owner_of.get(system['_id'], []):
                if device is not None:
                    leaver.devices.append(device)
                else:
                    leaver.warnings.append("device '{0}' is not an Apple MDM device: it was not {1}".format(
                        system.get('displayName') or system['_id'], PAST[self.params['devices']]))
        for leaver in leavers:
            if leaver.deletion is not None and not leaver.devices:
                leaver.warnings.append('{0} was deleted on {1}; no device of theirs can be found any more (no device names them '
                                       'as its primary user, and the audit log records no binding to one): lock them by serial '
                                       'number with jcops.jumpcloud.jc_apple_mdm_device'.format(leaver.name, leaver.deletion.get('timestamp')))

    # -- the phases ------------------------------------------------------------------------------

    def phase(self, name, leavers, items_of, act):
        """Run ``act(leaver, item)`` for every item of every leaver still going, concurrently; record what was done
        (a value that is not None) and the first failure of each leaver."""
        work = [(leaver, item) for leaver in leavers if leaver.error is None for item in items_of(leaver)]

        def run(entry):
            try:
                return act(*entry), None
            except JumpCloudError as error:
                return None, error

        for (leaver, dummy), (done, error) in zip(work, self.client.map_concurrent(run, work, workers=self.workers)):
            if error is not None:
                leaver.fail(name, error)
            elif done is not None:
                leaver.done[name].append(done)

    def record(self, leaver, marker):
        attributes, left_out = marker_attributes(leaver.user, marker)
        if left_out:
            leaver.warnings.append('the marker holds {0} devices; {1} more are not recorded: {2}'.format(
                len(marker['systems']) - len(left_out), len(left_out), ', '.join(left_out)))
        self.client.write('PUT', USER.item_path(leaver.id), body={'attributes': attributes},
                          operation="record the offboarding of user '{0}'".format(leaver.name))
        return 'recorded'

    def end_request(self, leaver, request):
        call, status, warning = workflow_plan(request, 'revoked')
        if warning:
            leaver.warnings.append(warning)
        if call is None:
            return None
        path, body = call
        verb = 'cancel' if path.endswith('/cancel') else 'revoke'
        self.client.write('POST', path, body=body, operation="{0} workflow access request '{1}'".format(verb, request.get('id')))
        return '{0} {1}'.format(request.get('id'), status.lower())

    def act_on_device(self, leaver, device):
        action, name = self.device_action, _mdm.device_name(device)
        if action.takes_pin and _mdm.needs_pin(device) and not self.params.get('device_pin'):
            raise JumpCloudValueError('device {0} is a Mac: devices={1} needs device_pin (6 digits)'.format(name, action.name))
        state = _mdm.lock_state(self.client, device) if action.name == 'lock' and device.get('enrolled', True) else None
        send, why_not = _mdm.plan(action, device, state)
        if not send:
            leaver.notes.append(why_not)
            return None
        _mdm.send(self.client, action, device, self.params.get('device_pin'))
        return '{0} {1}'.format(name, PAST[action.name])

    def unlink(self, leaver, link):
        target_type, target_id = link
        edges = Edges(self.client, USER.name, leaver.id, target_type)
        edges.change('remove', target_id)
        return link

    def links_of(self, leaver):
        links = []
        if self.params['remove_memberships']:
            links.extend((USER_GROUP.name, group_id) for group_id in sorted(leaver.groups))
        if self.params['remove_bindings']:
            links.extend(leaver.bindings)
        return links

    def close_accounts(self, leavers):
        """Suspend or delete the accounts of the leavers whose other steps all succeeded, with the user routine."""
        going = [leaver for leaver in leavers if leaver.error is None and leaver.user]
        if not going:
            return
        if self.params['action'] == 'delete':
            params = [dict(id=leaver.id, state='absent', cascade_manager=self.params.get('cascade_manager')) for leaver in going]
        else:
            params = [dict(id=leaver.id, state='present', suspended=True) for leaver in going]
        items = check_items(ENTITY, USER_OPTIONS, [(leaver.where, item) for leaver, item in zip(going, params)])
        results = EnsureMany(self.module, ENTITY, UserEnsure, items, self.workers, isolate=True).run()['results']
        for leaver, entry in zip(going, results):
            if entry.get('failed'):
                leaver.fail('account', entry['msg'])
            elif entry.get('changed'):
                leaver.done['account'].append('deleted' if self.params['action'] == 'delete' else 'suspended')

    def end_plain_requests(self):
        """The plain access requests given (JumpCloud cannot list them): revoked, once."""
        done = []
        for access_id in self.params['access_request_ids']:
            result = AccessRequest(self.client, dict(id=access_id, state='revoked'), self.resolver).run()
            if result['changed']:
                done.append(access_id)
        return done

    # -- the routine -----------------------------------------------------------------------------

    def run(self):
        self.check_input()
        leavers = self.find()
        self.read(leavers)
        if self.device_action is not None and self.device_action.takes_pin and not self.params.get('device_pin'):
            macs = ['{0} ({1})'.format(_mdm.device_name(device), leaver.name) for leaver in leavers for device in leaver.devices
                    if _mdm.needs_pin(device)]
            if macs:
                raise JumpCloudValueError('Nothing was changed: devices={0} needs device_pin (6 digits) for these Macs: {1}'.format(
                    self.params['devices'], ', '.join(macs)))
        self.phase('marker', leavers, lambda leaver: [leaver.new_marker] if leaver.new_marker else [], self.record)
        self.phase('access', leavers, lambda leaver: leaver.requests, self.end_request)
        plain = self.end_plain_requests() if [leaver for leaver in leavers if leaver.error is None] else []
        if self.device_action is not None:
            self.phase('devices', leavers, lambda leaver: leaver.devices, self.act_on_device)
        self.phase('links', leavers, self.links_of, self.unlink)
        self.close_accounts(leavers)
        return self.result(leavers, plain)

    # -- the result ------------------------------------------------------------------------------

    def read_names(self, leavers):
        """The names of every object a leaver is linked to, 100 ids a request per type (for the diff and the result)."""
        by_type = {}
        for leaver in leavers:
            for target_type, target_id in self.links_of(leaver):
                by_type.setdefault(target_type, set()).add(target_id)
        for leaver in leavers:
            self.names.update(((USER_GROUP.name, group_id), name) for group_id, name in leaver.groups.items() if name)
        for target_type, ids in sorted(by_type.items()):
            kind = get_kind(target_type)
            unknown = [target_id for target_id in ids if (target_type, target_id) not in self.names]
            for obj in list_by_ids(self.client, kind, unknown) if unknown else []:
                self.names[(target_type, obj[kind.id_field])] = obj.get(kind.name_field) or obj[kind.id_field]

    def names_of(self, links):
        """type -> sorted names of the linked objects."""
        named = {}
        for target_type, target_id in links:
            named.setdefault(target_type, []).append(str(self.names.get((target_type, target_id), target_id)))
        return dict((target_type, sorted(names)) for target_type, names in named.items())

    def view(self, leaver, after):
        """A leaver's diff view: the account's state, groups, bindings, devices."""
        removed = set(leaver.done['links']) if after else set()
        links = [link for link in self.links_of(leaver) if link not in removed]
        view = dict(username=leaver.name, id=leaver.id)
        if leaver.user is None:
            view['account'] = 'deleted'
            return view
        state = leaver.user.get('state')
        if after and leaver.done['account']:
            state = 'DELETED' if leaver.done['account'][0] == 'deleted' else 'SUSPENDED'
        view['account'] = state
        view['links'] = self.names_of(links)
        if self.device_action is not None:
            acted = set(entry.split(' ')[0] for entry in leaver.done['devices']) if after else set()
            view['devices'] = dict((_mdm.device_name(device), PAST[self.device_action.name] if _mdm.device_name(device) in acted else 'as it was')
                                   for device in leaver.devices)
        return view

    def result(self, leavers, plain):
        entries, diffs = [], []
        for leaver in leavers:
            changed = any(leaver.done.values())
            entry = dict(leaver=leaver.reference, username=leaver.name, id=leaver.id, changed=changed,
                         status='failed' if leaver.error else ('deleted earlier' if leaver.user is None else 'offboarded'),
                         marker=bool(leaver.done['marker']), access_requests_ended=leaver.done['access'],
                         devices=leaver.done['devices'], links_removed=self.names_of(leaver.done['links']),
                         account=(leaver.done['account'] or ['unchanged' if leaver.user else 'deleted earlier'])[0],
                         devices_found=[_mdm.device_name(device) for device in leaver.devices],
                         device_ids=[device.get('id') for device in leaver.devices],
                         local_accounts_on=sorted(leaver.local_only), notes=leaver.notes, warnings=leaver.warnings)
            if leaver.deletion is not None:
                entry['deleted_on'] = leaver.deletion.get('timestamp')
            if leaver.error:
                entry['msg'] = leaver.error
            entries.append(entry)
            if changed:
                header = "leaver '{0}'".format(leaver.name)
                diffs.append(dict(before_header=header, after_header=header, before=self.view(leaver, False), after=self.view(leaver, True)))
        counts = {}
        for entry in entries:
            counts[entry['status']] = counts.get(entry['status'], 0) + 1
        changed = any(entry['changed'] for entry in entries) or bool(plain)
        msg = '{0} leaver{1}: {2}{3}'.format(len(entries), '' if len(entries) == 1 else 's', ', '.join(
            '{0} {1}'.format(count, status) for status, count in sorted(counts.items())),
            '' if not changed else ('; changes would be made' if self.check_mode else '; changes made'))
        return dict(changed=changed, msg=msg, leavers=entries, access_requests_revoked=plain, diff=diffs)


# -- the proof: the Directory Insights events of what a run did --------------------------------------

# The event Directory Insights logs for each account step (the document's event types).
ACCOUNT_EVENTS = {'suspended': 'user_suspended', 'deleted': 'user_delete'}
MARKER_EVENT = 'user_update'            # the marker is a PUT of the account
LINK_EVENT = 'association_change'       # with association.op 'remove' and the leaver at one end
DEVICE_EVENT = 'mdm_command_result'     # service mdm, device_object_id the Apple MDM device's id
PROOF_EVENT_TYPES = (MARKER_EVENT, LINK_EVENT, DEVICE_EVENT) + tuple(sorted(ACCOUNT_EVENTS.values()))
# what a report keeps of an event
EVENT_FIELDS = ('id', 'event_type', 'timestamp', 'service', 'success', 'initiated_by', 'resource', 'association',
                'device_object_id', 'request_type', 'status')


def _entries(result):
    if not isinstance(result, dict) or not isinstance(result.get('leavers'), list):
        raise JumpCloudValueError('expected the registered result of jcops.jumpcloud.jc_leavers (with leavers)')
    return [entry for entry in result['leavers'] if isinstance(entry, dict)]


def acted_device_ids(entry):
    """The Apple MDM ids of the devices a leaver's run locked or erased (``devices`` names them as in
    ``devices_found``, whose ids are ``device_ids``)."""
    acted = set(text.rsplit(' ', 1)[0] for text in entry.get('devices') or [])
    pairs = zip(entry.get('devices_found') or [], entry.get('device_ids') or [])
    return [device_id for name, device_id in pairs if name in acted and device_id]


def expected_events(entry):
    """What the steps done for one leaver should have logged: [(event type, how many, what was done)]."""
    wanted = []
    if entry.get('marker'):
        wanted.append((MARKER_EVENT, 1, 'offboarding recorded on the account'))
    links = ['{0} {1}'.format(target_type, name) for target_type, names in sorted((entry.get('links_removed') or {}).items())
             for name in names]
    if links:
        wanted.append((LINK_EVENT, len(links), 'removed: ' + ', '.join(links)))
    if entry.get('devices'):
        wanted.append((DEVICE_EVENT, len(entry['devices']), ', '.join(entry['devices'])))
    if entry.get('account') in ACCOUNT_EVENTS:
        wanted.append((ACCOUNT_EVENTS[entry['account']], 1, 'account ' + entry['account']))
    return wanted


def proof_query(result):
    """The jc_event_info options (``service``, ``event_type``, ``search_term``) that find, in one query, the events of
    every leaver of a jc_leavers result: events about their accounts, association changes with a leaver at either end,
    and the results of the MDM commands sent to the devices acted on."""
    entries = _entries(result)
    ids = sorted(set(entry['id'] for entry in entries if entry.get('id')))
    devices = sorted(set(device_id for entry in entries for device_id in acted_device_ids(entry)))
    terms = [{'resource.id': ids}, {'association.connection.from.object_id': ids}, {'association.connection.to.object_id': ids}]
    if devices:
        terms.append({'device_object_id': devices})
    return dict(service=['directory'] + (['mdm'] if devices else []), event_type=list(PROOF_EVENT_TYPES),
                search_term={'or': terms})


def _path(event, dotted):
    value = event
    for key in dotted.split('.'):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def events_of(entry, events):
    """The events that record a step of one leaver: their account's, the removals of their links, the results of the
    commands sent to their devices."""
    user_id, devices = entry.get('id'), set(acted_device_ids(entry))
    found = []
    for event in events:
        event_type = event.get('event_type')
        if event_type == LINK_EVENT:
            ends = (_path(event, 'association.connection.from.object_id'), _path(event, 'association.connection.to.object_id'))
            mine = _path(event, 'association.op') == 'remove' and user_id in ends
        elif event_type == DEVICE_EVENT:
            mine = event.get('device_object_id') in devices
        else:
            mine = event_type in PROOF_EVENT_TYPES and _path(event, 'resource.id') == user_id
        if mine and user_id:
            found.append(dict((key, event[key]) for key in EVENT_FIELDS if event.get(key) is not None))
    return found


def proof(result, events=None):
    """Each leaver of a jc_leavers result as the module reports them, and, when ``events`` (Directory Insights events
    read since before the run) are given: ``events`` (theirs, oldest first), ``missing`` (the steps done whose events
    were not found, each with what was done) and ``proven`` (nothing missing)."""
    report = []
    for entry in _entries(result):
        entry = dict(entry)
        if events is not None:
            entry['events'] = events_of(entry, events)
            counts = {}
            for event in entry['events']:
                counts[event['event_type']] = counts.get(event['event_type'], 0) + 1
            entry['missing'] = ['{0} ({1} of {2} found): {3}'.format(event_type, counts.get(event_type, 0), wanted, what)
                                for event_type, wanted, what in expected_events(entry) if counts.get(event_type, 0) < wanted]
            entry['proven'] = not entry['missing']
        report.append(entry)
    return report
