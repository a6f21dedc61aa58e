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

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import Edges, edge_kind, plan, refuse_dynamic_group
from ansible_collections.jcops.jumpcloud.plugins.module_utils._module import JumpCloudModule
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import GRAPH_TYPES, get_kind, graph_targets
from ansible_collections.jcops.jumpcloud.plugins.module_utils._result import outcome, report

TARGET_KEYS = frozenset(('name', 'id', 'attributes'))


def parse_targets(items):
    """[(reference, attributes or None)] from targets given as names/ids or dicts {name|id, attributes}."""
    parsed = []
    for item in items or []:
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
            'Each target is a name or id, or a dict with name (or id) and optional attributes (a dict); got {0!r}'.format(item))
    return parsed


class _GraphModule(JumpCloudModule):

    def __init__(self, argument_spec, **kwargs):
        spec = dict(
            source_type=dict(type='str', required=True, choices=list(GRAPH_TYPES)),
            source=dict(type='str', required=True),
        )
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        self.source_kind = get_kind(self.params['source_type'])

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
    """Ensures the direct links from one source object to the listed targets of one type."""

    def __init__(self):
        super().__init__(dict(
            target_type=dict(type='str', required=True, choices=list(GRAPH_TYPES)),
            targets=dict(type='list', elements='raw', default=[]),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            purge=dict(type='bool', default=False),
        ))
        self.target_kind = get_kind(self.params['target_type'])

    def run(self):
        with self.api_errors():
            result = self.ensure()
        self.exit_json(**result)

    def ensure(self):
        params = self.params
        how = edge_kind(self.source_kind.name, self.target_kind.name)
        references = parse_targets(params['targets'])
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
        after = edges.apply(current, add, update, remove, names=given)
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
            edge_kind(self.source_kind.name, target_type)
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
