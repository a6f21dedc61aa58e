# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device policies: templates named the way admins know them, values by field name, and policy stats.

JumpCloud keeps a policy's settings as ``values: [{configFieldID, value, sensitive}]``; each id is one of
the ``configFields`` of the policy's template (``{id, name, label, displayType, defaultValue, required,
readOnly, sensitive, validators, displayOptions}``). The collection speaks in field names instead:
``{timeout: 600}``. This module finds templates, checks and translates values both ways, and counts
where a policy stands on the systems it is bound to. Everything but the two request helpers at the end
(``templates`` and ``policy_stats``) is a pure function.

Template names are matched on the client (there is no server-side filter to trust for them): a
template is named by its id, its machine ``name`` (``filevault2_darwin``) or its ``displayName``
(``FileVault 2``), exactly; several templates share a display name across OS families ("Password
Complexity"), which ``os_family`` tells apart.
"""

from __future__ import annotations

import difflib

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError

OS_FAMILIES = ('android', 'darwin', 'ios', 'linux', 'universal', 'windows')

CHECKBOX_TYPES = ('checkbox',)
NUMBER_TYPES = ('number', 'numberinline')
CHOICE_TYPES = ('select', 'radio', 'segmentedbutton')
LIST_TYPES = ('table', 'multilist', 'doublelistbox', 'singlelistbox', 'paginationlist')
TEXT_TYPES = ('text', 'textarea', 'email', 'date', 'timeinput', 'datetimepicker')

_TRUE = ('true', 'yes', 'on', '1', 'y', 't')
_FALSE = ('false', 'no', 'off', '0', 'n', 'f')


# -- templates -------------------------------------------------------------------------------------

def template_title(template):
    """How messages and diffs name a template: its display name (or machine name, or id)."""
    template = template or {}
    return template.get('displayName') or template.get('name') or template.get('id')


def describe_template(template):
    """``'FileVault 2' (filevault2_darwin, darwin, id 5f0c...)`` for candidate lists."""
    return "'{0}' ({1}, {2}, id {3})".format(
        template_title(template), template.get('name'), template.get('osMetaFamily'), template.get('id'))


def match_templates(templates, ident, os_family=None):
    """The templates named ``ident`` exactly: by id, else by machine name, else by display name.

    With ``os_family``, only templates for that OS family count.
    """
    candidates = [tmpl for tmpl in templates if not os_family or tmpl.get('osMetaFamily') == os_family]
    for key in ('id', 'name', 'displayName'):
        matches = [tmpl for tmpl in candidates if tmpl.get(key) == ident]
        if matches:
            return matches
    return []


def template_matches(template, ident=None, os_family=None):
    """Whether ``template`` is the one ``ident`` names (by id, machine name or display name; any template when
    ``ident`` is None) for ``os_family`` (any family when None)."""
    template = template or {}
    if os_family and template.get('osMetaFamily') != os_family:
        return False
    return ident is None or ident in (template.get('id'), template.get('name'), template.get('displayName'))


def pick_template(templates, ident, os_family=None, option='template'):
    """The one template ``ident`` names; JumpCloudValueError naming ``option`` and listing the candidates otherwise."""
    matches = match_templates(templates, ident, os_family)
    if len(matches) == 1:
        return matches[0]
    if matches:
        families = sorted({tmpl.get('osMetaFamily') or '?' for tmpl in matches})
        hint = ('set os_family ({0}) or give the template by its name or id'.format(', '.join(families))
                if len(families) > 1 else 'give the template by its id')
        raise JumpCloudValueError("{0}: policy template '{1}' is ambiguous: {2} templates have that name: {3}; {4}".format(
            option, ident, len(matches), ', '.join(describe_template(tmpl) for tmpl in _sorted(matches)), hint))
    where = " for os_family '{0}'".format(os_family) if os_family else ''
    elsewhere = match_templates(templates, ident) if os_family else []
    if elsewhere:
        hint = 'it exists for: {0}'.format(', '.join(describe_template(tmpl) for tmpl in _sorted(elsewhere)))
    else:
        near = _near(templates, ident, os_family)
        hint = 'did you mean: {0}?'.format(', '.join(describe_template(tmpl) for tmpl in near)) if near else \
            'list the templates with jcops.jumpcloud.jc_policy_info (list_templates=true)'
    raise JumpCloudValueError("{0}: no policy template '{1}'{2}; {3}".format(option, ident, where, hint))


def _sorted(templates):
    return sorted(templates, key=lambda tmpl: (tmpl.get('osMetaFamily') or '', tmpl.get('name') or '', tmpl.get('id') or ''))


def _near(templates, ident, os_family=None, limit=5):
    """Templates whose display or machine name resembles ``ident`` (case-insensitive), closest first."""
    candidates = [tmpl for tmpl in templates if not os_family or tmpl.get('osMetaFamily') == os_family]
    lowered = ident.lower()
    keyed = {}
    for tmpl in candidates:
        for key in ('displayName', 'name'):
            if tmpl.get(key):
                keyed.setdefault(tmpl[key].lower(), []).append(tmpl)
    names = difflib.get_close_matches(lowered, list(keyed), n=limit, cutoff=0.6)
    names += [name for name in sorted(keyed) if lowered in name and name not in names]
    near = []
    for name in names:
        for tmpl in keyed[name]:
            if tmpl not in near:
                near.append(tmpl)
    return near[:limit]


# -- values ----------------------------------------------------------------------------------------

def _plain_number(value):
    """600.0 -> 600 (JSON may carry either); other values unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def expected_type(field):
    """What a field takes, in words, for error messages."""
    kind = field.get('displayType')
    if kind in CHECKBOX_TYPES:
        return 'a boolean'
    if kind in NUMBER_TYPES:
        validators = field.get('validators') or {}
        low, high = validators.get('min'), validators.get('max')
        if low is not None and high is not None:
            return 'a number from {0} to {1}'.format(low, high)
        if low is not None:
            return 'a number of at least {0}'.format(low)
        if high is not None:
            return 'a number of at most {0}'.format(high)
        return 'a number'
    if kind in CHOICE_TYPES:
        return 'one of {0}'.format(', '.join(repr(option) for option in choices(field)))
    if kind in LIST_TYPES:
        return 'a list'
    if kind in TEXT_TYPES:
        return 'a string'
    return 'a value'


def choices(field):
    return [option.get('value') for option in (field.get('displayOptions') or {}).get('options') or [] if isinstance(option, dict)]


def _to_number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _plain_number(value)
    if isinstance(value, str):
        text = value.strip()
        for convert in (int, float):
            try:
                return _plain_number(convert(text))
            except ValueError:
                continue
    return None


def coerce_value(field, value):
    """``value`` in the type the field's display type takes, or None when it cannot be.

    Booleans accept what Ansible takes for a boolean (``yes``, ``'false'``, ``1``...), numbers accept numeric
    text (values that come out of a template are often text), a choice must be one of the field's
    option values, a text field takes text only (an unquoted ``03:00`` is not the text "03:00" in
    YAML). Display types with no known shape are sent as given.
    """
    kind = field.get('displayType')
    if kind in CHECKBOX_TYPES:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower() if isinstance(value, (str, int)) else None
        return text in _TRUE if text in _TRUE + _FALSE else None
    if kind in NUMBER_TYPES:
        number = _to_number(value)
        if number is None:
            return None
        validators = field.get('validators') or {}
        low, high = validators.get('min'), validators.get('max')
        if isinstance(low, (int, float)) and number < low or isinstance(high, (int, float)) and number > high:
            return None
        return number
    if kind in CHOICE_TYPES:
        options = choices(field)
        if value in options and not isinstance(value, bool):
            return value
        matches = [option for option in options if not isinstance(value, (dict, list)) and str(option) == str(value)]
        return matches[0] if len(matches) == 1 else None
    if kind in LIST_TYPES:
        return value if isinstance(value, list) else None
    if kind in TEXT_TYPES:
        return value if isinstance(value, str) else None
    return value


def _shown(value):
    return repr(value) if isinstance(value, str) else '{0!r} ({1})'.format(value, type(value).__name__)


class Fields:
    """The config fields of one template, found by name (or, failing that, by their unique label)."""

    def __init__(self, config_fields, template=None):
        self.fields = sorted((field for field in config_fields or [] if isinstance(field, dict) and field.get('name')),
                             key=lambda field: (field.get('position') or 0, field['name']))
        self.template = template or {}
        self.by_name = {field['name']: field for field in self.fields}
        self.by_id = {field['id']: field for field in self.fields if field.get('id')}
        labels = {}
        for field in self.fields:
            if field.get('label'):
                labels.setdefault(field['label'], []).append(field)
        self.by_label = {label: found[0] for label, found in labels.items() if len(found) == 1}

    def __iter__(self):
        return iter(self.fields)

    def field(self, key):
        return self.by_name.get(key) or self.by_label.get(key)

    def describe(self):
        if not self.fields:
            return 'it takes no values'
        return 'its fields are: {0}'.format(', '.join(
            '{0}{1} ({2})'.format(field['name'], ' [sensitive]' if field.get('sensitive') else '', expected_type(field))
            for field in self.fields))

    def translate(self, values, sensitive_values, creating=False, paths=('values', 'sensitive_values')):
        """(values, sensitive values), each ``{field name: value}`` in the types the fields take.

        Every problem is reported at once, in one JumpCloudValueError, each prefixed with the option path of the
        value (``values.timeout``; ``paths`` names the two options): unknown fields, a field given twice (by name
        and by label), read-only fields, a sensitive field in ``values`` or a plain one in ``sensitive_values``,
        values of the wrong type, and (``creating``) required fields without a default that are not given.
        """
        problems, unknown, seen = [], [], {}
        translated = ({}, {})
        for sensitive, given in ((False, values), (True, sensitive_values)):
            for key, value in (given or {}).items():
                path = '{0}.{1}'.format(paths[sensitive], key)
                field = self.field(key)
                if field is None:
                    unknown.append(path)
                    continue
                name = field['name']
                if name in seen:
                    problems.append("{0}: field '{1}' is given twice ({2!r} and {3!r})".format(path, name, seen[name], key))
                    continue
                seen[name] = key
                if field.get('readOnly'):
                    problems.append("{0}: field '{1}' is read-only".format(path, name))
                elif bool(field.get('sensitive')) != sensitive:
                    problems.append("{0}: field '{1}' is {2}".format(path, name, 'sensitive: give it in {0}, which is never logged'.format(
                        paths[True]) if field.get('sensitive') else 'not sensitive: give it in {0}'.format(paths[False])))
                else:
                    coerced = coerce_value(field, value)
                    if coerced is None:
                        problems.append("{0}: field '{1}' takes {2}, not {3}".format(
                            path, name, expected_type(field), '(a sensitive value)' if sensitive else _shown(value)))
                    else:
                        translated[sensitive][name] = coerced
        missing = self.missing_required(seen) if creating else []
        if missing:
            problems.append('{0}: a new policy needs {1} (required, with no default)'.format(paths[False], ', '.join(missing)))
        if unknown:
            problems.insert(0, '{0}: unknown field{1}; {2}'.format(
                ', '.join(sorted(unknown)), 's' if len(unknown) > 1 else '', self.describe()))
        if problems:
            raise JumpCloudValueError('Policy template {0}: {1}'.format(describe_template(self.template), '; '.join(problems)))
        return translated

    def missing_required(self, *given):
        """Names of the required fields that have no default and are not in any of ``given``."""
        return [field['name'] for field in self.fields
                if field.get('required') and field.get('defaultValue') in (None, '', [])
                and not any(field['name'] in names for names in given)]

    def by_name_from_api(self, policy_values):
        """JumpCloud's ``values`` list -> ``{field name: value}``; sensitive values (never returned) are left out.

        An entry whose field the template does not list is kept under its configFieldID.
        """
        view = {}
        for entry in policy_values or []:
            if not isinstance(entry, dict) or 'value' not in entry or entry.get('sensitive'):
                continue
            field = self.by_id.get(entry.get('configFieldID'))
            if field is not None and field.get('sensitive'):
                continue
            view[field['name'] if field else entry.get('configFieldID')] = _plain_number(entry['value'])
        return view

    def to_api(self, values, sensitive_values=None, current_values=None):
        """``{field name: value}`` (and the sensitive ones) -> JumpCloud's ``[{configFieldID, value[, sensitive]}]``.

        A sensitive value held by the policy (``current_values`` entries marked sensitive) and not given is
        sent back as JumpCloud returned it, without its value, so that a whole-object update keeps it.
        Entries come out in the template's field order.
        """
        entries = {}
        for key, value in (values or {}).items():
            field = self.by_name.get(key) or self.by_id.get(key)
            field_id = field['id'] if field else key
            entries[field_id] = {'configFieldID': field_id, 'value': value}
        for entry in current_values or []:
            if isinstance(entry, dict) and entry.get('sensitive') and entry.get('configFieldID') not in entries:
                entries[entry['configFieldID']] = {'configFieldID': entry['configFieldID'], 'sensitive': True}
        for key, value in (sensitive_values or {}).items():
            field = self.by_name[key]
            entries[field['id']] = {'configFieldID': field['id'], 'value': value, 'sensitive': True}
        order = {field.get('id'): index for index, field in enumerate(self.fields)}
        return sorted(entries.values(), key=lambda entry: (order.get(entry['configFieldID'], len(order)), entry['configFieldID']))

    def held_sensitive(self, policy_values):
        """Names of the sensitive fields the policy holds a value for (JumpCloud shows the entry, not the value)."""
        names = set()
        for entry in policy_values or []:
            field = self.by_id.get((entry or {}).get('configFieldID'))
            if field is not None and field.get('sensitive') and (entry.get('sensitive') or 'value' in entry):
                names.add(field['name'])
        return names


def with_named_values(policy, config_fields=None):
    """A policy as JumpCloud returns it (``PolicyWithDetails``), with ``values`` as ``{field name: value}``."""
    if not isinstance(policy, dict) or not isinstance(policy.get('values'), list):
        return policy
    fields = Fields(config_fields or policy.get('configFields'), policy.get('template'))
    return dict(policy, values=fields.by_name_from_api(policy['values']))


# -- stats -----------------------------------------------------------------------------------------

def _when(status):
    return status.get('endedAt') or status.get('startedAt') or ''


def outcome(status):
    """'success', 'failed' or 'pending' for one policy status (a PolicyResult)."""
    state = str(status.get('state') or '').lower()
    if state == 'pending':
        return 'pending'
    if status.get('success') is True or (status.get('success') is None and state == 'success'):
        return 'success'
    return 'failed'


def stats(system_ids, statuses):
    """``{success, failed, pending, total}`` for a policy over the systems it is bound to.

    Each bound system counts once, by its latest status (greatest ``endedAt``, else ``startedAt``): a
    system with no status yet, or whose latest status is pending, is pending. Statuses of systems the
    policy is no longer bound to are not counted.
    """
    latest = {}
    for status in statuses or []:
        system = status.get('systemID')
        if system and (system not in latest or _when(status) >= _when(latest[system])):
            latest[system] = status
    counts = dict(success=0, failed=0, pending=0)
    bound = set(system_ids or ())
    for system in bound:
        counts[outcome(latest[system]) if system in latest else 'pending'] += 1
    counts['total'] = len(bound)
    return counts


# -- requests --------------------------------------------------------------------------------------

TEMPLATES_PATH = '/api/v2/policytemplates'
POLICIES_PATH = '/api/v2/policies'


def templates(client):
    """Every policy template (the list's shallow form, without configFields)."""
    return client.list(TEMPLATES_PATH, params={'sort': 'id'}, operation='list policy templates')


def template_details(client, template_id):
    """One template with its configFields."""
    return client.get('{0}/{1}'.format(TEMPLATES_PATH, template_id), operation="read policy template '{0}'".format(template_id))


def policy_stats(client, policy_id):
    """Stats for one policy from its latest status per system and the systems it is bound to (directly
    or through groups, the graph traversal ``/policies/{id}/systems``)."""
    base = '{0}/{1}'.format(POLICIES_PATH, policy_id)
    statuses = client.list(base + '/policystatuses', operation="list the statuses of policy '{0}'".format(policy_id))
    systems = client.list(base + '/systems', operation="list the systems of policy '{0}'".format(policy_id))
    return stats([system['id'] for system in systems if system.get('type', 'system') == 'system'], statuses)
