"""Local JumpCloud REST API simulator for the jcops.jumpcloud tests (not shipped in the collection).

``from tests.simulator import Simulator`` gives the subprocess harness (see harness.py).
"""

from .harness import Simulator

__all__ = ['Simulator']
