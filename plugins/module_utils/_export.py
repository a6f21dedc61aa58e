# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An organization as code: its directory read back into the vars that ``playbooks/directory.yml`` and the
onboarding role take.

What is exported, and how:
- user groups, device groups, RADIUS servers and policy groups: the options of their modules (``_entities``), read
  back through the same fields, so an export is always in the shape the modules take; static groups with their
  exact members (groups with dynamic membership without them: their members come from rules);
- policies: by template (its display name and OS family, or its machine name where those are ambiguous) and values by
  field name; read-only fields are left out, sensitive ones (which JumpCloud never returns) become vault variables;
- RADIUS shared secrets (never returned either) become vault variables (``secrets`` lists them all);
- bindings: the direct associations between groups, policies, RADIUS servers, devices, applications and directories,
  each edge once (from the first of user group, policy group, policy, device group that it joins), with their
  attributes;
- with ``departments``, the onboarding role's department map, inferred (``infer_departments``).
References are names where the name is unique in its kind (what the modules' exact-name lookup finds), ids otherwise.
Everything is sorted, so exporting the same organization twice gives the same files.

Cost: one request per 100 objects of each kind listed, one per group (members), one per policy (its values), one per
user group, policy group, policy and device group (all their associations in one listing); with ``departments``, one
per application and RADIUS server too. Requests of one kind are sent concurrently.
"""

from __future__ import annotations

import re
from collections import Counter

from ansible_collections.jcops.jumpcloud.plugins.module_utils._compare import get_path
from ansible_collections.jcops.jumpcloud.plugins.module_utils._entities import POLICY_GROUP, RADIUS_SERVER, SYSTEM_GROUP, USER_GROUP
from ansible_collections.jcops.jumpcloud.plugins.module_utils._graph import DYNAMIC_METHODS, Edges, read_associations
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import get_by_id, list_objects
from ansible_collections.jcops.jumpcloud.plugins.module_utils._policies import Fields, match_templates, templates
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind, is_object_id

SECTIONS = ('user_groups', 'system_groups', 'radius_servers', 'policies', 'policy_groups', 'bindings')

# Each edge is exported once, from the first source type (in this order) that it joins.
BINDING_SOURCES = (
    ('user_group', ('active_directory', 'application', 'g_suite', 'ldap_server', 'office_365', 'policy', 'policy_group',
                    'radius_server', 'system', 'system_group')),
    ('policy_group', ('system', 'system_group')),
    ('policy', ('system', 'system_group')),
    ('system_group', ('radius_server',)),
)

# The onboarding role's department map: its keys, and the kinds a user is bound to for each.
DEPARTMENT_KEYS = (('user_groups', 'user_group'), ('system_groups', 'system_group'), ('applications', 'application'),
                   ('radius_servers', 'radius_server'))

EMPTY = (None, '', [], {})


def slug(text):
    """``Office Wi-Fi`` -> ``office_wi_fi``: a variable name part."""
    return re.sub(r'[^a-z0-9]+', '_', str(text).lower()).strip('_')


def entity_options(entity, obj):
    """The options of ``entity``'s module that describe ``obj`` (secrets and empty values left out); an enumeration
    JumpCloud returns in another case than the module's choices is given in the choices' case."""
    options = {}
    for option, field in entity.fields.items():
        value = get_path(obj, field.api_name(option))
        if field.secret or value in EMPTY:
            continue
        value = field.from_api(value)
        choices = field.spec.get('choices')
        if choices and value not in choices:
            value = next((choice for choice in choices if str(choice).lower() == str(value).lower()), value)
        options[option] = value
    return options


def sorted_keys(value):
    """``value`` with the keys of every dict in it sorted (values whose order JumpCloud does not fix)."""
    if isinstance(value, dict):
        return {key: sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [sorted_keys(item) for item in value]
    return value


def infer_departments(departments, holders):
    """The onboarding role's department map, from who holds what.

    ``departments``: {department: set of user ids}; ``holders``: {(key, reference): set of user ids}, ``key`` one of
    the map's keys (``user_groups``...). A department gets what every one of its users holds; what every department
    gets is common (``onboarding_common``) and left out of each department. Returns (departments map, common), with
    sorted lists and no empty keys.
    """
    has = {name: {ref for ref, users in holders.items() if members <= users} for name, members in departments.items()}
    common = set.intersection(*has.values()) if len(has) > 1 else set()

    def as_map(refs):
        out = {}
        for key, reference in sorted(refs):
            out.setdefault(key, []).append(reference)
        return out

    return {name: as_map(has[name] - common) for name in sorted(has)}, as_map(common)


class Exporter:
    """Reads an organization once and builds the export; ``run`` returns the module's result values."""

    def __init__(self, client, workers=8, user_group_members=True):
        self.client = client
        self.workers = workers
        self.user_group_members = user_group_members
        self.notes = []
        self.secrets = {}
        self._lists = {}
        self._names = {}
        self._members = {}
        self._links = {}
        self.link_types = {}     # source type -> the target types its associations are read for (one listing each)

    # -- reading ---------------------------------------------------------------------------------

    def objects(self, kind_name):
        """Every object of a kind (listed once, one request per 100), sorted by name then id."""
        kind = get_kind(kind_name)
        if kind_name not in self._lists:
            self._lists[kind_name] = sorted(list_objects(self.client, kind),
                                            key=lambda obj: (str(obj.get(kind.name_field) or ''), obj[kind.id_field]))
        return self._lists[kind_name]

    def ref(self, kind_name, object_id):
        """How the export names an object: its name when no other object of its kind has it (the modules' lookup finds
        it), else its id."""
        kind = get_kind(kind_name)
        if kind_name not in self._names:
            objects = self.objects(kind_name)
            counts = Counter(obj.get(kind.name_field) for obj in objects)
            self._names[kind_name] = {obj[kind.id_field]: obj.get(kind.name_field) for obj in objects
                                      if obj.get(kind.name_field) and counts[obj.get(kind.name_field)] == 1}
        name = self._names[kind_name].get(object_id)
        return name if name and not is_object_id(name) else object_id

    def read_members(self, entity):
        """group id -> member ids (sorted), for the static groups of the entity's kind, read concurrently; groups with
        dynamic membership are noted and left out."""
        kind = entity.kind
        if kind.name not in self._members:
            groups = self.objects(kind.name)
            static = [group for group in groups if group.get('membershipMethod') not in DYNAMIC_METHODS]
            for group in groups:
                if group not in static:
                    self.notes.append("{0} '{1}' has dynamic membership ({2}): its members come from its rules and are not "
                                      "exported".format(kind.label.capitalize(), group.get('name'), group['membershipMethod']))
            found = self.client.map_concurrent(
                lambda group: sorted(Edges(self.client, kind.name, group['id'], kind.member_type).read()), static, workers=self.workers)
            self._members[kind.name] = {group['id']: ids for group, ids in zip(static, found)}
        return self._members[kind.name]

    def read_links(self, source_type):
        """object id -> {target type: {target id: attributes}} for every object of a kind: one listing per object, of
        every target type the export needs from that kind (``link_types``)."""
        if source_type not in self._links:
            kind = get_kind(source_type)
            objects = self.objects(source_type)
            target_types = sorted(self.link_types[source_type])
            found = self.client.map_concurrent(
                lambda obj: read_associations(self.client, source_type, obj[kind.id_field], target_types), objects, workers=self.workers)
            self._links[source_type] = {obj[kind.id_field]: links for obj, links in zip(objects, found)}
        return self._links[source_type]

    def secret(self, name, what):
        """A vault variable for a secret JumpCloud never returns: registered in ``secrets``, returned as a reference."""
        variable, number = 'vault_' + name, 1
        while variable in self.secrets:
            number += 1
            variable = 'vault_{0}_{1}'.format(name, number)
        self.secrets[variable] = what
        return '{{ ' + variable + ' }}'

    # -- sections --------------------------------------------------------------------------------

    def groups(self, entity, with_members=True):
        members = self.read_members(entity) if with_members else {}
        exported = []
        for group in self.objects(entity.kind.name):
            entry = dict(name=group['name'], **entity_options(entity, group))
            if group['id'] in members:
                entry['members'] = sorted(self.ref(entity.kind.member_type, member) for member in members[group['id']])
            exported.append(entry)
        return exported

    def radius_servers(self):
        exported = []
        for server in self.objects('radius_server'):
            entry = dict(name=server['name'], **entity_options(RADIUS_SERVER, server))
            entry['shared_secret'] = self.secret('radius_{0}_shared_secret'.format(slug(server['name']) or server['_id']),
                                                 "shared secret of RADIUS server '{0}'".format(server['name']))
            exported.append(entry)
        return exported

    def policies(self):
        catalogue = templates(self.client)
        policies = self.objects('policy')
        details = self.client.map_concurrent(lambda policy: get_by_id(self.client, get_kind('policy'), policy['id']) or policy,
                                             policies, workers=self.workers)
        return [self.policy(policy, catalogue) for policy in details]

    def policy(self, policy, catalogue):
        template = policy.get('template') or {}
        entry = dict(name=policy['name'], **self.template_reference(template, catalogue))
        if policy.get('notes'):
            entry['notes'] = policy['notes']
        fields = Fields(policy.get('configFields'), template)
        values = {}
        for key, value in fields.by_name_from_api(policy.get('values')).items():
            field = fields.by_name.get(key)
            if field is None:
                self.notes.append("Policy '{0}': value of unknown field {1} not exported".format(policy['name'], key))
            elif not field.get('readOnly'):
                values[key] = value
        if values:
            entry['values'] = sorted_keys(values)
        held = sorted(fields.held_sensitive(policy.get('values')))
        if held:
            entry['sensitive_values'] = {name: self.secret('policy_{0}_{1}'.format(slug(policy['name']) or policy['id'], slug(name)),
                                                           "sensitive value {0} of policy '{1}'".format(name, policy['name']))
                                         for name in held}
        return entry

    @staticmethod
    def template_reference(template, catalogue):
        """``template`` (and ``os_family``) naming the policy's template as jc_policy finds it: the display name where
        it is unambiguous in its OS family, else the machine name, else the id."""
        family = template.get('osMetaFamily')
        for key in ('displayName', 'name'):
            if template.get(key) and len(match_templates(catalogue, template[key], family)) == 1:
                return dict(template=template[key], os_family=family) if family else dict(template=template[key])
        return dict(template=template.get('id'))

    def bindings(self):
        exported = []
        for source_type, target_types in BINDING_SOURCES:
            links = self.read_links(source_type)
            kind = get_kind(source_type)
            for source in self.objects(source_type):
                for target_type in target_types:
                    edges = links[source[kind.id_field]][target_type]
                    if not edges:
                        continue
                    targets = []
                    for target_id, attributes in edges.items():
                        reference = self.ref(target_type, target_id)
                        targets.append(dict(name=reference, attributes=sorted_keys(attributes)) if attributes else reference)
                    exported.append(dict(source_type=source_type, source=self.ref(source_type, source[kind.id_field]),
                                         target_type=target_type, targets=sorted(targets, key=_target_key)))
        return exported

    def departments(self):
        """The onboarding role's department map, from the users' ``department`` and what each user holds directly:
        user group memberships and direct bindings to device groups, applications and RADIUS servers."""
        departments = {}
        for user in self.objects('user'):
            name = (user.get('department') or '').strip()
            if name:
                departments.setdefault(name, set()).add(user['_id'])
        holders = {}
        for group_id, users in self.read_members(USER_GROUP).items():
            holders[('user_groups', self.ref('user_group', group_id))] = set(users)
        for key, kind_name in DEPARTMENT_KEYS[1:]:
            for object_id, links in self.read_links(kind_name).items():
                holders[(key, self.ref(kind_name, object_id))] = set(links['user'])
        by_department, common = infer_departments(departments, holders)
        if not departments:
            self.notes.append('No user has a department: the department map is empty')
        return dict(onboarding_departments=by_department, onboarding_common=common)

    # -- the export ------------------------------------------------------------------------------

    def run(self, sections=SECTIONS, departments=False):
        if 'bindings' in sections:
            for source_type, target_types in BINDING_SOURCES:
                self.link_types.setdefault(source_type, set()).update(target_types)
        if departments:
            for dummy, kind_name in DEPARTMENT_KEYS[1:]:
                self.link_types.setdefault(kind_name, set()).add('user')
        readers = dict(
            user_groups=lambda: self.groups(USER_GROUP, self.user_group_members),
            system_groups=lambda: self.groups(SYSTEM_GROUP),
            radius_servers=self.radius_servers,
            policies=self.policies,
            policy_groups=lambda: self.groups(POLICY_GROUP),
            bindings=self.bindings,
        )
        directory = {'directory_' + section: readers[section]() if section in sections else [] for section in SECTIONS}
        result = dict(directory=directory)
        if departments:
            result['onboarding'] = self.departments()
        result.update(secrets=self.secrets, notes=sorted(set(self.notes)),
                      counts={section: len(directory['directory_' + section]) for section in sections},
                      requests=self.client.request_count)
        return result


def _target_key(target):
    return target['name'] if isinstance(target, dict) else target
