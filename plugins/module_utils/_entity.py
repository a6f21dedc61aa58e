# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one ensure-state routine: find -> compare -> create/update/delete, check mode, diff, result.

A module describes its object with an ``Entity`` (which option names it, which options map to which
API fields, which lifecycle actions it offers) and calls ``EntityModule(entity).run()``; ``Ensure`` is the
routine for one object, in two phases (``plan`` reads and decides, ``apply`` writes), so a task about many
objects can plan them all before the first write. Everything that acts lives here, so every module behaves
the same way:

1. check the input that needs no request (``check_input``);
2. find the object by ``id`` or by its unique name (ambiguity is an error);
3. resolve references (a manager's username, a group's name) to ids; an unknown reference fails
   here, before anything is written;
4. compare only the options that were given; send only what differs (v2 objects, whose PUT replaces
   the whole object, are read, merged and written back whole);
5. run the lifecycle actions the options ask for and the object needs (suspend, unlock, ...);
6. in check mode, send no POST/PUT/PATCH/DELETE and report what would change;
7. return ``changed``, a field-level ``diff`` (secrets never shown), and the object under a key named
   after its kind, as JumpCloud returns it with secrets removed.
"""

from __future__ import annotations

import copy
import random
import time

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudError, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import (
    RETURNED_SECRETS,
    SECRET_PLACEHOLDER,
    changed_fields,
    deep_merge,
    drop_none,
    get_path,
    merge,
    pop_path,
    redact,
    set_path,
    values_equal,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import Edges, plan, refuse_dynamic_group
from ansible_collections.jcops.jumpcloud.plugins.module_utils._input import NAME, TEXT_MAX, Text, check_id
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import field_filters, find_by_name, find_one, get_by_id, list_objects, whole
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report


# ``Ensure.prefetched`` before anything was read for the object.
NOT_READ = object()


# A guarded whole-object update (see ``Ensure.update``): attempts, looks at the object after the write while other
# editors are writing, and the shortest and longest pause before a look (seconds).
UPDATE_ATTEMPTS = 5
QUIET_CHECKS = 3
SETTLE_MIN = 0.25
SETTLE_CAP = 2.0


def merged_changes(wanted, current):
    """The fields of ``wanted`` that differ from ``current``, each merged onto the current value (a nested dict keeps
    the keys the task does not manage)."""
    return {key: deep_merge(current.get(key), value) for key, value in changed_fields(wanted, current).items()}


def reverted(wanted, before, after):
    """True when a value ``wanted`` sets, not held ``before`` a write, is back to its ``before`` value ``after`` it:
    another editor's write, based on an older read, undid it. Nested dicts are looked at key by key (a missing one is
    empty)."""
    if isinstance(wanted, dict) and isinstance(before, (dict, type(None))) and isinstance(after, (dict, type(None))):
        return any(reverted(value, (before or {}).get(key), (after or {}).get(key)) for key, value in wanted.items())
    return wanted is not None and not values_equal(wanted, before) and not values_equal(wanted, after) and before == after


class Field:
    """One module option and the API field it maps to.

    ``api`` is the JumpCloud field name (defaults to the option name; a dotted name such as
    ``attributes.sudo`` reaches into a nested object); ``ref`` names the kind a
    reference resolves to (the user gives a name or an id, the API gets the id); ``secret`` marks a
    write-only value (no_log, never compared, never diffed); ``options`` maps the sub-options of a
    dict or list-of-dicts option the same way; ``encode``/``decode`` convert a value whose API shape
    differs from the option's (a list of names sent as ``[{name: ...}]``). Any other keyword is
    argument-spec (type, choices...).

    Where the API writes a field under another name than it returns it, ``api`` is the name read
    (compared and diffed) and ``create_api`` / ``update_api`` the name a create / update body
    carries. ``create_only`` marks a field the update operation does not take: it is sent on create,
    and a different value on an existing object is refused before anything is written.
    ``ignore_case`` compares a text value without regard to case (an enumeration JumpCloud documents
    in upper case in one place and in lower case in another): a value that differs only in case is
    left as it is. ``builtin_refs`` maps words that a reference may be besides a name or an id to the
    id JumpCloud records for them (a command's user ``root``), so they are not looked up. ``max_length`` is the
    longest text JumpCloud documents for the field (default 1024) and ``multiline`` lets it hold line breaks (a
    description, a certificate); text is refused before any request when it is longer or holds a control character
    (see ``_input``).
    """

    def __init__(self, api=None, ref=None, secret=False, options=None, encode=None, decode=None, create_api=None,
                 update_api=None, create_only=False, ignore_case=False, builtin_refs=None, max_length=TEXT_MAX,
                 multiline=False, **spec):
        self.api = api
        self.ref = ref
        self.builtin_refs = builtin_refs or {}
        self.secret = secret
        self.options = options
        self.encode = encode
        self.decode = decode
        self.create_api = create_api
        self.update_api = update_api
        self.create_only = create_only
        self.ignore_case = ignore_case
        self.text = Text(max_length, multiline)
        self.spec = spec

    def text_rules(self, path):
        """Option path -> ``Text`` for this field and its sub-options."""
        rules = {path: self.text}
        for name, sub in (self.options or {}).items():
            rules.update(sub.text_rules('{0}.{1}'.format(path, name)))
        return rules

    def api_name(self, option):
        """The field's name in the objects JumpCloud returns."""
        return self.api or option

    def write_name(self, option, creating):
        """The field's name in a create (POST) or update (PUT) body."""
        return (self.create_api if creating else self.update_api) or self.api_name(option)

    def argument_spec(self):
        spec = dict(self.spec)
        spec.setdefault('type', 'str')
        if self.options:
            spec['options'] = {name: sub.argument_spec() for name, sub in self.options.items()}
        if self.secret:
            spec['no_log'] = True
        return spec

    def to_api(self, value):
        """Option value -> API value (sub-option names renamed, unset sub-options dropped)."""
        if value is not None and self.encode:
            return self.encode(value)
        if value is None or not self.options:
            return value
        if isinstance(value, list):
            return [self._dict_to_api(item) for item in value]
        return self._dict_to_api(value)

    def _dict_to_api(self, item):
        return {self.options[key].api_name(key): self.options[key].to_api(sub) for key, sub in item.items() if sub is not None}

    def from_api(self, value):
        """API value -> option view (for diffs): sub-fields renamed back, unknown sub-fields dropped."""
        if value is not None and self.decode:
            return self.decode(value)
        if value is None or not self.options:
            return value
        if isinstance(value, list):
            return [self._dict_from_api(item) for item in value if isinstance(item, dict)]
        return self._dict_from_api(value) if isinstance(value, dict) else value

    def _dict_from_api(self, item):
        view = {}
        for name, sub in self.options.items():
            if sub.api_name(name) in item:
                view[name] = sub.from_api(item[sub.api_name(name)])
        return view


class Action:
    """A lifecycle operation on an existing object (POST to a sub-path), asked for by an option value.

    It is sent when the option has ``value`` and ``needed(current)`` says the object is not in that
    state yet (``needed=None``: every time, e.g. reset MFA or restart a device). ``effect`` is what the
    object looks like afterwards (used for check mode and the returned object); ``refuse`` instead
    fails the task with that message when the option has ``value`` (an operation the API does not
    offer). ``supported(current)`` tells whether the object can take the action at all (a built-in
    command on a Mac); when it cannot, the task fails with ``unsupported`` before anything is written.
    ``confirm`` marks a destructive action with what it does ("it wipes the device"): it is refused
    unless the ``confirm`` option is true, with that sentence in the message.
    """

    def __init__(self, option, value, path=None, needed=None, effect=None, body=None, refuse=None, supported=None,
                 unsupported=None, confirm=False):
        self.option = option
        self.value = value
        self.path = path
        self.needed = needed
        self.effect = effect or {}
        self.body = body
        self.refuse = refuse
        self.supported = supported
        self.unsupported = unsupported
        self.confirm = confirm

    def wanted(self, params):
        return params.get(self.option) is not None and params[self.option] == self.value

    def is_needed(self, current):
        return self.needed is None or self.needed(current)


class Members:
    """The members of a group as a set-valued option (names or ids) with its purge option.

    Additive by default: listed members are added, others kept. With the purge option the list is the
    exact membership. A group whose membership is dynamic refuses the option.
    """

    def __init__(self, option='members', purge_option='purge_members'):
        self.option = option
        self.purge_option = purge_option


class Entity:
    """What a module manages: its kind, the option naming it, its fields, actions, members and secrets.

    ``required_on_create`` lists options a create needs; ``secret_update_option`` names the
    ``on_create|always`` option of the secret fields; ``creatable=False`` says the API cannot create the
    kind (devices enrol themselves), so a missing object fails; ``key_renames=False`` makes the naming
    option a lookup only (a device found by display name or hostname is never renamed by it).
    """

    def __init__(self, kind, key, fields, result_key=None, actions=(), required_on_create=(), secret_update_option=None,
                 members=None, creatable=True, key_renames=True):
        self.members = members
        self.creatable = creatable
        self.key_renames = key_renames
        self.kind = kind
        self.key = key
        self.fields = fields
        self.result_key = result_key or kind.name
        self.actions = list(actions)
        self.required_on_create = tuple(required_on_create)
        self.secret_update_option = secret_update_option

    @property
    def secret_api_names(self):
        return {name for option, field in self.fields.items() if field.secret
                for name in (field.api_name(option), field.write_name(option, True), field.write_name(option, False))}

    def align_case(self, wanted, current):
        """``wanted`` with the value of each ``ignore_case`` field replaced by the current one when they differ
        only in case, so that such a difference is no change."""
        aligned = copy.deepcopy(wanted)
        for option, field in self.fields.items():
            api = field.api_name(option)
            want, have = get_path(aligned, api), get_path(current, api)
            if field.ignore_case and isinstance(want, str) and isinstance(have, str) and want.lower() == have.lower():
                set_path(aligned, api, have)
        return aligned

    def write_names(self, body, creating):
        """``body`` (keyed by the names fields are read under) with each field under the name the create or
        update operation takes."""
        renamed = copy.deepcopy(body)
        for option, field in self.fields.items():
            read, write = field.api_name(option), field.write_name(option, creating)
            if write != read and get_path(renamed, read) is not None:
                set_path(renamed, write, get_path(renamed, read))
                pop_path(renamed, read)
        return renamed

    def text_rules(self):
        """Option path -> ``Text`` for every field, and the naming option (a name is never empty)."""
        rules = {self.key: NAME}
        for option, field in self.fields.items():
            rules.update(field.text_rules(option))
        return rules

    def argument_spec(self):
        spec = dict(
            id=dict(type='str'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
        )
        spec[self.key] = dict(type='str')
        for option, field in self.fields.items():
            spec[option] = field.argument_spec()
        if self.secret_update_option:
            spec[self.secret_update_option] = dict(type='str', default='on_create', choices=['on_create', 'always'], no_log=False)
        for action in self.actions:
            spec.setdefault(action.option, dict(type='bool', no_log=False))
        if any(action.confirm for action in self.actions):
            spec['confirm'] = dict(type='bool', default=False)
        if self.members:
            spec[self.members.option] = dict(type='list', elements='str')
            spec[self.members.purge_option] = dict(type='bool', default=False)
        return spec


class Ensure:
    """The ensure-state routine for one object: the options that describe it are ``params`` (a module's
    parameters, or one item of a list of objects), the module gives the client, the resolver and check mode.

    It runs in two phases, so that a task about many objects can check and resolve all of them before the
    first write: ``plan`` reads (the object, the references it names) and works out what to send, refusing bad
    input; ``apply`` sends it through the client's write gate and returns the result. ``run`` does both.
    Modules with an awkward object override the small hooks ``check_input``, ``find``, ``delete_params``,
    ``load`` and ``dump`` in a subclass; everything else is shared.

    ``where`` is the option path of the object in the task when it is not the module's parameters themselves (an
    item of a list of objects: ``users[3]``); every reference error then names ``users[3].manager``.
    """

    def __init__(self, module, entity, params, where=None):
        self.module = module
        self.entity = entity
        self.kind = entity.kind
        self.params = params
        self.where = where
        self.client = module.client
        self.resolver = module.resolver
        self.check_mode = module.check_mode
        self.current = None
        self._plan = None
        # What a read for many objects at once found for this one (see ``find``); NOT_READ: find it alone.
        self.prefetched = NOT_READ
        self._given = {}    # id -> the reference the task gave for it (a member's name), for messages

    def path(self, option):
        """The option's path in the task: ``manager``, or ``users[3].manager`` for an item of a list of objects."""
        return '{0}.{1}'.format(self.where, option) if self.where else option

    # -- hooks ---------------------------------------------------------------------------------

    def check_input(self):
        """Refuse bad input that needs no request (semantic checks beyond the argument spec): an id that is not an id
        of the kind, a name that is empty, an action the API does not offer or that needs confirming."""
        check_id('id', self.params.get('id'), self.kind.id_form, self.kind.label)
        if self.params.get(self.entity.key) is not None and not str(self.params[self.entity.key]).strip():
            raise JumpCloudValueError('{0} must not be empty'.format(self.entity.key))
        for action in self.entity.actions:
            if action.refuse and action.wanted(self.params):
                raise JumpCloudValueError(action.refuse)
            if action.confirm and action.wanted(self.params) and not self.params.get('confirm'):
                raise JumpCloudValueError('{0}={1} is destructive: {2}; set confirm=true to do it'.format(
                    action.option, action.value, action.confirm))

    def check_object(self, current):
        """Refuse, before anything is written, what the object found cannot take."""
        if current is None and not self.entity.creatable:
            raise JumpCloudValueError("No {0} named '{1}' exists, and JumpCloud {2}s cannot be created through the API".format(
                self.kind.label, self.name, self.kind.label))
        for action in self.entity.actions:
            if action.supported and action.wanted(self.params) and current is not None and not action.supported(current):
                raise JumpCloudValueError('{0}: {1}'.format(self.describe('Cannot ' + str(action.value)), action.unsupported))

    def delete_params(self, current):
        """Query parameters for the DELETE request (e.g. cascade rules); may refuse the delete."""
        return None

    def load(self, obj):
        """An object as JumpCloud returns it -> the shape the routine compares, diffs and returns (default:
        as is). A module whose API shape is awkward to compare (settings in a list keyed by ids) reshapes
        it here, and ``dump`` turns it back for writes. Applied to the object found and to write answers;
        ``None`` stays ``None``."""
        return obj

    def dump(self, body, creating):
        """A create or update body in the shape ``load`` gives -> the body the API takes (default: each
        field under the name the operation takes, see ``Field.create_api``)."""
        return self.entity.write_names(body, creating=creating)

    # -- the routine ---------------------------------------------------------------------------

    def run(self):
        """Plan, then apply: the module result."""
        return self.plan().apply()

    def plan(self):
        """Read what the object is and resolve what it should be; refuse bad input. Sends no write. Returns self."""
        self.check_input()
        self.current = current = self.load(self.find())
        if self.params['state'] == 'absent':
            if current is not None:
                self.name_from(current)
                self._plan = dict(delete_params=self.delete_params(current))
            return self
        self.check_object(current)
        if current is not None:
            self.name_from(current)
        creating = current is None
        wanted = self.wanted(renaming=creating or bool(self.params.get('id')))
        plan = dict(creating=creating, wanted_members=self.wanted_members(current), secrets=self.secrets(creating))
        if creating:
            missing = [option for option in self.entity.required_on_create if self.params.get(option) in (None, '')]
            if missing:
                raise JumpCloudValueError('{0}: {1} required to create it'.format(
                    self.describe('Cannot create'), ', '.join(missing) + (' is' if len(missing) == 1 else ' are')))
            plan.update(wanted=wanted, changes=wanted)
        else:
            wanted = self.entity.align_case(wanted, current)
            self.refuse_create_only(wanted, current)
            plan.update(wanted=wanted, changes=merged_changes(wanted, current))
        self._plan = plan
        return self

    def apply(self):
        """Send what ``plan`` worked out (nothing in check mode: the client's write gate) and return the result."""
        if self.params['state'] == 'absent':
            return self.ensure_absent(self.current)
        return self.ensure_present(self.current)

    @property
    def name(self):
        return self.params.get(self.entity.key) or self.params.get('id')

    def describe(self, verb):
        return "{0} {1} '{2}'".format(verb, self.kind.label, self.name)

    def find(self):
        """The object by id, or by name (exactly; ambiguity is an error); None when there is none. When a read for many
        objects at once already looked for it (``prefetched``: the object or None by id, the ``Resolution`` of the
        names), no request."""
        object_id = self.params.get('id')
        if object_id:
            current = get_by_id(self.client, self.kind, object_id) if self.prefetched is NOT_READ else self.prefetched
            if current is None and self.params['state'] == 'present':
                raise JumpCloudValueError("No {0} with id '{1}' exists; to create one, give {2} without id".format(
                    self.kind.label, object_id, self.entity.key))
            return current
        if self.prefetched is NOT_READ:
            return find_one(self.client, self.kind, name=self.params[self.entity.key], option=self.path(self.entity.key))
        name = self.params[self.entity.key]
        self.prefetched.check([(self.path(self.entity.key), name)], missing=False)
        return self.prefetched.found.get(name)

    def wanted(self, renaming=True):
        """API field -> value for every managed option that was given (references resolved); with
        ``renaming``, the name option too (when creating, or when the object was found by id)."""
        wanted = {}
        for option, field in self.entity.fields.items():
            value = self.params.get(option)
            if value is None or field.secret:
                continue
            if field.ref:
                kind = get_kind(field.ref)
                if isinstance(value, list):
                    value = self.resolver.ids(kind, value, self.path(option))
                elif value in field.builtin_refs:
                    value = field.builtin_refs[value]
                elif value != '':
                    value = self.resolver.id(kind, value, self.path(option))
            set_path(wanted, field.api_name(option), field.to_api(value))
        if renaming and self.entity.key_renames and self.params.get(self.entity.key) is not None:
            wanted[self.kind.name_field] = self.params[self.entity.key]
        return wanted

    def secrets(self, creating):
        """The secret fields to send: always on create, on update only when asked to."""
        update = self.entity.secret_update_option
        if not creating and (not update or self.params.get(update) != 'always'):
            return {}
        return {field.api_name(option): self.params[option] for option, field in self.entity.fields.items()
                if field.secret and self.params.get(option) is not None}

    def ensure_present(self, current):
        plan = self._plan
        creating, wanted, changes, secrets = plan['creating'], plan['wanted'], plan['changes'], plan['secrets']
        if creating:
            body = drop_none(merge(wanted, secrets))
            obj = self.send('POST', self.kind.path, self.dump(body, creating=True), 'create', expect=dict(body))
        else:
            obj = current
            if changes or secrets:
                obj = self.update(current, wanted, changes, secrets)
        performed = self.run_actions(obj)
        if performed:
            expected = obj
            for action in performed:
                expected = merge(expected, action.effect)
            obj = expected if self.check_mode else self.load(get_by_id(self.client, self.kind, obj[self.kind.id_field])) or expected
        members = self.ensure_members(obj, plan['wanted_members'])
        changed = creating or bool(changes) or bool(secrets) or bool(performed) or members.get('changed', False)
        before = {} if creating else self.view(current, wanted, performed)
        after = self.view(merge(current or {}, changes) if not creating else obj, wanted, performed, after=True)
        if members:
            if not creating:
                before[self.entity.members.option] = members['before']
            after[self.entity.members.option] = members['after']
        if secrets:
            after.update({option: SECRET_PLACEHOLDER for option, field in self.entity.fields.items()
                          if field.secret and field.api_name(option) in secrets})
        if creating:
            verb = 'created'
        elif changed:
            verb = 'updated'
        else:
            verb = 'unchanged'
        return self.result(changed, before, after, obj, verb)

    def update(self, current, wanted, changes, secrets):
        """Send an update; the object afterwards.

        A v1 PUT merges: it carries what differs (and the fields its body requires). A v2 PUT replaces the whole
        object, so the body is the object with the changes applied, and an editor that read the object before
        another one's update would send the other's fields back as they were (a lost update; JumpCloud offers no
        version check to refuse such a write). So the update of a v2 object is guarded:

        - before: the body is built from the object as last read, then the object is read again; only when that read
          finds it unchanged is the body sent, at once (else it is built again from what was read). An editor's
          stale window is then the time between that read and its PUT arriving, with no work in between;
        - after: a pause as long as twice the confirming read and the write took (at least ``SETTLE_MIN``, at most
          ``SETTLE_CAP`` seconds), then the object is read once more, and again after another pause while it shows
          other editors' writes (``settled``). When a field this task changed is back to the value it had before the
          PUT, another editor's stale write undid the change: it is applied again after a random pause, at most
          ``UPDATE_ATTEMPTS`` times. A field holding a third value was set by a later editor (the last writer wins)
          and is left alone.

        Without a version check in the API a stale write can still land after the last look; the pauses make that
        take a stale window longer than twice this editor's own round trips.
        """
        path = self.kind.item_path(current[self.kind.id_field])
        if not self.kind.put_replaces:
            body = merge({k: current[k] for k in self.kind.put_required if k in current}, merge(changes, secrets))
            return self.send('PUT', path, self.dump(body, creating=False), 'update', expect=merge(current, changes))
        if self.check_mode:
            return self.send('PUT', path, self.dump(self.replacement(current, changes, secrets), creating=False), 'update',
                             expect=merge(current, changes))
        basis = current
        for attempt in range(UPDATE_ATTEMPTS):
            started = time.monotonic()
            basis, body = self.confirmed_body(basis, wanted, secrets)
            if body is None:
                return basis   # another editor made the same change meanwhile
            self.client.write('PUT', path, body=body, operation=self.describe('update'))
            settle = min(SETTLE_CAP, max(SETTLE_MIN, 2 * (time.monotonic() - started)))
            after = self.settled(basis, merge(basis, merged_changes(wanted, basis)), settle)
            if not reverted(wanted, basis, after):
                return after
            basis = after
            time.sleep(random.random() * settle * 2 ** attempt)  # editors that collided part ways
        raise JumpCloudError(self.describe('update'), message=(
            'another editor wrote the whole {0} back over this change {1} times in a row (JumpCloud replaces the whole '
            'object on update); run the task again when the other editor is done'.format(self.kind.label, UPDATE_ATTEMPTS)))

    def settled(self, basis, written, settle):
        """The object read after a whole-object PUT of ``written`` (built from ``basis``), once it is quiet: read after
        ``settle`` seconds, and again (at most ``QUIET_CHECKS`` times) while it shows other editors' writes, whose
        stale writes may still be on their way; sooner when a change of this task is found undone."""
        after = basis
        for dummy in range(QUIET_CHECKS):
            time.sleep(settle)
            after = self.reread(basis)
            if reverted(written, basis, after) or not changed_fields(written, after):
                break
        return after

    def confirmed_body(self, basis, wanted, secrets):
        """(object, PUT body built from it, or None when nothing is to change): the body is built first, then the object
        is read again; the pair is returned once that read finds the object as the body was built from it."""
        for dummy in range(UPDATE_ATTEMPTS):
            changes = merged_changes(wanted, basis)
            body = self.dump(self.replacement(basis, changes, secrets), creating=False) if changes or secrets else None
            confirmed = self.reread(basis)
            if confirmed == basis:
                return basis, body
            basis = confirmed
        changes = merged_changes(wanted, basis)  # still changing: send what the last read calls for
        return basis, self.dump(self.replacement(basis, changes, secrets), creating=False) if changes or secrets else None

    def replacement(self, current, changes, secrets):
        """The body of a whole-object PUT: the object (without what it may not send back) with the changes."""
        return merge({k: v for k, v in current.items() if k not in self.kind.read_only}, merge(changes, secrets))

    def reread(self, current):
        """The object read again by id, in the routine's shape (``current`` when it is gone)."""
        return self.load(get_by_id(self.client, self.kind, current[self.kind.id_field])) or current

    def refuse_create_only(self, wanted, current):
        """A field the update operation does not take cannot be changed: say so before anything is written."""
        for option, field in self.entity.fields.items():
            api = field.api_name(option)
            if field.create_only and not values_equal(get_path(wanted, api), get_path(current, api)):
                raise JumpCloudValueError(
                    "{0}: {1} is set only when the {2} is created (it is {3!r}, the task asks for {4!r}); delete and "
                    "recreate the {2} to change it".format(self.describe('Cannot update'), option, self.kind.label,
                                                           field.from_api(get_path(current, api)), self.params[option]))

    def wanted_members(self, current):
        """member id -> None for the members option (resolved before any write); None when not given."""
        members = self.entity.members
        if not members or self.params.get(members.option) is None:
            return None
        if current is not None:
            refuse_dynamic_group(current, self.kind)
        kind = get_kind(self.kind.member_type)
        given = self.params[members.option]
        ids = self.resolver.ids(kind, given, self.path(members.option))
        self._given.update(zip(ids, given))
        return dict.fromkeys(ids)

    def ensure_members(self, obj, wanted):
        """Add (and with purge, remove) members; return {'before', 'after', 'changed'} as names, or {}."""
        if wanted is None:
            return {}
        kind = get_kind(self.kind.member_type)
        object_id = obj.get(self.kind.id_field)
        # in check mode a new group has no id
        edges = Edges(self.client, self.kind.name, object_id or 'new', kind.name, source_name=self.name)
        current = edges.read() if object_id else {}
        add, update, remove = plan(current, wanted, purge=self.params[self.entity.members.purge_option])
        before = self.resolver.names(kind, current)
        names = dict(zip(current, before))
        names.update(self._given)
        after = edges.apply(current, add, update, remove, names=names)
        return dict(before=sorted(before), after=sorted(self.resolver.names(kind, after)), changed=bool(add or update or remove))

    def run_actions(self, obj):
        """Send the lifecycle actions asked for; return those sent (or that would be, in check mode)."""
        performed = []
        for action in self.entity.actions:
            if action.refuse or not action.wanted(self.params) or not action.is_needed(obj):
                continue
            body = action.body(self.params) if callable(action.body) else action.body
            object_id = obj.get(self.kind.id_field) or 'new'  # in check mode a new object has no id yet
            self.client.write('POST', '{0}/{1}'.format(self.kind.item_path(object_id), action.path), body=body,
                              operation=self.describe(action.path.replace('/', ' ')))
            performed.append(action)
            obj = merge(obj, action.effect)
        return performed

    def ensure_absent(self, current):
        if current is None:
            return self.result(False, {}, {}, None, 'absent')
        self.client.write('DELETE', self.kind.item_path(current[self.kind.id_field]), params=self._plan['delete_params'],
                          operation=self.describe('delete'))
        before = self.view(current, everything=True)
        return self.result(True, before, {}, current, 'deleted')

    def name_from(self, current):
        if not self.params.get(self.entity.key):
            self.params[self.entity.key] = current.get(self.kind.name_field)

    # -- diff and result -----------------------------------------------------------------------

    def view(self, obj, wanted=None, performed=(), after=False, everything=False):
        """Option-name view of ``obj`` for a diff: its name, the managed options, the actions' options.

        A reference that already points where the option says is shown as the user wrote it (a
        username, a group name), so an unchanged reference never shows up as a change. A free-form dict
        option is compared key by key, so it shows only the keys the task gives.
        """
        view = {self.entity.key: obj.get(self.kind.name_field)}
        if obj.get(self.kind.id_field):
            view['id'] = obj[self.kind.id_field]
        for option, field in self.entity.fields.items():
            api = field.api_name(option)
            value = get_path(obj, api)
            if field.secret or (everything and value in (None, '', [], {})):
                continue
            if not everything and self.params.get(option) is None:
                continue
            if field.ref and wanted is not None and values_equal(get_path(wanted, api), value):
                view[option] = self.params[option]
            else:
                view[option] = field.from_api(value)
            if not everything and not field.options and isinstance(self.params[option], dict) and isinstance(view[option], dict):
                view[option] = {key: view[option].get(key) for key in self.params[option]}
        for action in self.entity.actions:
            if everything or action.refuse or not action.wanted(self.params):
                continue
            sent = action in performed
            if action.needed is None:
                if after and sent:
                    view[action.option] = action.value
            elif isinstance(action.value, bool):
                view[action.option] = action.value if (after or not sent) else (not action.value)
        return view

    def send(self, method, path, body, verb, expect):
        """Create or update through the client's write gate; the object afterwards in the routine's shape (in check
        mode, when nothing is sent, ``expect``: what the object would look like)."""
        answer = self.client.write(method, path, body=body, operation=self.describe(verb))
        if self.check_mode:
            return expect
        return self.load(whole(self.client, self.kind, answer, verb))

    def result(self, changed, before, after, obj, verb):
        label = self.kind.label[0].upper() + self.kind.label[1:]
        values = {self.entity.result_key: redact(obj, self.entity.secret_api_names) if obj else {}}
        return report(changed, outcome("{0} '{1}'".format(label, self.name), verb, changed, self.check_mode), before, after, **values)


class EntityModule(JumpCloudModule):
    """A module that ensures one object of an Entity: its options are the entity's, ``routine`` (``Ensure`` or a
    subclass with the module's hooks) does the work."""

    def __init__(self, entity, routine=None, argument_spec=None, **kwargs):
        self.entity = entity
        self.routine = routine or Ensure
        spec = entity.argument_spec()
        spec.update(argument_spec or {})
        kwargs.setdefault('required_one_of', [(entity.key, 'id')])
        kwargs.setdefault('text', entity.text_rules())
        kwargs.setdefault('ids', {'id': (entity.kind.id_form, entity.kind.label)})
        super().__init__(argument_spec=spec, **kwargs)
        self.kind = entity.kind

    def run(self):
        with self.api_errors():
            result = self.routine(self, self.entity, self.params).run()
        self.exit_json(**result)


class InfoModule(JumpCloudModule):
    """Reads objects of one kind: by id, by name, or all of them with optional filters.

    ``filter`` takes JumpCloud field names and values: a value is matched exactly, a list of values
    matches any of them. The list is paged through completely. For group kinds, ``include_members``
    adds each group's direct members as ``[{id, name}]``. Subclasses may add data in ``enrich``, and further
    result keys in ``more_results``.
    """

    def __init__(self, kind, key, result_key, argument_spec=None, **kwargs):
        self.kind = kind
        self.key = key
        self.result_key = result_key
        spec = {key: dict(type='str'), 'id': dict(type='str'), 'filter': dict(type='dict')}
        if kind.member_type:
            spec['include_members'] = dict(type='bool', default=False)
        spec.update(argument_spec or {})
        kwargs.setdefault('mutually_exclusive', [(key, 'id', 'filter')])
        kwargs.setdefault('text', {key: NAME})
        kwargs.setdefault('ids', {'id': (kind.id_form, kind.label)})
        super().__init__(argument_spec=spec, **kwargs)

    def filters(self):
        return field_filters(self.kind, self.params.get('filter'))

    def objects(self):
        if self.params.get('id'):
            obj = get_by_id(self.client, self.kind, self.params['id'])
            return [obj] if obj else []
        if self.params.get(self.key):
            return find_by_name(self.client, self.kind, self.params[self.key])
        return list_objects(self.client, self.kind, filters=self.filters())

    def add_members(self, groups):
        member_kind = get_kind(self.kind.member_type)
        memberships = self.client.map_concurrent(
            lambda group: sorted(Edges(self.client, self.kind.name, group[self.kind.id_field], member_kind.name).read()), groups)
        self.resolver.names(member_kind, [member_id for ids in memberships for member_id in ids])
        for group, ids in zip(groups, memberships):
            group['members'] = [{'id': member_id, 'name': name} for member_id, name in zip(ids, self.resolver.names(member_kind, ids))]

    def enrich(self, objects):
        return objects

    def more_results(self):
        """Further keys of the result beside the objects (default: none), e.g. a catalogue asked for by an option."""
        return {}

    def run(self):
        with self.api_errors():
            objects = self.objects()
            if self.params.get('include_members') and objects:
                self.add_members(objects)
            objects = self.enrich(objects)
            result = self.more_results()
        result[self.result_key] = [redact(obj, RETURNED_SECRETS) for obj in objects]
        self.exit_json(changed=False, **result)
