"""Thread-safe in-memory organization: objects by kind, graph associations and group memberships.

Stored objects are never mutated in place: a change builds a new dict and ``put``s it, so a
handler may hand a stored object to the JSON encoder after the lock is released.
"""

import threading

from .common import GRAPH_TYPE_KIND, KINDS, id_field, new_object_id


class Store:
    def __init__(self):
        self.lock = threading.RLock()
        self.objects = {}
        self.edges = {}
        self.adjacency = {}
        self.members = {}
        self.memberof = {}
        self.reset()

    def reset(self):
        with self.lock:
            self.objects = dict((kind, {}) for kind in KINDS)
            # canonical (node_a, node_b) -> {'from': node, 'to': node, 'attributes': ...}
            self.edges = {}
            # node -> {other node: edge key}, in insertion order
            self.adjacency = {}
            # group node -> {member node: attributes}
            self.members = {}
            # member node -> {group node: True}
            self.memberof = {}

    # ---- objects -------------------------------------------------------

    @staticmethod
    def new_id():
        return new_object_id()

    def get(self, kind, ident):
        return self.objects[kind].get(ident)

    def all(self, kind):
        with self.lock:
            return list(self.objects[kind].values())

    def put(self, kind, obj):
        """Insert or replace (an existing id keeps its position)."""
        with self.lock:
            self.objects[kind][obj[id_field(kind)]] = obj
        return obj

    def delete(self, kind, ident):
        with self.lock:
            obj = self.objects[kind].pop(ident, None)
            graph_type = KINDS[kind][0]
            if obj is not None and graph_type:
                self.drop_node((graph_type, ident))
            return obj

    def find(self, kind, field, value, exclude=None):
        with self.lock:
            for obj in self.objects[kind].values():
                if obj.get(field) == value and obj[id_field(kind)] != exclude:
                    return obj
        return None

    def node_exists(self, node):
        kind = GRAPH_TYPE_KIND.get(node[0])
        return kind is not None and node[1] in self.objects[kind]

    def node_object(self, node):
        kind = GRAPH_TYPE_KIND.get(node[0])
        if kind is None:
            return None
        return self.objects[kind].get(node[1])

    # ---- associations (undirected edges) --------------------------------

    @staticmethod
    def edge_key(a, b):
        return (a, b) if a <= b else (b, a)

    def get_edge(self, a, b):
        return self.edges.get(self.edge_key(a, b))

    def add_edge(self, a, b, attributes=None):
        """Returns False when the edge already exists."""
        with self.lock:
            key = self.edge_key(a, b)
            if key in self.edges:
                return False
            self.edges[key] = {'from': a, 'to': b, 'attributes': attributes}
            self.adjacency.setdefault(a, {})[b] = key
            self.adjacency.setdefault(b, {})[a] = key
            return True

    def update_edge(self, a, b, attributes):
        with self.lock:
            key = self.edge_key(a, b)
            edge = self.edges.get(key)
            if edge is None:
                return False
            self.edges[key] = dict(edge, attributes=attributes)
            return True

    def remove_edge(self, a, b):
        with self.lock:
            key = self.edge_key(a, b)
            if self.edges.pop(key, None) is None:
                return False
            self.adjacency.get(a, {}).pop(b, None)
            self.adjacency.get(b, {}).pop(a, None)
            return True

    def neighbours(self, node, types=None):
        """[(other node, attributes)] of the direct associations of ``node``, oldest first."""
        with self.lock:
            out = []
            for other, key in self.adjacency.get(node, {}).items():
                if types is None or other[0] in types:
                    out.append((other, self.edges[key]['attributes']))
            return out

    # ---- memberships ----------------------------------------------------

    def add_member(self, group, member, attributes=None):
        with self.lock:
            current = self.members.setdefault(group, {})
            if member in current:
                return False
            current[member] = attributes
            self.memberof.setdefault(member, {})[group] = True
            return True

    def update_member(self, group, member, attributes):
        with self.lock:
            current = self.members.get(group, {})
            if member not in current:
                return False
            current[member] = attributes
            return True

    def remove_member(self, group, member):
        with self.lock:
            current = self.members.get(group, {})
            if member not in current:
                return False
            del current[member]
            self.memberof.get(member, {}).pop(group, None)
            return True

    def members_of(self, group):
        with self.lock:
            return list(self.members.get(group, {}).items())

    def groups_of(self, member):
        with self.lock:
            return [(group, self.members[group][member]) for group in self.memberof.get(member, {})]

    def drop_node(self, node):
        with self.lock:
            for other in list(self.adjacency.get(node, {})):
                self.remove_edge(node, other)
            self.adjacency.pop(node, None)
            for member in list(self.members.get(node, {})):
                self.remove_member(node, member)
            self.members.pop(node, None)
            for group in list(self.memberof.get(node, {})):
                self.remove_member(group, node)
            self.memberof.pop(node, None)

    # ---- export ---------------------------------------------------------

    def export_graph(self):
        with self.lock:
            associations = [
                {'from': {'type': e['from'][0], 'id': e['from'][1]},
                 'to': {'type': e['to'][0], 'id': e['to'][1]},
                 'attributes': e['attributes']}
                for e in self.edges.values()
            ]
            members = []
            for group, current in self.members.items():
                for member, attributes in current.items():
                    entry = {'group': {'type': group[0], 'id': group[1]},
                             'member': {'type': member[0], 'id': member[1]}}
                    if attributes:
                        entry['attributes'] = attributes
                    members.append(entry)
            return associations, members
