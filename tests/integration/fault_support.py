"""Faults at every write step of a play, and a rerun that converges.

A *play* here is one of the shipped plays (the onboarding role for a joiner and for a mover, the offboarding role for
leavers, ``playbooks/directory.yml``) with fixed input, and the organization it starts from. ``run_play`` runs its
tasks the way Ansible would (the role's defaults, vars and tasks, or the playbook's tasks; the same templated
arguments, loops, ``register``, ``set_fact``, ``when``, ``failed_when`` and ``until``), calling each
``jcops.jumpcloud`` module's ``main()`` in this process: a play costs a fraction of a second instead of an
``ansible-playbook`` start-up and a process per module run.

``Matrix`` runs a play once clean, takes the writes the simulator logged (``/_sim/requests``) as the play's write
steps, and for each step and each fault kind (``KINDS``) runs the play with that fault injected at that step (the
simulator's ``nth`` matching write), then again without it, and checks that the rerun converged to exactly the clean
run's end state (``canonical``: ids named after their objects, times left out), that no create, link, lock, erase
or other POST the API acted on was sent twice (``repeated``), and that no request broke the API's documents.

Plays run with one worker in process (``SEQUENTIAL``): the writes then come in one order, so that the nth write of a
faulted run is the nth write of the clean run. The real ``ansible-playbook`` runs (tests/integration/
test_play_faults.py) keep the roles' own concurrency.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import importlib
import json
import re
import threading
import time
import traceback
from pathlib import Path

import yaml

from tests.integration.leaver_support import comparable, is_write
from tests.simulator.inprocess import answering

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = 'jcops.jumpcloud.'
MODULES = 'ansible_collections.jcops.jumpcloud.plugins.modules.'

# The common options' defaults (the plays do not set them): a storm longer than MAX_RETRIES makes a write fail.
MAX_RETRIES = 5
TIMEOUT = 30

# Requests in flight per module run in process: one, so that the writes come in one order (see the module's text).
SEQUENTIAL = 1

WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE']
# The writes a fault may take: every /api write but a search sent as a POST (Directory Insights and the token endpoint
# are not under /api). The same requests as leaver_support.is_write counts.
WRITE_PATHS = r'^/api/(?!search/)'

# Fault kinds: what the nth write gets.
KINDS = {
    # the server did not act (a POST is not sent again: the API cannot say it did nothing)
    '500': dict(status=500),
    # the service was unavailable for longer than the client retries: the write fails, nothing was done
    '503': dict(status=503, count=MAX_RETRIES + 1, retry_after=1),
    # rate limited MAX_RETRIES times in a row: each Retry-After is waited out, the last retry gets through
    '429': dict(status=429, count=MAX_RETRIES, retry_after=7),
    # the server applied the write, the answer came after the client's timeout
    'timeout': dict(apply_first=True, delay_ms=(TIMEOUT + 1) * 1000),
}

# Fields that differ between two runs of the same work beyond leaver_support.VOLATILE: the uid a create is given
# counts creates in the order they came; the administrator an access request names as its editor is the simulator
# process's own (two simulators, two ids).
RUN_FIELDS = frozenset(('unix_uid', 'unix_guid', 'createdBy', 'updatedBy'))
PROVIDER = frozenset(('organizations', 'administrators'))
NAME_FIELDS = ('username', 'name', 'displayName', 'displayLabel', 'serialNumber', 'hostname')
OBJECT_ID = re.compile(r'\b[0-9a-f]{24}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b')


def load(path):
    """A YAML file as Ansible loads it: its strings may be templates."""
    from ansible.parsing.dataloader import DataLoader  # pylint: disable=import-outside-toplevel
    return DataLoader().load_from_file(str(path), trusted_as_template=True)


class Play:
    """A shipped play with fixed input: ``tasks``, the ``variables`` its templates see, the extra vars it is run with
    (``extra``, for ansible-playbook as well) and the shipped playbook that runs it (``playbook``)."""

    def __init__(self, name, tasks, variables, extra, playbook):
        self.name = name
        self.after = None        # the play on whose end state this one starts (None: the demo seed)
        self.prepare = None      # what is seeded on top of that before the play
        self.tasks = tasks
        self.variables = variables
        self.extra = extra
        self.playbook = playbook
        self.calls = {}   # (task, workers, registered results and facts it uses) -> what the task does (see run_play)

    def uses(self, task, registered):
        """The names of ``registered`` (results and facts) that ``task``'s templates reach, directly or through the
        variables."""
        seen, todo = set(), [json.dumps(task, default=str)]
        while todo:
            text = todo.pop()
            for name in set(self.variables) | set(registered):
                if name not in seen and re.search(r'\b{0}\b'.format(re.escape(name)), text):
                    seen.add(name)
                    if name in self.variables and name not in registered:
                        todo.append(json.dumps(self.variables[name], default=str))
        return sorted(seen & set(registered))

    @classmethod
    def role(cls, name, role, extra):
        """The role's tasks, seeing its defaults, the extra vars and its vars (Ansible's precedence: extra vars last)."""
        base = ROOT / 'roles' / role
        variables = dict(load(base / 'defaults' / 'main.yml') or {})
        variables.update(load(base / 'vars' / 'main.yml') or {})
        variables.update(extra)
        playbook = ROOT / 'playbooks' / ('onboard.yml' if role == 'onboarding' else 'offboard.yml')
        return cls(name, load(base / 'tasks' / 'main.yml'), variables, extra, playbook)

    @classmethod
    def playbook_tasks(cls, name, playbook, extra):
        """The play's tasks, seeing its vars and the extra vars."""
        play = load(playbook)[0]
        return cls(name, play['tasks'], dict(play.get('vars') or {}, **extra), extra, playbook)


def scenario_vars(name):
    """The extra vars of a shipped example vars file (templates kept)."""
    return dict(load(ROOT / 'playbooks' / 'vars' / name))


def plays():
    """The plays the matrix covers; each starts from the end state of the one it names as ``after``:

    - directory: playbooks/directory.yml with its example vars, on the organization `make demo` seeds;
    - joiner (after directory): the onboarding role with the example department map and hires (the CSV's hire given
      inline: the ``file`` lookup cannot be loaded in a process that imported the collection from its checkout);
    - mover (after joiner): the onboarding role again, one hire moved from Engineering to Sales; she also has a group
      and a device of her own that the department map does not name (``KEPT``), which a move leaves alone;
    - leaver (after mover): the offboarding role for two leavers (one with a Mac to lock, one a manager with groups and
      links), suspended;
    - leaver-delete (after mover): the same leavers deleted (their reports' manager cleared), the Mac erased, and the
      audit log's proof of each step recorded (``offboarding_record_events``).
    """
    onboard = scenario_vars('onboard.yml')
    csv_hire = dict(username='margaret.hamilton', email='margaret.hamilton@example.com', firstname='Margaret',
                    lastname='Hamilton', department='Sales', job_title='Account Executive', manager='ken.thompson')
    joiner = dict(onboard, onboarding_csv='', onboarding_hires=list(onboard['onboarding_hires']) + [csv_hire])
    moved = [dict(hire, department='Sales') if hire['username'] == 'barbara.liskov' else hire
             for hire in joiner['onboarding_hires']]
    offboard = dict(scenario_vars('offboard.yml'), offboarding_users=['dennis.ritchie', 'ken.thompson'])
    chain = [
        Play.playbook_tasks('directory', ROOT / 'playbooks' / 'directory.yml', scenario_vars('directory.yml')),
        Play.role('joiner', 'onboarding', joiner),
        Play.role('mover', 'onboarding', dict(joiner, onboarding_hires=moved)),
        Play.role('leaver', 'offboarding', offboard),
        Play.role('leaver-delete', 'offboarding', dict(offboard, offboarding_action='delete', offboarding_devices='erase',
                                                       offboarding_cascade_manager='clear', offboarding_record_events=True)),
    ]
    for play, after in zip(chain[1:], ('directory', 'joiner', 'mover', 'mover')):
        play.after = after
    chain[2].prepare = KEPT
    return chain


# The mover's own links outside the department map: a move removes only what the map names.
MOVER = {'type': 'user', 'name': 'barbara.liskov'}
KEPT = {'members': [{'group': {'type': 'user_group', 'name': 'VPN users'}, 'member': MOVER}],
        'associations': [{'from': MOVER, 'to': {'type': 'system', 'name': 'LAPTOP-4711'}}]}


def demo_seed():
    return yaml.safe_load((ROOT / 'scripts' / 'demo-seed.yml').read_text())


# ---- running a play in process ---------------------------------------------------------------------------------------

class VirtualTime:
    """The client's clock: ``sleep`` advances it at once (a Retry-After of 7 s costs nothing) and is recorded."""

    def __init__(self):
        self._lock = threading.Lock()
        self._now = time.monotonic()
        self.slept = []

    def monotonic(self):
        with self._lock:
            return self._now

    def sleep(self, seconds):
        with self._lock:
            self._now += max(0.0, seconds)
            self.slept.append(seconds)

    @staticmethod
    def time():
        return time.time()


@contextlib.contextmanager
def virtual_time():
    """The modules' clients wait on a ``VirtualTime``: their ``sleep``, and the clock of their deadline and shared
    pause (the ensure-state routine's too)."""
    # pylint: disable-next=import-outside-toplevel
    from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client, _entity, _module
    clock = VirtualTime()
    saved = _client.time, _entity.time, _module.JumpCloudClient
    _client.time = _entity.time = clock
    _module.JumpCloudClient = functools.partial(_client.JumpCloudClient, sleep=clock.sleep)
    try:
        yield clock
    finally:
        _client.time, _entity.time, _module.JumpCloudClient = saved


@contextlib.contextmanager
def one_at_a_time(sequential=True):
    """With ``sequential``, every concurrent map of the modules' clients runs its items in order, whatever ``workers``
    the module passes (a group module's member writes have no ``workers`` option): the nth write is then one request,
    and a fault at it is not shared by writes in flight beside it."""
    from ansible_collections.jcops.jumpcloud.plugins.module_utils import _client  # pylint: disable=import-outside-toplevel
    saved = _client.JumpCloudClient.map_concurrent
    if sequential:
        _client.JumpCloudClient.map_concurrent = lambda self, func, items, workers=1: saved(self, func, items, workers=1)
    try:
        yield
    finally:
        _client.JumpCloudClient.map_concurrent = saved


class PlayResult:
    def __init__(self):
        self.failed = None        # the name of the task that failed, or None
        self.message = ''
        self.tracebacks = []      # module runs that ended in an unhandled exception (a defect whatever the fault)
        self.modules = 0          # module runs
        self.facts = {}           # registered results and facts, by name

    def __repr__(self):
        return '<PlayResult failed={0!r} {1}>'.format(self.failed, self.message[:200])


ASSERT, FAIL, SET_FACT = 'ansible.builtin.assert', 'ansible.builtin.fail', 'ansible.builtin.set_fact'


def register_collection_filters():
    """Make the collection's filters (``jcops.jumpcloud.from_csv``...) known to templates in this process.

    ansible-playbook finds them through its collection loader, which cannot be installed in a process that has already
    imported the collection from its checkout (the tests'); they are added, under their full names, to the filters
    every template environment falls back on (an ansible-core 2.19 internal: this is test tooling)."""
    # pylint: disable-next=import-outside-toplevel
    from ansible._internal._templating import _jinja_bits
    from ansible.plugins.loader import filter_loader  # pylint: disable=import-outside-toplevel
    for path in sorted((ROOT / 'plugins' / 'filter').glob('*.py')):
        plugin = importlib.import_module('ansible_collections.jcops.jumpcloud.plugins.filter.' + path.stem)
        for name, function in plugin.FilterModule().filters().items():
            if COLLECTION + name not in _jinja_bits._BUILTIN_FILTERS:  # pylint: disable=protected-access
                _jinja_bits._BUILTIN_FILTERS[COLLECTION + name] = filter_loader._wrap_func(  # pylint: disable=protected-access
                    COLLECTION + name, COLLECTION + name, function)


def task_calls(templar, task, variables):
    """What one task does, per loop item: ('skip',), ('assert', held, message), ('fail', message), ('facts', facts)
    or ('module', name, arguments)."""
    action = next((key for key in task if key.startswith(COLLECTION) or key.startswith('ansible.builtin.')), None)
    calls = []
    for item in templar.template(task['loop']) if 'loop' in task else [None]:
        scope = templar
        if 'loop' in task or 'vars' in task:
            scope = templar.copy_with_new_env(available_variables=dict(variables, **dict(task.get('vars') or {}, item=item)))
        if 'when' in task and not scope.evaluate_conditional(task['when']):
            calls.append(('skip',))
        elif action == ASSERT:
            held = all(scope.evaluate_conditional(condition) for condition in task[action]['that'])
            calls.append(('assert', held, '' if held else str(scope.template(task[action]['fail_msg']))))
        elif action == FAIL:
            calls.append(('fail', str(scope.template(task[action]['msg']))))
        elif action == SET_FACT:
            calls.append(('facts', json.loads(json.dumps(scope.template(task[action])))))
        elif action is None or not action.startswith(COLLECTION):
            calls.append(('skip',))
        else:
            calls.append(('module', action[len(COLLECTION):], json.loads(json.dumps(scope.template(task[action])))))
    return calls


def run_play(play, connection, workers=None):
    """Run ``play``'s tasks in this process, with ``connection`` (api_key, api_url) as the play's module defaults.

    Like Ansible: every item of a loop runs (with the task's ``vars``), and the play stops after a task that failed;
    ``register`` keeps a result (a loop's as ``results``), ``set_fact`` sets facts; ``when``, ``failed_when``,
    ``until`` (retried at once, up to ``retries``), ``assert`` and ``fail`` are evaluated; ``debug`` and other tasks
    are skipped. ``workers``, when given, replaces the roles' ``*_workers`` variables. The templated arguments of a
    task other than ``set_fact`` are kept on the play for the same registered results and facts (templating costs more
    than the module runs)."""
    from ansible.parsing.dataloader import DataLoader  # pylint: disable=import-outside-toplevel
    from ansible.template import Templar  # pylint: disable=import-outside-toplevel
    from ansible_collections.jcops.jumpcloud.tests.module_runner import run_main  # pylint: disable=import-outside-toplevel

    register_collection_filters()
    variables = dict(play.variables, ansible_check_mode=False)
    if workers is not None:
        variables.update((name, workers) for name in list(variables) if name.endswith('_workers'))
    outcome = PlayResult()
    facts = outcome.facts

    def templar():
        return Templar(loader=DataLoader(), variables=dict(variables, **facts))

    def execute(call, task):
        if call[0] == 'skip':
            return dict(changed=False, skipped=True)
        if call[0] == 'assert':
            return dict(changed=False, failed=not call[1], msg=call[2])
        if call[0] == 'fail':
            return dict(changed=False, failed=True, msg=call[1])
        if call[0] == 'facts':
            facts.update(call[1])
            return dict(changed=False, ansible_facts=call[1])
        outcome.modules += 1
        try:
            return run_main(importlib.import_module(MODULES + call[1]), dict(call[2], **connection))
        except Exception:  # pylint: disable=broad-except
            outcome.tracebacks.append('{0}: {1}'.format(task['name'], traceback.format_exc()))
            return dict(failed=True, msg=traceback.format_exc(limit=0))

    for index, task in enumerate(play.tasks):
        used = play.uses(task, facts)
        key = (index, workers, json.dumps(dict((name, facts[name]) for name in used), sort_keys=True, default=repr))
        calls = play.calls.get(key) or task_calls(templar(), task, dict(variables, **facts))
        if SET_FACT not in task:
            play.calls[key] = calls
        results = [execute(call, task) for call in calls]
        if 'loop' in task:
            result = dict(results=results, changed=any(r.get('changed') for r in results),
                          failed=any(r.get('failed') for r in results))
        else:
            result = results[0]
            attempts = 1
            while 'until' in task and not result.get('skipped'):
                facts[task['register']] = result
                scope = templar()
                if scope.evaluate_conditional(task['until']) or attempts > int(scope.template(task.get('retries', 3))):
                    break
                result, attempts = execute(calls[0], task), attempts + 1
            if 'until' in task:
                result['attempts'] = attempts
        if 'register' in task:
            facts[task['register']] = result
        if 'failed_when' in task and not result.get('skipped'):
            result['failed'] = templar().evaluate_conditional(task['failed_when'])
        if result.get('failed'):
            outcome.failed = task['name']
            outcome.message = '; '.join(r.get('msg', '') for r in results if r.get('failed')) or result.get('msg', '')
            break
    return outcome


# ---- comparing two runs --------------------------------------------------------------------------------------------

def labels(*states):
    """Object id -> '<collection>:<name>' for every named object of the states."""
    named = {}
    for state in states:
        for collection, items in state.items():
            for item in items if isinstance(items, list) else ():
                if not isinstance(item, dict):
                    continue
                object_id = item.get('_id') or item.get('id')
                name = next((item[field] for field in NAME_FIELDS if isinstance(item.get(field), str)), None)
                if isinstance(object_id, str) and name:
                    named[object_id] = '{0}:{1}'.format(collection, name)
    return named


def named(value, names):
    """``value`` (any JSON) with every id ``names`` knows replaced by its label, inside strings too."""
    text = OBJECT_ID.sub(lambda found: names.get(found.group(0), found.group(0)), json.dumps(value))
    return json.loads(text)


def canonical(state):
    """An organization's state as two runs of the same work leave it alike: ids named after their objects, then
    ``leaver_support.comparable`` (no times, no audit log); ``RUN_FIELDS`` are left out, and so are the
    provider's organizations and administrators (no play changes them; a state seeded into another simulator adds its
    organization to that simulator's)."""
    state = dict((key, value) for key, value in named(state, labels(state)).items() if key not in PROVIDER)
    for items in state.values():
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict):
                for field in RUN_FIELDS:
                    item.pop(field, None)
    return comparable(state)


def counted(items):
    """A list as a multiset of its items' JSON."""
    return collections.Counter(json.dumps(item, sort_keys=True) for item in items)


def differences(expected, actual, path=''):
    """Where two canonical states differ, as short lines."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = []
        for key in sorted(set(expected) | set(actual)):
            lines += differences(expected.get(key), actual.get(key), '{0}/{1}'.format(path, key))
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        missing, extra = counted(expected) - counted(actual), counted(actual) - counted(expected)
        return (['{0}: missing {1}'.format(path, item[:200]) for item in missing]
                + ['{0}: extra {1}'.format(path, item[:200]) for item in extra])
    return [] if expected == actual else ['{0}: {1!r} != {2!r}'.format(path, expected, actual)]


def acted_posts(log, names):
    """The POSTs of a log the API acted on (creates, links, locks, actions), by (path, body) with ids named."""
    return collections.Counter(json.dumps(named([entry['path'], entry.get('body')], names), sort_keys=True)
                               for entry in log if entry['method'] == 'POST' and is_write(entry) and 200 <= entry['status'] < 300)


def repeated(clean_log, logs, names):
    """The acted-on POSTs that the faulted run and its rerun (``logs``) sent more often than the clean run did."""
    done = collections.Counter()
    for log in logs:
        done.update(acted_posts(log, names))
    return sorted((done - acted_posts(clean_log, names)).elements())


# ---- the matrix ------------------------------------------------------------------------------------------------------

def recovers(method, kind):
    """Whether the client gets past the fault within the run: it waits out the 429 storm, and sends a PUT or a DELETE
    again after a server error or a timeout (a POST it cannot: the API may have acted)."""
    return kind == '429' or (kind in ('500', 'timeout') and method in ('PUT', 'DELETE'))


class Case:
    """One fault at one write step of a play: the faulted run (``first``) and the rerun (``rerun``) as PlayResults,
    the virtual seconds the faulted run waited, and what went wrong (``problems``; none: the case converged)."""

    def __init__(self, play, step, kind, write):
        self.play, self.step, self.kind, self.write = play, step, kind, write
        self.first = self.rerun = None
        self.problems = []
        self.waited = 0.0

    @property
    def converged(self):
        return not self.problems

    def __repr__(self):
        return '{0} step {1} ({2} {3}) {4}: {5}'.format(self.play, self.step, self.write['method'], self.write['path'],
                                                        self.kind, 'converged' if self.converged else '; '.join(self.problems))


class Matrix:
    """The clean runs of the plays on ``sim`` (an InProcessSimulator), each from the end state of the one it follows,
    and the faulted cases of any of them."""

    def __init__(self, sim, key='test-key'):
        self.sim = sim
        self.connection = dict(api_key=key, api_url=sim.url)
        self.plays = plays()
        self.before = {}   # play -> the state it starts from
        self.clean = {}    # play -> (canonical end state, request log, end state)
        self.results = {}  # play -> its clean run's PlayResult
        self._clean_runs()

    def run(self, play, fault=None, workers=SEQUENTIAL):
        """(PlayResult, request log, virtual seconds slept) of one in-process run of ``play`` on the simulator as it is."""
        self.sim.clear_requests()
        if fault is not None:
            self.sim.fault(**fault)
        with virtual_time() as clock, answering(self.sim), one_at_a_time(workers == SEQUENTIAL):
            result = run_play(play, self.connection, workers=workers)
        self.sim.clear_faults()
        return result, self.sim.requests(), sum(clock.slept)

    def _clean_runs(self):
        for play in self.plays:
            self.sim.reset()
            self.sim.seed(self.clean[play.after][2] if play.after else demo_seed())
            if play.prepare:
                self.sim.seed(play.prepare)
            self.before[play.name] = self.sim.state()
            result, log, dummy_waited = self.run(play)
            if result.failed or result.tracebacks:
                raise AssertionError('the clean run of {0} failed: {1} {2}'.format(play.name, result, result.tracebacks))
            state = self.sim.state()
            self.clean[play.name] = (canonical(state), log, state)
            self.results[play.name] = result
            if self.sim.violations():
                raise AssertionError('the clean run of {0} broke the documents: {1}'.format(play.name, self.sim.violations()))

    def play(self, name):
        return next(play for play in self.plays if play.name == name)

    def writes(self, name):
        """The write steps of a play: the writes of its clean run, in order."""
        return [entry for entry in self.clean[name][1] if is_write(entry)]

    def case(self, name, step, kind, workers=SEQUENTIAL):
        """Fault the ``step``-th write (from 1) of play ``name`` with ``kind``, rerun without fault, compare. With
        ``workers`` None (the roles' own concurrency) the nth write to arrive is faulted, whichever it is."""
        play = self.play(name)
        expected, clean_log, clean_state = self.clean[name]
        case = Case(name, step, kind, self.writes(name)[step - 1])
        self.sim.reset()
        self.sim.seed(self.before[name])
        fault = dict(KINDS[kind], method=WRITE_METHODS, path_regex=WRITE_PATHS, nth=step)
        case.first, first_log, case.waited = self.run(play, fault, workers)
        case.rerun, rerun_log, dummy_waited = self.run(play, workers=workers)
        state = self.sim.state()
        for result, which in ((case.first, 'faulted run'), (case.rerun, 'rerun')):
            case.problems += ['{0}: traceback in {1}'.format(which, text.splitlines()[0]) for text in result.tracebacks]
        if case.first.failed and recovers(case.write['method'], kind):
            case.problems.append('the faulted run failed although the client retries this fault: {0}'.format(
                case.first.message[:300]))
        if case.rerun.failed:
            case.problems.append('rerun failed in {0!r}: {1}'.format(case.rerun.failed, case.rerun.message[:300]))
        if kind == '429':
            honoured = KINDS[kind]['retry_after'] * KINDS[kind]['count']
            if case.waited < honoured:
                case.problems.append('waited {0:.0f} s for {1} Retry-After of {2} s'.format(
                    case.waited, KINDS[kind]['count'], KINDS[kind]['retry_after']))
        found = canonical(state)
        if found != expected:
            case.problems += ['end state: ' + line for line in differences(expected, found)[:8]]
        names = labels(self.before[name], clean_state, state)
        case.problems += ['sent twice: ' + entry[:200] for entry in repeated(clean_log, [first_log, rerun_log], names)]
        violations = self.sim.violations()
        if violations:
            self.sim.clear_violations()
            case.problems += ['spec violation: {0}'.format(violation) for violation in violations[:3]]
        return case

    def cases(self, name, kinds=None, steps=None, workers=SEQUENTIAL):
        """Every (step, kind) case of a play, or those of ``steps`` and ``kinds``."""
        for step in steps or range(1, len(self.writes(name)) + 1):
            for kind in kinds or KINDS:
                yield self.case(name, step, kind, workers)


def table(cases):
    """converged / total per play and fault kind, as text."""
    counts = collections.defaultdict(lambda: [0, 0])
    for case in cases:
        for key in ((case.play, case.kind), (case.play, 'all'), ('all', case.kind), ('all', 'all')):
            counts[key][0] += case.converged
            counts[key][1] += 1
    plays_seen = list(dict.fromkeys(case.play for case in cases)) + ['all']
    kinds = [kind for kind in KINDS if ('all', kind) in counts] + ['all']
    lines = ['{0:<14}'.format('play') + ''.join('{0:>12}'.format(kind) for kind in kinds)]
    for play in plays_seen:
        lines.append('{0:<14}'.format(play) + ''.join('{0:>12}'.format('{0}/{1}'.format(*counts[(play, kind)])) for kind in kinds))
    return '\n'.join(lines)


def write_shapes(writes):
    """The first step (from 1) of each shape of write: method, path with ids left out, and a graph write's op and type."""
    seen, steps = set(), []
    for step, entry in enumerate(writes, 1):
        body = entry.get('body') if isinstance(entry.get('body'), dict) else {}
        shape = (entry['method'], OBJECT_ID.sub('{id}', entry['path']), body.get('op'), body.get('type'))
        if shape not in seen:
            seen.add(shape)
            steps.append(step)
    return steps


def sample(writes):
    """(step, kind) cases that cover every shape of write of a play and every fault kind at a fraction of the cost of
    all of them: the first step of each shape with one fault kind in turn (every kind at least once), and a timeout
    after the API acted on each write that is not a graph edge (a create, an action such as a lock, an update, a
    delete): where a rerun is most tempted to send a create or an action again, and a retried delete finds nothing."""
    steps = write_shapes(writes)
    kinds = list(KINDS)
    cases = [(steps[n % len(steps)], kinds[n % len(kinds)]) for n in range(max(len(steps), len(kinds)))]
    cases += [(step, 'timeout') for step in steps if not writes[step - 1]['path'].endswith(('/members', '/associations'))]
    return sorted(set(cases))
