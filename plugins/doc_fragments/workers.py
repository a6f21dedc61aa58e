# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The ``workers`` option of the modules that send many requests at once."""

    DOCUMENTATION = r'''
options:
  workers:
    description:
      - How many requests are sent at the same time, from 1 to 10, on one keep-alive session. A rate limit (HTTP 429)
        pauses them all, and C(Retry-After) is honoured.
    type: int
    default: 8
'''
