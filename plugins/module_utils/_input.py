# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input refused before any request: text that JumpCloud would store badly, ids that are not ids.

Text rules (``Text``), applied to every text option, list item and sub-option of a module:
- at most ``max_length`` characters: the limit JumpCloud documents for the field (1024 for a user's text fields,
  256 for an employee identifier), else 1024, the limit it documents for every other text field of a user;
- no control characters (a NUL, an escape sequence, a bidirectional override); a ``multiline`` field (a
  description, a certificate) may hold line breaks and tabs;
- a name or an id (``empty=False``) is not empty or blank.

Ids (``check_id``) have the form the documents give their kind (a 24-hex ObjectId for every kind in the resource
table), so a value such as ``../v2/usergroups`` never becomes part of a request path.

Nothing here imports AnsibleModule; the checks raise ``JumpCloudValueError`` naming the option.
"""

from __future__ import annotations

import unicodedata

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError
from ansible_collections.jcops.jumpcloud.plugins.module_utils._resources import OBJECT_ID_FORM

TEXT_MAX = 1024

# Characters that change how text is shown without being visible: bidirectional embeddings, overrides and isolates.
_BIDI_CONTROLS = frozenset('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069')
_LINE_BREAKS = frozenset('\n\r\t')


class Text:
    """How a text option is checked: its longest length, whether it may span lines, whether it may be empty."""

    def __init__(self, max_length=TEXT_MAX, multiline=False, empty=True):
        self.max_length = max_length
        self.multiline = multiline
        self.empty = empty

    def __repr__(self):
        return 'Text(max_length={0}, multiline={1}, empty={2})'.format(self.max_length, self.multiline, self.empty)


SINGLE_LINE = Text()
MULTILINE = Text(multiline=True)
NAME = Text(empty=False)


def shown(value, limit=60):
    """A value as an error message quotes it: control characters escaped, long values cut."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "...' ({0} characters)".format(len(value))


def bad_character(value, multiline=False):
    """(index, character) of the first character a text option must not hold, or None."""
    for index, char in enumerate(value):
        if multiline and char in _LINE_BREAKS:
            continue
        if char in _BIDI_CONTROLS or unicodedata.category(char) in ('Cc', 'Zl', 'Zp'):
            return index, char
    return None


def check_text(option, value, rule=SINGLE_LINE):
    """Refuse a text value that breaks ``rule``; the message names ``option`` and never shows a long value whole."""
    if not isinstance(value, str):
        return
    if not rule.empty and not value.strip():
        raise JumpCloudValueError('{0} must not be empty'.format(option))
    if len(value) > rule.max_length:
        raise JumpCloudValueError('{0} is {1} characters long; JumpCloud takes at most {2}'.format(
            option, len(value), rule.max_length))
    found = bad_character(value, rule.multiline)
    if found:
        index, char = found
        kind = 'a line break' if char in _LINE_BREAKS else 'a control character'
        raise JumpCloudValueError('{0} holds {1} (U+{2:04X} at position {3}): {4}; {5}'.format(
            option, kind, ord(char), index + 1, shown(value),
            'this field is one line of text' if char in _LINE_BREAKS else 'JumpCloud would store it as is'))


def _is_text(spec):
    return spec.get('type', 'str') == 'str' and not spec.get('no_log') and not spec.get('choices')


def check_params(argument_spec, params, rules=None, skip=(), _where='', _path=''):
    """Check every text value of ``params`` (options, list items, sub-options at any depth) against its rule.

    ``rules`` maps an option path (``description``, ``phone_numbers.number``) to a ``Text``; other text gets
    ``SINGLE_LINE``. Secrets (``no_log``), options with choices (Ansible checks them), free-form dicts and
    ``skip``ped options are left alone. Messages name the value's place (``phone_numbers[1].number``).
    """
    rules = rules or {}
    for option, spec in argument_spec.items():
        value = params.get(option)
        if value is None or option in skip or spec.get('no_log'):
            continue
        where, path = _where + option, _path + option
        rule = rules.get(path, SINGLE_LINE)
        kind = spec.get('type', 'str')
        if kind == 'list' and isinstance(value, list):
            for index, item in enumerate(value):
                item_where = '{0}[{1}]'.format(where, index)
                if spec.get('options') and isinstance(item, dict):
                    check_params(spec['options'], item, rules, _where=item_where + '.', _path=path + '.')
                elif spec.get('elements', 'str') == 'str' and not spec.get('choices'):
                    check_text(item_where, item, rule)
        elif kind == 'dict' and spec.get('options') and isinstance(value, dict):
            check_params(spec['options'], value, rules, _where=where + '.', _path=path + '.')
        elif _is_text(spec):
            check_text(where, value, rule)


def check_id(option, value, form=OBJECT_ID_FORM, label='object'):
    """Refuse an id that does not have its kind's form (an empty one included), before it reaches a request path."""
    if value is None or form.matches(value):
        return
    if value == '':
        raise JumpCloudValueError('{0} must not be empty'.format(option))
    raise JumpCloudValueError('{0} {1} is not a {2} id: JumpCloud {2} ids are {3}'.format(option, shown(value), label, form.description))
