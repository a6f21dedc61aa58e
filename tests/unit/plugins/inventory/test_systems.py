from __future__ import annotations

import pytest

from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader

from ansible_collections.jcops.jumpcloud.plugins.inventory import systems
from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fake_fleet import FakeFleet, mdm_device, oid, system, user
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse, FakeSession

try:  # ansible-core >= 2.19 evaluates only templates marked as trusted (the config file's are)
    from ansible.template import trust_as_template
except ImportError:  # pragma: no cover
    def trust_as_template(value):
        return value

DEFAULTS = dict(
    plugin='jcops.jumpcloud.systems', api_key='jca_test', client_id=None, client_secret=None, token_url=None, org_id=None,
    region='us', api_url='http://jc.invalid',
    validate_certs=True, timeout=30, max_retries=0, filter={}, include_mdm=True, mdm_group='mdm', include_users=False,
    users_through_groups=True, hostnames=['hostname', 'serial_number', 'id'], system_group_prefix='', os_family_prefix='os_',
    tag_prefix='tag_', system_fields=[], workers=4, compose={}, groups={}, keyed_groups=[], strict=True, leading_separator=True,
    use_extra_vars=False, cache=False, org_ids=[], organization_prefix='org_',
)
PATH = '/inventories/jumpcloud.systems.yml'


def interface(address, internal=False, family='IPv4'):
    return {'address': address, 'family': family, 'internal': internal, 'name': 'en0'}


def an_org():
    mac = system(3, hostname='ada-mbp.local', displayName="Ada's MacBook", os='Mac OS X', osFamily='darwin', version='14.5',
                 serialNumber='C02ADA', mdm={'vendor': 'internal', 'internal': {'deviceId': oid('5d', 1)}},
                 networkInterfaces=[interface('127.0.0.1', internal=True), interface('fe80::1', family='IPv6'),
                                    interface('169.254.3.3'), interface('192.168.1.23')])
    return FakeFleet(
        systems=[system(1, tags=['web', 'prod'], networkInterfaces=[interface('10.0.0.11')], remoteIP='203.0.113.1'),
                 system(2, hostname='FRONTDESK', os='Windows', osFamily='windows', active=False), mac],
        users=[user(1), user(2)],
        devices={'s1': [mdm_device(1, serialNumber='C02ADA'),
                        mdm_device(2, serialNumber='DMP002', mdmOsFamily='iOS', deviceInformation={'deviceName': "Ada's iPhone"})]},
        direct={(oid('5c', 1), oid('5b', 3)), (oid('5c', 2), oid('5b', 1)), (oid('5c', 1), oid('5b', 1))},
        groups={'Engineering laptops': [oid('5b', 3)], 'all': [oid('5b', 1)]})


@pytest.fixture
def make_plugin(monkeypatch):
    def make(api, **options):
        plugin = systems.InventoryModule()
        plugin._load_name = 'jcops.jumpcloud.systems'
        values = dict(DEFAULTS, **options)
        monkeypatch.setattr(plugin, 'get_option', values.__getitem__)
        monkeypatch.setattr(plugin, '_read_config_data', lambda path: None)
        plugin._cache = {}
        monkeypatch.setattr(_client.requests, 'Session', lambda: FakeSession(handler=api))
        return plugin
    return make


def parse(plugin, cache=True):
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), PATH, cache=cache)
    return inventory


def groups_of(inventory):
    return {name: sorted(host.name for host in group.get_hosts()) for name, group in inventory.groups.items() if group.get_hosts()}


def test_verify_file(tmp_path):
    plugin = systems.InventoryModule()
    for name, accepted in (('jumpcloud.systems.yml', True), ('prod.jumpcloud.systems.yaml', True), ('systems.yml', False),
                           ('jumpcloud.yml', False)):
        path = tmp_path / name
        path.write_text('plugin: jcops.jumpcloud.systems\n')
        assert bool(plugin.verify_file(str(path))) is accepted, name
    assert not plugin.verify_file(str(tmp_path / 'missing.jumpcloud.systems.yml'))


def test_hosts_groups_and_variables_from_one_request_per_page(make_plugin):
    api = an_org()
    inventory = parse(make_plugin(api))
    assert sorted(inventory.hosts) == ['DMP002', 'FRONTDESK', 'ada-mbp.local', 'host1']
    assert groups_of(inventory) == {
        'Engineering_laptops': ['ada-mbp.local'],
        'group_all': ['host1'],
        'mdm': ['DMP002'],
        'os_darwin': ['ada-mbp.local'],
        'os_ios': ['DMP002'],
        'os_linux': ['host1'],
        'os_windows': ['FRONTDESK'],
        'tag_prod': ['host1'],
        'tag_web': ['host1'],
    }
    mac = inventory.get_host('ada-mbp.local').get_vars()
    assert {key: value for key, value in mac.items() if key.startswith(('jumpcloud_', 'ansible_host'))} == {
        'ansible_host': '192.168.1.23',
        'jumpcloud_system_id': oid('5b', 3), 'jumpcloud_mdm_device_id': oid('5d', 1), 'jumpcloud_serial': 'C02ADA',
        'jumpcloud_hostname': 'ada-mbp.local', 'jumpcloud_display_name': "Ada's MacBook", 'jumpcloud_os': 'Mac OS X',
        'jumpcloud_os_family': 'darwin', 'jumpcloud_os_version': '14.5', 'jumpcloud_last_contact': '2025-03-04T09:00:00Z',
        'jumpcloud_agent_version': '2.12.0', 'jumpcloud_active': True, 'jumpcloud_ip_addresses': ['192.168.1.23'],
        'jumpcloud_tags': [], 'jumpcloud_system_groups': ['Engineering laptops'],
    }
    windows = inventory.get_host('FRONTDESK').get_vars()
    assert windows['ansible_host'] == 'FRONTDESK' and windows['jumpcloud_active'] is False
    assert inventory.get_host('host1').get_vars()['jumpcloud_remote_ip'] == '203.0.113.1'
    phone = inventory.get_host('DMP002').get_vars()
    assert 'ansible_host' not in phone and 'jumpcloud_system_id' not in phone
    assert (phone['jumpcloud_os_family'], phone['jumpcloud_display_name']) == ('ios', "Ada's iPhone")
    # systems, MDM servers, one server's devices, device groups, and each group's members: never one per host
    assert api.paths() == ['/api/systems', '/api/v2/applemdms', '/api/v2/applemdms/s1/devices', '/api/v2/systemgroups'] + sorted(
        '/api/v2/systemgroups/{0}/members'.format(oid('5a', n)) for n in range(2))
    assert 'jumpcloud_users' not in mac


def test_users_and_further_fields(make_plugin):
    api = an_org()
    inventory = parse(make_plugin(api, include_users=True, system_fields=['fde'], include_mdm=False))
    assert sorted(inventory.hosts) == ['FRONTDESK', 'ada-mbp.local', 'host1']
    host1 = inventory.get_host('host1').get_vars()
    assert host1['jumpcloud_users'] == ['user1@example.com', 'user2@example.com']
    assert host1['jumpcloud_usernames'] == ['user1', 'user2']
    assert host1['jumpcloud_fde'] == {'active': True}
    assert inventory.get_host('FRONTDESK').get_vars()['jumpcloud_users'] == []
    # the Mac's MDM device id comes from the system's record when MDM is not read
    assert inventory.get_host('ada-mbp.local').get_vars()['jumpcloud_mdm_device_id'] == oid('5d', 1)
    assert sum(1 for path in api.paths() if path.startswith('/api/v2/users/') or path.startswith('/api/v2/systems/')) == 2
    assert 'fde' in api.sent[0][2]['fields'].split()


def test_constructed_features(make_plugin):
    plugin = make_plugin(an_org(), compose={'ansible_host': trust_as_template('jumpcloud_hostname | default(jumpcloud_serial)')},
                         keyed_groups=[{'key': trust_as_template('jumpcloud_os_family'), 'prefix': 'family'}],
                         groups={'offline': trust_as_template('not (jumpcloud_active | default(true))'),
                                 'laptops': trust_as_template("'Engineering laptops' in jumpcloud_system_groups | default([])")},
                         hostnames=['display_name', 'id'], system_group_prefix='dg_', os_family_prefix='os-', tag_prefix='')
    inventory = parse(plugin)
    groups = groups_of(inventory)
    assert groups['family_darwin'] == ["Ada's MacBook"]
    assert groups['family_ios'] == ["Ada's iPhone"]
    assert groups['offline'] == ['Host 2']
    assert groups['laptops'] == groups['dg_Engineering_laptops'] == ["Ada's MacBook"]
    assert groups['os_linux'] == ['Host 1'] and groups['web'] == ['Host 1']
    assert inventory.get_host("Ada's MacBook").get_vars()['ansible_host'] == 'ada-mbp.local'
    assert inventory.get_host("Ada's iPhone").get_vars()['ansible_host'] == 'DMP002'


def test_a_failing_expression_fails_only_in_strict_mode(make_plugin):
    keyed = [{'key': trust_as_template('jumpcloud_nonexistent.value'), 'prefix': 'x'}]
    with pytest.raises(AnsibleError, match='jumpcloud_nonexistent'):
        parse(make_plugin(an_org(), keyed_groups=keyed, strict=True))
    assert 'FRONTDESK' in parse(make_plugin(an_org(), keyed_groups=keyed, strict=False)).hosts


def test_a_cache_hit_sends_no_request(make_plugin):
    api = an_org()
    plugin = make_plugin(api, cache=True)
    first = parse(plugin)
    sent = len(api.sent)
    assert sent == 6
    second = parse(plugin)
    assert len(api.sent) == sent
    assert sorted(second.hosts) == sorted(first.hosts)
    assert groups_of(second) == groups_of(first)
    parse(plugin, cache=False)   # --flush-cache: read again, and refresh the cache
    assert len(api.sent) == 2 * sent
    changed = make_plugin(api, cache=True, filter={'osFamily': 'linux'})
    changed._cache = plugin._cache
    assert sorted(parse(changed).hosts) == ['host1']   # a cache written with another filter is not used
    assert len(api.sent) > 2 * sent


def test_names_taken_twice(make_plugin, monkeypatch):
    warnings = []
    api = FakeFleet(systems=[system(2, hostname='kiosk'), system(1, hostname='kiosk'), system(3, hostname='')])
    plugin = make_plugin(api, include_mdm=False)
    monkeypatch.setattr(plugin.display, 'warning', warnings.append)
    inventory = parse(plugin)
    assert sorted(inventory.hosts) == ['SN0003', 'kiosk', 'kiosk_' + oid('5b', 2)]
    assert inventory.get_host('kiosk').get_vars()['jumpcloud_system_id'] == oid('5b', 1)
    assert len(warnings) == 1 and "several devices are named 'kiosk'" in warnings[0]


def test_errors_are_ansible_errors(make_plugin):
    with pytest.raises(AnsibleError, match='No JumpCloud credentials'):
        parse(make_plugin(an_org(), api_key=None))
    with pytest.raises(AnsibleError, match='workers must be a number from 1 to 10'):
        parse(make_plugin(an_org(), workers=20))
    with pytest.raises(AnsibleError, match='system_fields takes top-level'):
        parse(make_plugin(an_org(), system_fields=['fde.active']))

    def refused(method, url, kwargs):
        return FakeResponse(401, {'code': 401, 'message': 'Unauthorized', 'status': 'Unauthorized'})
    with pytest.raises(AnsibleError, match='jcops.jumpcloud.systems: Failed to list systems: HTTP 401: Unauthorized') as error:
        parse(make_plugin(refused))
    assert 'jca_test' not in str(error.value)


def test_helpers():
    assert systems.snake_case('systemInsights') == 'system_insights'
    assert systems.snake_case('fde') == 'fde'
    assert systems.snake_case('osVersionDetail') == 'os_version_detail'
    assert systems.ip_addresses({'networkInterfaces': [interface('10.0.0.1'), interface('10.0.0.1'), interface('127.0.0.1'),
                                                       interface('10.0.0.2', internal=True), None, interface('172.16.0.9')]}) \
        == ['10.0.0.1', '172.16.0.9']
    assert systems.ip_addresses({}) == []


def test_several_organizations(make_plugin, monkeypatch):
    """org_ids: each organization read with its own x-org-id, its hosts in its group, names that clash get the id."""
    orgs = {oid('6a', 1): ('Acme Corp', an_org()),
            oid('6a', 2): ('Globex', FakeFleet(systems=[system(1, hostname='globex-01'), system(9, hostname='host1')]))}
    listed = []

    def session():
        fake = FakeSession()

        def handler(method, url, kwargs):
            org_id = fake.headers.get('x-org-id')
            if url.endswith('/api/organizations'):
                listed.append(org_id)
                results = [{'_id': key, 'displayName': name} for key, (name, dummy) in sorted(orgs.items())]
                return FakeResponse(200, {'totalCount': len(results), 'results': results})
            return orgs[org_id][1](method, url, kwargs)

        fake.handler = handler
        return fake

    plugin = make_plugin(an_org(), org_ids=sorted(orgs), include_mdm=False, cache=True)
    monkeypatch.setattr(_client.requests, 'Session', session)
    inventory = parse(plugin)
    assert listed == [None]   # the organizations are listed without x-org-id
    assert groups_of(inventory)['org_Acme_Corp'] == ['FRONTDESK', 'ada-mbp.local', 'host1']
    assert groups_of(inventory)['org_Globex'] == ['globex-01', 'host1_' + oid('5b', 9)]
    host = inventory.get_host('globex-01').get_vars()
    assert (host['jumpcloud_org_id'], host['jumpcloud_org_name']) == (oid('6a', 2), 'Globex')
    cached = plugin._cache[plugin.get_cache_key(PATH)]
    assert [org['id'] for org in cached['organizations']] == sorted(orgs)
    assert sorted(parse(plugin).hosts) == sorted(inventory.hosts) and listed == [None]   # from the cache
    monkeypatch.setattr(plugin, 'get_option', dict(DEFAULTS, org_ids=[oid('6a', 3)]).__getitem__)
    with pytest.raises(AnsibleError, match='the key reaches no organization ' + oid('6a', 3)):
        parse(plugin, cache=False)


def test_a_service_account_instead_of_an_api_key(make_plugin):
    fleet = an_org()
    seen = []

    def api(method, url, kwargs):
        if url.endswith('/oauth2/token'):
            assert url == 'http://jc.invalid/oauth2/token' and kwargs['auth'] == ('sa_inventory', 'inventory-secret')
            return FakeResponse(200, {'access_token': 'inventory-token', 'expires_in': 3600})
        seen.append(kwargs['headers']['Authorization'])
        return fleet(method, url, kwargs)

    inventory = parse(make_plugin(api, api_key=None, client_id='sa_inventory', client_secret='inventory-secret'))
    assert 'ada-mbp.local' in inventory.hosts
    assert seen and set(seen) == {'Bearer inventory-token'}
    with pytest.raises(AnsibleError, match='mutually exclusive'):
        parse(make_plugin(api, client_id='sa_inventory', client_secret='inventory-secret'))
