# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: systems
short_description: JumpCloud devices (systems and Apple MDM devices) as an inventory
version_added: 0.1.0
description:
  - Hosts are the devices of a JumpCloud organization; its systems (devices with the JumpCloud agent) and, with
    O(include_mdm), its Apple MDM devices that are not systems (iPhones, iPads, Macs without the agent).
  - "Hosts are grouped by device group (the group's name, after O(system_group_prefix)), by OS family
    (O(os_family_prefix), for example C(os_linux), C(os_windows), C(os_darwin), C(os_ios)), by tag (O(tag_prefix)) and,
    for Apple MDM devices that are not systems, in the O(mdm_group) group. Group names are sanitized the way Ansible
    does it (characters other than letters, digits and C(_) become C(_))."
  - "Host variables (set when JumpCloud has a value): C(jumpcloud_system_id), C(jumpcloud_mdm_device_id),
    C(jumpcloud_serial), C(jumpcloud_hostname), C(jumpcloud_display_name), C(jumpcloud_os), C(jumpcloud_os_family),
    C(jumpcloud_os_version), C(jumpcloud_arch), C(jumpcloud_last_contact), C(jumpcloud_agent_version),
    C(jumpcloud_active), C(jumpcloud_remote_ip), C(jumpcloud_ip_addresses) (the non-loopback IPv4 addresses of the
    device's interfaces), C(jumpcloud_tags), C(jumpcloud_system_groups), the fields of O(system_fields), and with
    O(include_users) C(jumpcloud_users) (the users' e-mail addresses) and C(jumpcloud_usernames)."
  - "C(ansible_host) is the device's first IPv4 address that is neither loopback nor link-local, else its hostname;
    Apple MDM devices that are not systems have none. Change it with O(compose), for example
    C(ansible_host: jumpcloud_hostname)."
  - "Cost: one request per page of 100 systems (the pages after the first are read concurrently), one per page of 100
    device groups and one per device group, one for the Apple MDM servers and one per page of 100 devices per server;
    never one per host. O(include_users) adds one graph request per user or per device, whichever there are fewer of,
    and the users, 100 per request."
  - Uses the same client as the modules (retries, rate-limit pauses shared by every request in flight).
  - The configuration file's name must end with C(jumpcloud.systems.yml) or C(jumpcloud.systems.yaml).
author:
  - jcops.jumpcloud contributors (@jcops)
options:
  plugin:
    description: The name of this plugin; it must be set for the file to be read by it.
    type: str
    required: true
    choices: [jcops.jumpcloud.systems]
  filter:
    description:
      - "Only the systems with these field values, matched by JumpCloud (server side), as JumpCloud names the fields,
        for example C({osFamily: linux}) or C({active: true}); a list value matches any of its items."
      - The filter applies to systems only, so with a filter Apple MDM devices that are not systems are left out.
    type: dict
    default: {}
  include_mdm:
    description:
      - Read the Apple MDM devices and add those that are not systems as hosts (in O(mdm_group)).
    type: bool
    default: true
  mdm_group:
    description: The group of the Apple MDM devices that are not systems (they have no C(ansible_host)).
    type: str
    default: mdm
  include_users:
    description:
      - Set C(jumpcloud_users) (e-mail addresses) and C(jumpcloud_usernames) on each system's host.
      - Costs one graph request per user or per device, whichever there are fewer of, plus the users (100 per request).
    type: bool
    default: false
  users_through_groups:
    description:
      - With O(include_users), V(true) counts as a device's users everyone bound to it directly or through groups
        (JumpCloud's meaning, the users who can log in to it); V(false) only the users bound to it directly.
    type: bool
    default: true
  hostnames:
    description:
      - What names the hosts, in order of preference; the first that the device has is used (its id when it has none).
      - V(hostname) is the hostname the agent reports, V(display_name) the name in the JumpCloud console (or the
        MDM device name), V(serial_number) the serial number, V(id) the system id (or the MDM device id).
      - When several devices get the same name, the one with the smallest id keeps it and the others are named
        C(<name>_<id>), with a warning.
    type: list
    elements: str
    choices: [hostname, display_name, serial_number, id]
    default: [hostname, serial_number, id]
  system_group_prefix:
    description: Prefix of the groups made from device groups.
    type: str
    default: ""
  os_family_prefix:
    description: Prefix of the groups made from OS families.
    type: str
    default: os_
  tag_prefix:
    description: Prefix of the groups made from system tags.
    type: str
    default: tag_
  system_fields:
    description:
      - Further system fields to read, as JumpCloud names them (top-level fields only, for example V(fde),
        V(systemInsights), V(domainInfo), V(attributes)); each is set as the host variable C(jumpcloud_<field>), the
        field's name in snake case (C(jumpcloud_system_insights)).
    type: list
    elements: str
    default: []
  workers:
    description: How many requests are sent at the same time, from 1 to 10.
    type: int
    default: 8
  org_ids:
    description:
      - The devices of several organizations in one inventory (for a multi-tenant (MSP) administrator's key), read one
        organization after the other; each host is in the group of its organization (O(organization_prefix) and the
        organization's name) and has C(jumpcloud_org_id) and C(jumpcloud_org_name).
      - Replaces O(org_id). Organizations are named with one more request (the organizations the key reaches); an id
        that is not one of them fails. Host names taken in several organizations follow O(hostnames).
    type: list
    elements: str
    default: []
    version_added: 0.2.0
  organization_prefix:
    description: Prefix of the groups made from organizations (with O(org_ids)).
    type: str
    default: org_
    version_added: 0.2.0
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - jcops.jumpcloud.jumpcloud.plugin
notes:
  - The cache (O(cache)) holds what JumpCloud answered, by organization, so O(compose), O(groups), O(keyed_groups) and
    the group prefixes apply to cached data without a request; a cache written with other O(filter), O(include_mdm),
    O(include_users), O(users_through_groups), O(system_fields), organizations or URL is not used.
seealso:
  - module: jcops.jumpcloud.jc_fleet_info
  - module: jcops.jumpcloud.jc_system_info
'''

EXAMPLES = r'''
# jumpcloud.systems.yml; the key comes from JUMPCLOUD_API_KEY (AWX: the "JumpCloud API" credential).
plugin: jcops.jumpcloud.systems

---
# Linux servers only, named by display name, users included, cached for an hour.
plugin: jcops.jumpcloud.systems
filter:
  osFamily: linux
hostnames: [display_name, hostname]
include_mdm: false
include_users: true
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/jumpcloud-inventory
cache_timeout: 3600

---
# Two customers' devices (an MSP key), grouped as org_Acme_Corp and org_Globex (the organizations' names).
plugin: jcops.jumpcloud.systems
org_ids:
  - 5f0c1b2a3d4e5f6a7b8c9d00
  - 5f0c1b2a3d4e5f6a7b8c9d01

---
# Connect by hostname, group by agent version and by whether the agent is connected.
plugin: jcops.jumpcloud.systems
compose:
  ansible_host: jumpcloud_hostname
keyed_groups:
  - key: jumpcloud_agent_version
    prefix: agent
groups:
  offline: not jumpcloud_active | default(false)
'''

import re

from ansible.errors import AnsibleError
from ansible.module_utils.compat.version import LooseVersion
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.release import __version__ as ansible_version
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.jcops.jumpcloud.plugins.module_utils import _fleet
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import (
    HAS_REQUESTS,
    JumpCloudClient,
    JumpCloudError,
    JumpCloudValueError,
    check_credentials,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import field_filters, list_objects
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import get_kind

FILE_SUFFIXES = ('jumpcloud.systems.yml', 'jumpcloud.systems.yaml')
FIELD_NAME = re.compile(r'^[A-Za-z][A-Za-z0-9_]*$')
RESERVED_GROUPS = ('all', 'ungrouped')
CACHE_FORMAT = 2
# Values from the API must never be templated. ansible-core 2.19 and later mark every inventory variable that way
# themselves; before, they are wrapped as unsafe here.
WRAP_UNSAFE = LooseVersion(ansible_version) < LooseVersion('2.19')


def snake_case(name):
    """``systemInsights`` -> ``system_insights``."""
    return re.sub(r'(?<=[a-z0-9])([A-Z])', r'_\1', name).lower()


def ip_addresses(system):
    """The device's IPv4 addresses that are neither loopback, internal nor link-local, in the order reported."""
    found = []
    for interface in system.get('networkInterfaces') or []:
        if not isinstance(interface, dict) or interface.get('internal') or interface.get('family') not in ('IPv4', 4):
            continue
        address = interface.get('address') or ''
        if address and not address.startswith(('127.', '169.254.')) and address not in found:
            found.append(address)
    return found


# The device view (_fleet.Device.view) as host variables: the names the inventory gives them.
VIEW_VARIABLES = (('system_id', 'jumpcloud_system_id'), ('mdm_device_id', 'jumpcloud_mdm_device_id'), ('serial_number', 'jumpcloud_serial'),
                  ('hostname', 'jumpcloud_hostname'), ('display_name', 'jumpcloud_display_name'), ('os', 'jumpcloud_os'),
                  ('os_family', 'jumpcloud_os_family'), ('os_version', 'jumpcloud_os_version'), ('arch', 'jumpcloud_arch'),
                  ('last_contact', 'jumpcloud_last_contact'), ('agent_version', 'jumpcloud_agent_version'),
                  ('active', 'jumpcloud_active'), ('remote_ip', 'jumpcloud_remote_ip'))


def device_of(device):
    """A device of the cache (a dict) as the fleet's Device."""
    return _fleet.Device(device.get('system'), device.get('mdm_device'), device.get('users'))


def host_vars(device, system_groups=None, include_users=False, system_fields=()):
    """The jumpcloud_* variables of one device (a dict from the cache), without the unset ones."""
    system = device.get('system') or {}
    organization = device.get('organization') or {}
    view = device_of(device).view()
    out = {variable: view[name] for name, variable in VIEW_VARIABLES if view[name] is not None}
    out.update({variable: organization[key] for key, variable in (('id', 'jumpcloud_org_id'), ('name', 'jumpcloud_org_name'))
                if organization.get(key) not in (None, '')})
    if system:
        out['jumpcloud_ip_addresses'] = ip_addresses(system)
        out['jumpcloud_tags'] = list(system.get('tags') or [])
        out['jumpcloud_system_groups'] = list((system_groups or {}).get(system.get('_id'), []))
        for field in system_fields:
            if field in system:
                out['jumpcloud_' + snake_case(field)] = system[field]
        if include_users:
            users = device.get('users') or []
            out['jumpcloud_users'] = [user['email'] for user in users if user.get('email')]
            out['jumpcloud_usernames'] = [user['username'] for user in users if user.get('username')]
        address = (out['jumpcloud_ip_addresses'] or [system.get('hostname')])[0]
        if address:
            out['ansible_host'] = address
    return out


def name_candidates(device):
    fleet_device = device_of(device)
    view = fleet_device.view()
    return dict(hostname=view['hostname'], display_name=view['display_name'], serial_number=view['serial_number'],
                id=fleet_device.id)


def device_id(device):
    return device_of(device).id or ''


def host_names(devices, preference):
    """[(name, device)] in order of id: the first preferred name each device has; a name already taken gets ``_<id>``.

    Returns the names and the list of (name, [ids]) that were taken more than once.
    """
    named, taken, clashes = [], set(), {}
    for device in sorted(devices, key=lambda item: (not item.get('system'), device_id(item))):
        candidates = name_candidates(device)
        name = next((candidates[source] for source in preference if candidates.get(source)), None) or device_id(device)
        if name in taken:
            clashes.setdefault(name, []).append(device_id(device))
            name = '{0}_{1}'.format(name, device_id(device))
        taken.add(name)
        named.append((name, device))
    return named, sorted(clashes.items())


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """Hosts from the devices of a JumpCloud organization."""

    NAME = 'jcops.jumpcloud.systems'

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(FILE_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache=cache)
        self._read_config_data(path)
        self._populate(self._devices(path, cache))

    # -- reading ------------------------------------------------------------------------------------

    def _fetch_options(self):
        """What the data depends on; a cache written with other values is not used."""
        fields = list(self.get_option('system_fields') or [])
        bad = [field for field in fields if not isinstance(field, str) or not FIELD_NAME.match(field)]
        if bad:
            raise AnsibleError('system_fields takes top-level JumpCloud field names (letters, digits, _), not: {0}'.format(
                ', '.join(repr(field) for field in bad)))
        return {
            'format': CACHE_FORMAT,
            'filter': self.get_option('filter') or {},
            'include_mdm': bool(self.get_option('include_mdm')),
            'include_users': bool(self.get_option('include_users')),
            'users_through_groups': bool(self.get_option('users_through_groups')),
            'system_fields': sorted(set(fields)),
            'org_id': self.get_option('org_id') or None,
            'org_ids': sorted(set(self.get_option('org_ids') or [])),
            'region': self.get_option('region'),
            'api_url': self.get_option('api_url') or None,
        }

    def _devices(self, path, cache):
        options = self._fetch_options()
        use_cache = self.get_option('cache')
        key = self.get_cache_key(path)
        if use_cache and cache:
            try:
                data = self._cache[key]
            except KeyError:
                data = None
            if isinstance(data, dict) and data.get('options') == options:
                self.display.vvv('{0}: {1} devices from the cache'.format(
                    self.NAME, sum(len(organization.get('devices') or []) for organization in data.get('organizations') or [])))
                return data
        data = self._fetch(options)
        if use_cache:
            self._cache[key] = data
        return data

    def _client(self, workers, org_id=None):
        if not HAS_REQUESTS:
            raise AnsibleError('The {0} inventory plugin needs the Python library requests'.format(self.NAME))
        credentials = dict((name, self.get_option(name) or None) for name in ('api_key', 'client_id', 'client_secret'))
        try:
            check_credentials(**credentials)
        except JumpCloudValueError as error:
            raise AnsibleError('{0} (in the inventory file or the environment)'.format(error))
        return JumpCloudClient(org_id=org_id, region=self.get_option('region'),
                               api_url=self.get_option('api_url') or None, token_url=self.get_option('token_url') or None,
                               validate_certs=self.get_option('validate_certs'), timeout=self.get_option('timeout'),
                               max_retries=self.get_option('max_retries'), pool_size=max(10, workers), **credentials)

    def _organizations(self, options, workers):
        """[(organization id, name)]: the one of ``org_id`` (no name), or each of ``org_ids`` with its name."""
        if not options['org_ids']:
            return [(options['org_id'], None)]
        client = self._client(workers)
        try:
            names = {org['_id']: org.get('displayName') for org in list_objects(client, get_kind('organization'))}
        finally:
            client.close()
        unknown = [org_id for org_id in options['org_ids'] if org_id not in names]
        if unknown:
            raise AnsibleError('{0}: the key reaches no organization {1}'.format(self.NAME, ', '.join(unknown)))
        return [(org_id, names[org_id] or org_id) for org_id in options['org_ids']]

    def _fetch(self, options):
        workers = self.get_option('workers')
        organizations = []
        try:
            _fleet.check_workers(workers)
            for org_id, name in self._organizations(options, workers):
                client = self._client(workers, org_id)
                try:
                    filters = field_filters(_fleet.SYSTEM, options['filter']) or None
                    devices = _fleet.read_fleet(
                        client, filters=filters, include_mdm=options['include_mdm'], include_users=options['include_users'],
                        through_groups=options['users_through_groups'], workers=workers,
                        system_fields=_fleet.SYSTEM_FIELDS + tuple(options['system_fields']))
                    groups = _fleet.system_group_names(client, workers) if any(device.system for device in devices) else {}
                finally:
                    client.close()
                self.display.vvv('{0}: {1} devices read with {2} requests{3}'.format(
                    self.NAME, len(devices), client.request_count, " from organization '{0}'".format(name) if name else ''))
                organizations.append({
                    'id': org_id, 'name': name, 'system_groups': groups,
                    'devices': [dict(system=device.system, mdm_device=device.mdm_device, users=device.users) for device in devices],
                })
        except JumpCloudError as error:
            raise AnsibleError('{0}: {1}'.format(self.NAME, error)) from error
        return {'options': options, 'organizations': organizations}

    # -- hosts and groups -----------------------------------------------------------------------------

    def _group_name(self, prefix, name):
        group = self._sanitize_group_name('{0}{1}'.format(prefix or '', name))
        if group in RESERVED_GROUPS:
            group = self._sanitize_group_name('group_' + group)
        return group

    def _groups_of(self, device, variables):
        groups = [self._group_name(self.get_option('system_group_prefix'), name) for name in variables.get('jumpcloud_system_groups', [])]
        if variables.get('jumpcloud_os_family'):
            groups.append(self._group_name(self.get_option('os_family_prefix'), variables['jumpcloud_os_family']))
        groups.extend(self._group_name(self.get_option('tag_prefix'), tag) for tag in variables.get('jumpcloud_tags', []))
        if not device.get('system'):
            groups.append(self._group_name('', self.get_option('mdm_group')))
        if variables.get('jumpcloud_org_name'):
            groups.append(self._group_name(self.get_option('organization_prefix'), variables['jumpcloud_org_name']))
        return groups

    def _populate(self, data):
        """Hosts in name order, the plugin's groups in name order, then the constructed variables and groups."""
        options = data['options']
        devices, system_groups = [], {}
        for organization in data.get('organizations') or []:
            system_groups.update(organization.get('system_groups') or {})
            named_org = {'id': organization['id'], 'name': organization['name']} if organization.get('name') else None
            devices.extend(dict(device, organization=named_org) if named_org else device for device in organization.get('devices') or [])
        named, clashes = host_names(devices, self.get_option('hostnames'))
        for name, ids in clashes:
            self.display.warning('{0}: several devices are named {1!r}; the others are named {1}_<id> ({2})'.format(
                self.NAME, name, ', '.join(ids)))
        hosts = []
        for name, device in sorted(named, key=lambda pair: pair[0]):
            variables = host_vars(device, system_groups, options['include_users'], options['system_fields'])
            hosts.append((name, variables, self._groups_of(device, variables)))
        for group in sorted({group for dummy, dummy_vars, groups in hosts for group in groups}):
            self.inventory.add_group(group)
        strict = self.get_option('strict')
        compose, conditions, keyed = self.get_option('compose'), self.get_option('groups'), self.get_option('keyed_groups')
        for name, variables, groups in hosts:
            host = self.inventory.add_host(name)
            for key, value in variables.items():
                self.inventory.set_variable(host, key, wrap_var(value) if WRAP_UNSAFE else value)
            for group in groups:
                self.inventory.add_child(group, host)
            if compose:
                self._set_composite_vars(compose, self.inventory.get_host(host).get_vars(), host, strict=strict)
            if conditions or keyed:
                hostvars = self.inventory.get_host(host).get_vars()
                self._add_host_to_composed_groups(conditions, hostvars, host, strict=strict)
                self._add_host_to_keyed_groups(keyed, hostvars, host, strict=strict)
