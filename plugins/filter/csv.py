# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""from_csv and to_csv: CSV text to a list of dicts and back (hire lists in, fleet reports out)."""

from __future__ import annotations

import csv
import io

from ansible.errors import AnsibleFilterError


def from_csv(text, delimiter=','):
    """Rows of a CSV text with a header line, as dicts; empty cells become missing keys, cells are stripped."""
    if not isinstance(text, str):
        raise AnsibleFilterError('from_csv expects CSV text, got {0}'.format(type(text).__name__))
    reader = csv.DictReader(io.StringIO(text.lstrip('\ufeff')), delimiter=delimiter)
    if not reader.fieldnames:
        return []
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise AnsibleFilterError('from_csv: line {0} has more cells than the header'.format(number))
        cleaned = {key.strip(): value.strip() for key, value in row.items() if key and value is not None and value.strip() != ''}
        if cleaned:
            rows.append(cleaned)
    return rows


def to_csv(rows, columns=None, delimiter=','):
    """CSV text with a header line from a list of dicts; ``columns`` picks and orders the columns
    (default: the keys of the rows, in first-seen order). Missing values are empty cells; list values
    are joined with semicolons."""
    if not isinstance(rows, (list, tuple)):
        raise AnsibleFilterError('to_csv expects a list of dicts, got {0}'.format(type(rows).__name__))
    if columns is None:
        columns = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator='\n')
    writer.writerow(columns)
    for row in rows:
        if not isinstance(row, dict):
            raise AnsibleFilterError('to_csv expects a list of dicts; found {0!r}'.format(row))
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def _cell(value):
    if value is None:
        return ''
    if isinstance(value, (list, tuple)):
        return ';'.join(_cell(item) for item in value)
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


class FilterModule:
    """CSV filters."""

    def filters(self):
        return {'from_csv': from_csv, 'to_csv': to_csv}
