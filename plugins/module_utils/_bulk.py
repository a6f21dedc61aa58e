# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many objects of one kind in one task: the ensure-state routine run for every item of a list, planned together.

``EntityListModule`` is ``EntityModule`` for a list. Each item takes the options of the single-object module (the
same ``Entity``, the same validation, the same ``Ensure`` routine, the same result), and the task

1. checks every item against the entity's argument spec, naming the item in any error (``users[3]: ...``), and
   refuses two items that name the same object;
2. reads the objects the items name with a few listings (``username:$in:a|b|...``, 100 names a request; ids the same
   way), and resolves the references of every item the same way, concurrently;
3. plans every item (``Ensure.plan``: the caches answer, so no request per item) and reports the bad input of every
   item at once, before the first write;
4. applies the items that change, at most ``workers`` at a time on the module's one client (a 429 pauses them all
   and ``Retry-After`` is honoured);
5. returns each item's result (``changed``, ``msg``, ``diff`` and the object, as the single-object module returns
   them) under ``results`` in the items' order, the names of the objects per outcome, and the diff of every changed
   item for ``--diff``.

An item whose reference names another item of the list that does not exist yet (a new hire's manager hired in the
same task) is written after that item, with its id; in check mode it is previewed with the name. A failed item does
not stop the others, as in a loop: the task fails at the end, naming every failed item, and a rerun finishes the job
(every item compares before it writes).
"""

from __future__ import annotations

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudError, JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import SECRET_PLACEHOLDER
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entity import Ensure
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import DEFAULT_WORKERS, check_workers
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import UnresolvedReferences, list_by_ids, resolve
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome

# The id a reference gets while the item it names is still to be created by the same task.
PENDING = 'new:'

# What can happen to an item, in the order a task's message counts them.
VERBS = ('created', 'updated', 'deleted', 'unchanged', 'failed')

# At most this many problems are listed in one failure message.
MAX_PROBLEMS = 20


def problems_message(what, problems):
    """One message for a list of problems, the first ``MAX_PROBLEMS`` of them spelled out."""
    shown = problems[:MAX_PROBLEMS]
    more = len(problems) - len(shown)
    return '{0}: {1}{2}'.format(what, '; '.join(shown), '; and {0} more'.format(more) if more > 0 else '')


def item_problem(where, ensure, error):
    """An item's problem, named by its place in the list: ``users[3].manager: ...`` for a reference that names nothing
    (the error names the option), ``users[3] ('jdoe'): ...`` otherwise."""
    if isinstance(error, UnresolvedReferences):
        return '{0}.{1}'.format(where, error)
    return "{0} ('{1}'): {2}".format(where, ensure.name, error)


def placeholders(value):
    """The pending references (``PENDING`` ids) anywhere in a value."""
    if isinstance(value, str):
        return {value[len(PENDING):]} if value.startswith(PENDING) else set()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return set().union(*[placeholders(item) for item in value]) if value else set()
    return set()


def waves(waits, labels):
    """Group items into the order they can be written in: ``waits`` is item -> the items it waits for (items are
    positions; ``labels`` names them). Returns a list of lists of items; a cycle is a JumpCloudValueError."""
    done, order, left = set(), [], dict(waits)
    while left:
        ready = [item for item, others in left.items() if others <= done]
        if not ready:
            raise JumpCloudValueError(problems_message(
                'Nothing was changed; these items refer to each other (or to themselves) and none of them exists yet, '
                'so none can be created first (create one without the reference, then set it)', [labels[item] for item in sorted(left)]))
        order.append(sorted(ready))
        for item in ready:
            del left[item]
        done.update(ready)
    return order


class Routine:
    """What a routine of a module run works with: the module, its client, resolver, check mode and parameters, and how
    many requests it may send at once (its ``workers`` option)."""

    def __init__(self, module):
        self.module = module
        self.client = module.client
        self.resolver = module.resolver
        self.check_mode = module.check_mode
        self.params = module.params
        self.workers = module.params.get('workers') or DEFAULT_WORKERS


def check_items(entity, item_spec, items):
    """[(where, params)] for [(where, item)]: each item checked against the entity's argument spec and ``item_spec``
    (defaults applied; ``where`` names it in messages, ``users[3]``), every problem at once."""
    spec = entity.argument_spec()
    spec.update(item_spec or {})
    validator = ArgumentSpecValidator(spec, required_one_of=[(entity.key, 'id')])
    checked_items, problems = [], []
    for where, item in items:
        checked = validator.validate(item)
        if checked.errors.errors:
            error = checked.errors.errors[0]
            prefix = 'unsupported parameters: ' if isinstance(error, UnsupportedError) else ''
            problems.append('{0}: {1}{2}'.format(where, prefix, error))
            continue
        checked_items.append((where, checked.validated_parameters))
    if problems:
        raise JumpCloudValueError(problems_message('Nothing was changed; bad input', problems))
    return checked_items


class EnsureMany:
    """The ensure-state routine for a list of objects of one entity (see the module docstring). With ``isolate``, an
    item whose plan fails is a failed item (the others go on) instead of stopping the task before any write."""

    def __init__(self, module, entity, routine, items, workers=DEFAULT_WORKERS, isolate=False):
        self.module = module
        self.entity = entity
        self.kind = entity.kind
        self.routine = routine
        self.items = items  # [(where, params)], where = 'users[3]'
        self.workers = workers
        self.isolate = isolate
        self.refused = {}  # id() of an item's routine -> why its plan failed (with isolate)
        self.client = module.client
        self.resolver = module.resolver
        self.check_mode = module.check_mode
        self.where = {}  # id() of an item's routine -> its place in the list

    def run(self):
        ensures = [self.routine(self.module, self.entity, params) for dummy, params in self.items]
        self.where = dict((id(ensure), where) for (where, dummy), ensure in zip(self.items, ensures))
        self.read_ahead(ensures)
        self.plan(ensures)
        results = [None] * len(ensures)
        names = {ensure.name: index for index, ensure in enumerate(ensures)}
        waits = {}
        for index, ensure in enumerate(ensures):
            waits[index] = {names[name] for name in placeholders(ensure._plan) if name in names} if ensure._plan else set()
        labels = ["{0} ('{1}')".format(self.where[id(ensure)], ensure.name) for ensure in ensures]
        for number, wave in enumerate(waves(waits, labels)):
            if number and not self.check_mode:
                self.plan([ensures[index] for index in wave])  # the references now have ids
            applied = self.client.map_concurrent(lambda index: self.apply(index, ensures, results, waits), wave, workers=self.workers)
            for index, result in zip(wave, applied):
                results[index] = result
                created = result.get(self.entity.result_key) or {}
                if not result.get('failed') and created.get(self.kind.id_field):
                    self.resolver.learn(self.kind, ensures[index].name, created)
        return self.result(ensures, results)

    # -- reads -----------------------------------------------------------------------------------

    def read_ahead(self, ensures):
        """Read the objects the items name, and resolve every reference of every item, with as few requests as the
        API allows; afterwards ``plan`` needs no request for the common cases."""
        kind, key = self.kind, self.entity.key
        by_id = [ensure for ensure in ensures if ensure.params.get('id')]
        by_name = [ensure for ensure in ensures if not ensure.params.get('id')]
        found_ids, found_names = self.client.map_concurrent(lambda read: read(), [
            lambda: dict((obj[kind.id_field], obj) for obj in list_by_ids(self.client, kind, [ensure.params['id'] for ensure in by_id])),
            lambda: resolve(self.client, kind, [ensure.params[key] for ensure in by_name], by_id=False),
        ], workers=2)
        for ensure in by_id:
            ensure.prefetched = found_ids.get(ensure.params['id'])
        for ensure in by_name:
            ensure.prefetched = found_names
        self.refuse_twice(ensures)
        # Items are references too (a manager in the same list): what was found is known, what is to be created is pending.
        for ensure in ensures:
            matches = self.matches(ensure)
            if len(matches) == 1:
                self.resolver.learn(kind, ensure.name, matches[0])
                if matches[0].get(kind.name_field):
                    self.resolver.learn(kind, matches[0][kind.name_field], matches[0])
            elif not matches and ensure.params.get('state') == 'present' and not ensure.params.get('id'):
                self.resolver.learn(kind, ensure.name, {kind.id_field: PENDING + ensure.name, kind.name_field: ensure.name})
        references = {}
        for option, field in self.entity.fields.items():
            if field.ref:
                for ensure in ensures:
                    value = ensure.params.get(option)
                    references.setdefault(field.ref, set()).update(value if isinstance(value, list) else [value])
        if self.entity.members:
            for ensure in ensures:
                references.setdefault(self.kind.member_type, set()).update(ensure.params.get(self.entity.members.option) or [])
        self.client.map_concurrent(lambda pair: self.resolver.prefetch(get_kind(pair[0]), pair[1]), sorted(references.items()),
                                   workers=self.workers)

    def matches(self, ensure):
        """The objects the read ahead found for an item (several: its name is ambiguous)."""
        if ensure.params.get('id'):
            return [ensure.prefetched] if ensure.prefetched else []
        return ensure.prefetched.matches(ensure.params[self.entity.key])

    def refuse_twice(self, ensures):
        """Two items about the same object (by name and by id, say) would fight each other: refuse them."""
        first, problems = {}, []
        for ensure in ensures:
            where = self.where[id(ensure)]
            matches = self.matches(ensure)
            key = matches[0][self.kind.id_field] if len(matches) == 1 else ensure.name
            if key in first:
                problems.append("{0} names the same {1} as {2} ('{3}')".format(where, self.kind.label, first[key], ensure.name))
            first.setdefault(key, where)
        if problems:
            raise JumpCloudValueError(problems_message('Each item must be another {0}'.format(self.kind.label), problems))

    # -- plan and apply --------------------------------------------------------------------------

    def plan(self, ensures):
        """Plan the items (concurrently, for the reads the caches cannot answer); every problem at once, before any write."""
        def plan_one(ensure):
            try:
                ensure.plan()
            except JumpCloudError as error:
                return error
            return None

        errors = self.client.map_concurrent(plan_one, ensures, workers=self.workers)
        problems = dict((id(ensure), item_problem(self.where[id(ensure)], ensure, error))
                        for ensure, error in zip(ensures, errors) if error is not None)
        if self.isolate:
            self.refused.update(problems)
            return
        problems = list(problems.values())
        if problems:
            raise JumpCloudValueError(problems_message('Nothing was changed; bad input', problems))

    def apply(self, index, ensures, results, waits):
        if id(ensures[index]) in self.refused:
            return dict(changed=False, failed=True, msg=self.refused[id(ensures[index])])
        failed = [ensures[other].name for other in waits[index] if results[other] is not None and results[other].get('failed')]
        if failed:
            return dict(changed=False, failed=True, msg="{0}: not attempted, it refers to {1} '{2}', which failed".format(
                ensures[index].describe('Ensure'), self.kind.label, "', '".join(sorted(failed))))
        try:
            return ensures[index].apply()
        except JumpCloudError as error:
            return dict(changed=False, failed=True, msg=str(error))

    # -- result ----------------------------------------------------------------------------------

    @staticmethod
    def verb(ensure, result):
        if result.get('failed'):
            return 'failed'
        if ensure.params['state'] == 'absent' and ensure.current is not None:
            return 'deleted'
        if ensure.params['state'] == 'present' and ensure.current is None:
            return 'created'
        return 'updated' if result['changed'] else 'unchanged'

    def result(self, ensures, results):
        """The task's result: each item's, the names per outcome (created, updated, deleted, unchanged), one diff per
        changed item (``before_header`` names it), and a message that counts them."""
        key, label = self.entity.key, self.kind.label
        outcomes = dict((verb, []) for verb in VERBS)
        entries, diffs = [], []
        for ensure, result in zip(ensures, results):
            entry = {key: ensure.name}
            entry.update(result)
            entries.append(entry)
            outcomes[self.verb(ensure, result)].append(ensure.name)
            if result.get('changed') and result.get('diff'):
                header = "{0} '{1}'".format(label, ensure.name)
                diffs.append(dict(before_header=header, after_header=header, **result['diff']))
        counts = ', '.join(outcome(str(len(names)), verb, verb in ('created', 'updated', 'deleted'), self.check_mode)
                           for verb, names in outcomes.items() if names)
        out = dict(changed=any(result.get('changed') for result in results), results=entries, diff=diffs,
                   msg='{0} {1}{2}: {3}'.format(len(ensures), label, '' if len(ensures) == 1 else 's', counts or 'none given'))
        out.update((verb, names) for verb, names in outcomes.items() if verb != 'failed')
        return out


class EntityListModule(JumpCloudModule):
    """A module that ensures a list of objects of one Entity: each item of ``list_option`` takes the options of the
    single-object module (the entity's, plus ``item_spec``); ``routine`` is the same ``Ensure`` (or subclass)."""

    def __init__(self, entity, routine=None, list_option='users', item_spec=None, **kwargs):
        self.entity = entity
        self.routine = routine or Ensure
        self.list_option = list_option
        self.item_spec = item_spec or {}
        spec = {list_option: dict(type='list', elements='dict', required=True), 'workers': dict(type='int', default=DEFAULT_WORKERS)}
        super().__init__(argument_spec=spec, **kwargs)
        self.kind = entity.kind
        self.client.add_secrets(self.item_secrets)  # an error answer may quote an item's request

    def _load_params(self):
        """The items' secrets leave the parameters before anything is checked, logged or returned: the parameters hold
        ``SECRET_PLACEHOLDER`` in their place (the invocation the module returns and logs shows that), and the secrets
        are kept apart until the items are planned. Registering each secret as a no-log value instead would cost a scan
        of every returned string per secret (2,000 users with a password each: minutes); the client scrubs them from its
        error texts, the only place a request's content comes back."""
        super()._load_params()
        item_spec = dict(self.entity.argument_spec(), **self.item_spec)
        secret = [option for option, spec in item_spec.items() if spec.get('no_log')]
        items = self.params.get(self.list_option)
        self.item_secrets = []
        for item in items if isinstance(items, list) else []:
            kept = {}
            if isinstance(item, dict):
                for option in secret:
                    if item.get(option) not in (None, ''):
                        kept[option], item[option] = item[option], SECRET_PLACEHOLDER
            self.item_secrets.append(kept)

    def checked_items(self):
        """[(where, params)]: each item checked against the item spec (defaults applied), with its secrets back, or every
        problem at once."""
        items = [('{0}[{1}]'.format(self.list_option, index), item) for index, item in enumerate(self.params[self.list_option])]
        checked = check_items(self.entity, self.item_spec, items)
        for (dummy, params), secrets in zip(checked, self.item_secrets):
            params.update(secrets)
        return checked

    def run(self):
        with self.api_errors():
            workers = check_workers(self.params['workers'])
            result = EnsureMany(self, self.entity, self.routine, self.checked_items(), workers).run()
        failed = ['{0}: {1}'.format(entry[self.entity.key], entry['msg']) for entry in result['results'] if entry.get('failed')]
        if failed:
            result['msg'] = '{0}; {1}'.format(result['msg'], problems_message('failed', failed))
            self.fail_json(**result)
        self.exit_json(**result)
