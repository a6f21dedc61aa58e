"""Faults at every write step of the shipped plays, and whether a rerun converges: the full matrix.

For each play (tests/integration/fault_support.py: playbooks/directory.yml on the demo organization, the onboarding role
for three joiners and for a mover, the offboarding role for two leavers, suspended, and again deleted) a clean run in
process gives the write steps (the simulator's request log); then for every step and every fault kind (a 500; a 503
storm longer than the client retries; a 429 storm of max_retries answers with Retry-After, waited out on a virtual
clock; a timeout after the API applied the write) the play runs with that fault at that write, then again without it.
A case converges when the rerun succeeds and the organization ends exactly as after the clean run (nothing missing,
nothing extra, no object twice), no create, link, lock, erase or other POST the API acted on was sent twice, the
faulted run did not fail on a fault the client gets past (a 429 storm, a PUT or DELETE sent again), and no request
broke the API's documents.

It prints the converged/total table per play and fault kind, the cases that did not converge, the wall and CPU time.
make test runs the same cases (tests/unit/plugins/modules/test_fault_matrix.py) and asserts that all converge.

    .venv/bin/python scripts/bench/faults.py [--plays directory joiner mover leaver leaver-delete]
        [--kinds 500 503 429 timeout] [--concurrent]

--concurrent runs the modules with the roles' own workers: the nth write to arrive is faulted, whichever it is.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# the collection importable as ansible_collections.jcops.jumpcloud
import tests.conftest  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
from ansible_collections.jcops.jumpcloud.tests.integration.fault_support import KINDS, Matrix, table  # noqa: E402  pylint: disable=wrong-import-position
from tests.simulator.inprocess import InProcessSimulator  # noqa: E402  pylint: disable=wrong-import-position

PLAYS = ('directory', 'joiner', 'mover', 'leaver', 'leaver-delete')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--plays', nargs='+', choices=PLAYS, default=list(PLAYS))
    parser.add_argument('--kinds', nargs='+', choices=list(KINDS), default=list(KINDS))
    parser.add_argument('--concurrent', action='store_true', help="the roles' own workers instead of one")
    args = parser.parse_args()
    started, cpu = time.monotonic(), time.process_time()
    matrix = Matrix(InProcessSimulator())
    print('clean runs of the {0} plays: {1:.1f} s'.format(len(PLAYS), time.monotonic() - started))
    for name in args.plays:
        print('{0:<14} {1:>3} write steps'.format(name, len(matrix.writes(name))))
    cases = []
    for name in args.plays:
        for case in matrix.cases(name, kinds=args.kinds, workers=None if args.concurrent else 1):
            cases.append(case)
            if not case.converged:
                print('NOT CONVERGED: {0}'.format(case), flush=True)
    print()
    print(table(cases))
    wall, used = time.monotonic() - started, time.process_time() - cpu
    print()
    print('{0} cases in {1:.0f} s ({2:.0f} s CPU, {3:.2f} s CPU per case)'.format(len(cases), wall, used, used / max(1, len(cases))))
    return 0 if all(case.converged for case in cases) else 1


if __name__ == '__main__':
    sys.exit(main())
