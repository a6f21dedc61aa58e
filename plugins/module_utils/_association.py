# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The edge routine: ensure or read the links from one directory object to objects of one type.

``AssociationModule`` is to links what ``EntityModule`` is to objects: it refuses an illegal pair
before any request, resolves the source and every target before the first write, reads the
current direct links, sends only the adds/updates/removes that differ (none in check mode), and
returns a diff by name. ``AssociationInfoModule`` reads them, direct or through groups.
"""

from __future__ import annotations

from ansible_collections.jcops.jumpcloud.plugins.module_utils._bulk import PENDING, Routine, problems_message
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import values_equal
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import DEFAULT_WORKERS, Edges, check_workers, edge_kind, plan, refuse_dynamic_group
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import resolve
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import GRAPH_TYPES, get_kind, graph_targets
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report

TARGET_KEYS = frozenset(('name', 'id', 'attributes'))


def parse_targets(items):
    """[(reference, attributes or None)] from targets given as names/ids or dicts {name|id, attributes}."""
    parsed = []
    for index, item in enumerate(items or []):
        if isinstance(item, str):
            parsed.append((item, None))
            continue
        if isinstance(item, dict):
            reference = item.get('id') or item.get('name')
            attributes = item.get('attributes')
            if reference and set(item) <= TARGET_KEYS and (attributes is None or isinstance(attributes, dict)):
                parsed.append((str(reference), attributes))
                continue
        raise JumpCloudValueError(
            'targets[{0}]: each target is a name or id, or a dict with name (or id) and optional attributes (a dict); '
            'got {1!r}'.format(index, item))
    return parsed


class _GraphModule(JumpCloudModule):

    def __init__(self, argument_spec, **kwargs):
        spec = dict(
            source_type=dict(type='str', required=True, choices=list(GRAPH_TYPES)),
            source=dict(type='str', required=True),
        )
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        self.source_kind = get_kind(self.params['source_type']) if self.params['source_type'] else None

    def source(self):
        obj = self.resolver.object(self.source_kind, self.params['source'], 'source')
        return dict(type=self.source_kind.name, id=obj[self.source_kind.id_field], name=obj.get(self.source_kind.name_field)), obj

    def describe(self, edges, target_kind):
        """[{id, name, attributes}] sorted by name, for edges {target id: attributes}."""
        ids = sorted(edges)
        names = self.resolver.names(target_kind, ids)
        rows = [dict(id=target_id, name=name, attributes=edges[target_id]) for target_id, name in zip(ids, names)]
        return sorted(rows, key=lambda row: (str(row['name']), row['id']))


class AssociationModule(_GraphModule):
    """Ensures the direct links from one source object to the listed targets of one type, or a list of links
    (``links``: source and target pairs, see ``LinkList``)."""

    def __init__(self):
        super().__init__(dict(
            source_type=dict(type='str', choices=list(GRAPH_TYPES)),
            source=dict(type='str'),
            target_type=dict(type='str', choices=list(GRAPH_TYPES)),
            targets=dict(type='list', elements='raw'),
            links=dict(type='list', elements='dict'),
            planned=dict(type='list', elements='str', default=[]),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            purge=dict(type='bool', default=False),
            workers=dict(type='int', default=DEFAULT_WORKERS),
        ), required_one_of=[('source', 'links')], mutually_exclusive=[('source', 'links'), ('targets', 'links')],
            required_by={'source': ('source_type', 'target_type')})
        self.target_kind = get_kind(self.params['target_type']) if self.params['target_type'] else None

    def run(self):
        with self.api_errors():
            check_workers(self.params['workers'])
            if self.params['links'] is not None:
                result = LinkList(self).ensure()
            else:
                result = self.ensure()
        self.exit_json(**result)

    def ensure(self):
        params = self.params
        how = edge_kind(self.source_kind.name, self.target_kind.name, option='target_type')
        references = parse_targets(params['targets'] or [])
        if params['purge'] and params['state'] == 'absent':
            raise JumpCloudValueError('purge=true goes with state=present: it makes the listed targets the exact set')
        source, source_obj = self.source()
        ids = self.resolver.ids(self.target_kind, [reference for reference, dummy in references], 'targets')
        wanted = {}
        for target_id, (dummy, attributes) in zip(ids, references):
            wanted[target_id] = attributes
        edges = Edges(self.client, self.source_kind.name, source['id'], self.target_kind.name, source_name=params['source'])
        current = edges.read()
        add, update, remove = plan(current, wanted, purge=params['purge'], state=params['state'])
        if how == 'members' and (add or remove):
            refuse_dynamic_group(source_obj, self.source_kind)
        if how == 'memberof':
            for target_id, dummy in add + remove:
                refuse_dynamic_group(self.resolver.object(self.target_kind, target_id), self.target_kind)
        before_rows = self.describe(current, self.target_kind)
        given = {row['id']: row['name'] for row in before_rows}
        given.update(zip(ids, (reference for reference, dummy in references)))
        after = edges.apply(current, add, update, remove, names=given, workers=params['workers'])
        after_rows = self.describe(after, self.target_kind)
        changed = bool(add or update or remove)
        names = {row['id']: row['name'] for row in before_rows + after_rows}
        subject = "{0} links of {1} '{2}'".format(self.target_kind.label.capitalize(), self.source_kind.label, source['name'])
        return report(
            changed, outcome(subject, 'changed' if changed else 'unchanged', changed, self.check_mode),
            self.view(source, before_rows), self.view(source, after_rows),
            added=[names[target_id] for target_id, dummy in add],
            updated=[names[target_id] for target_id, dummy in update],
            removed=[names[target_id] for target_id, dummy in remove],
            association=dict(source=source, target_type=self.target_kind.name, targets=after_rows),
        )

    def view(self, source, rows):
        view = dict(source='{0} {1}'.format(source['type'], source['name']), target_type=self.target_kind.name,
                    targets=[row['name'] for row in rows])
        attributes = {row['name']: row['attributes'] for row in rows if row['attributes']}
        if attributes:
            view['attributes'] = attributes
        return view


LINK_KEYS = frozenset(('source', 'target', 'source_type', 'target_type', 'attributes', 'state'))


class LinkList(Routine):
    """The links of a ``links`` list: any number of (source, target) pairs, of one pair of types or several, made
    present or absent in one task.

    Every source and target is resolved before the first write (names 100 a request); the current links are read
    once per object on the side of each pair of types that has fewer objects (a joiner of 500 hires into 3 groups
    reads the 3 groups' members, not the 500 users' groups); only the missing links are added, the links given with
    ``state: absent`` that exist removed, and the links whose given attributes differ updated, at most ``workers``
    writes at a time. Links the list does not name are never touched.

    In check mode, a name in ``planned`` that does not exist yet (an object an earlier task of the play would create)
    stands for a new object without links: its links are previewed as additions.
    """

    def __init__(self, module):
        super().__init__(module)
        self.pending = set()  # (type, reference) of planned objects that do not exist yet

    # -- input -----------------------------------------------------------------------------------

    def parse(self):
        """[(where, source type, source, target type, target, attributes, state)], checked before any request."""
        links, problems, seen = [], [], {}
        for index, item in enumerate(self.params['links']):
            where = 'links[{0}]'.format(index)
            unknown = sorted(set(item) - LINK_KEYS)
            source_type = item.get('source_type') or self.params['source_type']
            target_type = item.get('target_type') or self.params['target_type']
            state = item.get('state') or self.params['state']
            attributes = item.get('attributes')
            if unknown:
                problems.append('{0}: unknown keys {1} (a link takes {2})'.format(where, ', '.join(unknown), ', '.join(sorted(LINK_KEYS))))
            elif not item.get('source') or not item.get('target'):
                problems.append('{0}: source and target are required'.format(where))
            elif source_type not in GRAPH_TYPES or target_type not in GRAPH_TYPES:
                problems.append('{0}: source_type and target_type are required, each one of {1}'.format(where, ', '.join(GRAPH_TYPES)))
            elif state not in ('present', 'absent') or (attributes is not None and not isinstance(attributes, dict)):
                problems.append('{0}: state is present or absent, attributes a dict'.format(where))
            else:
                try:
                    edge_kind(source_type, target_type)
                except JumpCloudValueError as error:
                    problems.append('{0}: {1}'.format(where, error))
                    continue
                link = (where, source_type, str(item['source']), target_type, str(item['target']), attributes, state)
                pair = link[1:5]
                if pair in seen and seen[pair][1] != state:
                    problems.append('{0} and {1} ask for the same link to be present and absent'.format(seen[pair][0], where))
                seen.setdefault(pair, (where, state))
                links.append(link)
        if self.params['purge']:
            problems.append('purge goes with source and targets: a list of links never removes a link it does not name')
        if problems:
            raise JumpCloudValueError(problems_message('Nothing was changed; bad links', problems))
        return links

    def resolve(self, links):
        """(type, reference) -> id for every source and target, names 100 a request per type; every unknown or ambiguous
        name at once, with where it is given (``links[3].target``), before any write."""
        references = {}  # type -> {reference: [where it is given]}
        for where, source_type, source, target_type, target, dummy_attributes, dummy_state in links:
            references.setdefault(source_type, {}).setdefault(source, []).append(where + '.source')
            references.setdefault(target_type, {}).setdefault(target, []).append(where + '.target')
        kinds = sorted(references)
        resolutions = self.client.map_concurrent(lambda name: resolve(self.client, get_kind(name), list(references[name])), kinds,
                                                 workers=self.workers)
        planned = set(self.params['planned']) if self.check_mode else set()
        ids, problems = {}, []
        for kind_name, resolution in zip(kinds, resolutions):
            kind = get_kind(kind_name)
            for value, obj in resolution.found.items():
                self.resolver.learn(kind, value, obj)
                ids[(kind_name, value)] = obj[kind.id_field]
            for value in resolution.missing:
                if value in planned:
                    ids[(kind_name, value)] = PENDING + value
                    self.pending.add((kind_name, value))
            problems.extend(resolution.problems((paths[0], value) for value, paths in references[kind_name].items()
                                                if (kind_name, value) not in self.pending))
        if problems:
            raise JumpCloudValueError(problems_message('Nothing was changed; unknown or ambiguous names', problems))
        return ids

    # -- reads -----------------------------------------------------------------------------------

    def read(self, links, ids):
        """(source type, source id, target type, target id) -> attributes, for every current link among the objects named;
        and, per pair of types, which side was read ('source' or 'target')."""
        by_pair = {}
        for dummy, source_type, source, target_type, target, dummy_attributes, dummy_state in links:
            sides = by_pair.setdefault((source_type, target_type), (set(), set()))
            if (source_type, source) not in self.pending:
                sides[0].add(ids[(source_type, source)])
            if (target_type, target) not in self.pending:
                sides[1].add(ids[(target_type, target)])
        reads, sides = [], {}
        for (source_type, target_type), (sources, targets) in sorted(by_pair.items()):
            side = 'target' if len(targets) < len(sources) else 'source'
            sides[(source_type, target_type)] = side
            for object_id in sorted(targets if side == 'target' else sources):
                reads.append((source_type, target_type, side, object_id))

        def read_one(entry):
            source_type, target_type, side, object_id = entry
            if side == 'source':
                return Edges(self.client, source_type, object_id, target_type).read()
            return Edges(self.client, target_type, object_id, source_type).read()

        current = {}
        for (source_type, target_type, side, object_id), edges in zip(reads, self.client.map_concurrent(read_one, reads, workers=self.workers)):
            for other_id, attributes in edges.items():
                pair = (object_id, other_id) if side == 'source' else (other_id, object_id)
                current[(source_type, pair[0], target_type, pair[1])] = attributes
        return current, sides

    # -- the routine -----------------------------------------------------------------------------

    def ensure(self):
        links = self.parse()
        ids = self.resolve(links)
        current, sides = self.read(links, ids)
        changes = []  # (op, link, key)
        for link in links:
            dummy, source_type, source, target_type, target, attributes, state = link
            key = (source_type, ids[(source_type, source)], target_type, ids[(target_type, target)])
            if state == 'absent':
                if key in current:
                    changes.append(('remove', link, key))
            elif key not in current:
                changes.append(('add', link, key))
            elif attributes is not None and not values_equal(attributes, current[key]):
                changes.append(('update', link, key))
        changes = sorted(dict((key, (op, link, key)) for op, link, key in changes).values(), key=lambda change: change[1][0])
        self.refuse_dynamic(changes)
        for ops in (('add', 'update'), ('remove',)):
            self.client.map_concurrent(self.send, [change for change in changes if change[0] in ops], workers=self.workers)
        return self.result(links, ids, current, sides, changes)

    def refuse_dynamic(self, changes):
        """Membership of a group whose members come from rules is not ours to change, whichever side names it."""
        for dummy_op, dummy_link, (source_type, source_id, target_type, target_id) in changes:
            how = edge_kind(source_type, target_type)
            if how in ('members', 'memberof') and not source_id.startswith(PENDING) and not target_id.startswith(PENDING):
                group_type, group_id = (source_type, source_id) if how == 'members' else (target_type, target_id)
                refuse_dynamic_group(self.resolver.object(get_kind(group_type), group_id), get_kind(group_type))

    def send(self, change):
        op, link, (source_type, source_id, target_type, target_id) = change
        Edges(self.client, source_type, source_id, target_type).change(op, target_id, link[5] if op != 'remove' else None)

    def result(self, links, ids, current, sides, changes):
        done = dict((verb, []) for verb in ('add', 'update', 'remove'))
        for op, link, dummy_key in changes:
            done[op].append(dict(source_type=link[1], source=link[2], target_type=link[3], target=link[4]))
        diffs = {}
        changed_keys = dict((key, op) for op, dummy, key in changes)
        for link in links:
            dummy, source_type, source, target_type, target, dummy_attributes, dummy_state = link
            key = (source_type, ids[(source_type, source)], target_type, ids[(target_type, target)])
            on_target = sides[(source_type, target_type)] == 'target'
            holder = (target_type, target, source_type) if on_target else (source_type, source, target_type)
            other = source if on_target else target
            before, after = diffs.setdefault(holder, (set(), set(), [False]))[:2]
            linked = key in current
            if linked:
                before.add(other)
            if changed_keys.get(key) == 'remove':
                linked = False
            elif changed_keys.get(key) == 'add':
                linked = True
            if linked:
                after.add(other)
            diffs[holder][2][0] = diffs[holder][2][0] or key in changed_keys
        diff = []
        for (kind_name, name, other_type), (before, after, touched) in sorted(diffs.items()):
            if touched[0]:
                header = "{0} '{1}'".format(get_kind(kind_name).label, name)
                diff.append(dict(before_header=header, after_header=header, before={other_type: sorted(before)},
                                 after={other_type: sorted(after)}))
        counts = ', '.join(outcome(str(len(done[op])), verb, True, self.check_mode)
                           for op, verb in (('add', 'added'), ('update', 'updated'), ('remove', 'removed')) if done[op])
        msg = '{0} link{1}: {2}'.format(len(links), '' if len(links) == 1 else 's', counts or 'unchanged')
        return dict(changed=bool(changes), msg=msg, diff=diff, added=done['add'], updated=done['update'], removed=done['remove'])


class AssociationInfoModule(_GraphModule):
    """Reads the links of one object: direct links of one or all types, or everything reachable through groups."""

    def __init__(self):
        super().__init__(dict(
            target_types=dict(type='list', elements='str', choices=list(GRAPH_TYPES)),
            indirect=dict(type='bool', default=False),
        ))

    def run(self):
        with self.api_errors():
            result = self.read()
        self.exit_json(changed=False, **result)

    def read(self):
        wanted_types = self.params['target_types'] or list(graph_targets(self.source_kind.name))
        for target_type in wanted_types:
            edge_kind(self.source_kind.name, target_type, option='target_types')
        source, dummy = self.source()
        reads = []
        for target_type in wanted_types:
            edges = Edges(self.client, self.source_kind.name, source['id'], target_type)
            if self.params['indirect']:
                reads.append(lambda edges=edges: {target_id: {'paths': count} for target_id, count in edges.reachable().items()})
            else:
                reads.append(edges.read)
        found = self.client.map_concurrent(lambda read: read(), reads)
        targets = {}
        for target_type, edges in zip(wanted_types, found):
            rows = self.describe(edges, get_kind(target_type))
            if self.params['indirect']:
                rows = [dict(id=row['id'], name=row['name'], paths=row['attributes']['paths']) for row in rows]
            targets[target_type] = rows
        return dict(source=source, targets=targets)
