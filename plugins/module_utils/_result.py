# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The result of a task that may change something: ``changed``, ``msg``, ``diff`` and the values it returns.

Objects, links, access requests and device commands all report through ``report``, and check mode words
a change in one place (``outcome``): "User 'jdoe' would be created", "User 'jdoe' created",
"User 'jdoe' unchanged".
"""

from __future__ import annotations


def outcome(subject, verb, changed=True, check_mode=False):
    """``subject`` and what happened to it: the past participle, prefixed with "would be" for a change in check mode."""
    if changed and check_mode:
        verb = 'would be ' + verb
    return '{0} {1}'.format(subject, verb)


def report(changed, msg, before, after, **values):
    """The module result: ``changed``, ``msg``, the ``diff`` (before/after by option name) and further return values."""
    out = dict(changed=bool(changed), msg=msg, diff=dict(before=before, after=after))
    out.update(values)
    return out
