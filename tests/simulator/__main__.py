"""Command line: ``python -m tests.simulator --host 127.0.0.1 --port 8900 [--latency-ms N] [--api-key KEY]
[--seed FILE] [--spec-dir DIR] [--proxy URL [--record FILE]]``, run from the repository root."""

import argparse
import json
import os
import signal
import sys
import threading

from . import seed as seeding
from .recording import Proxy, Recorder
from .server import App, SimulatorServer
from .spec import DEFAULT_SPEC_DIR


def parse_args(argv):
    parser = argparse.ArgumentParser(prog='python -m tests.simulator', description='Local JumpCloud API simulator')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8900, help='0 picks a free port')
    parser.add_argument('--latency-ms', type=int, default=0, help='sleep this long before serving each /api request')
    parser.add_argument('--api-key', default=None, help='accept only this x-api-key (default: any non-empty key)')
    parser.add_argument('--seed', default=None, help='JSON file of objects to load at start')
    parser.add_argument('--idempotent-graph', action='store_true',
                        help='answer 204 (not 409/404) to a duplicate graph add or the removal of a missing edge')
    parser.add_argument('--spec-dir', default=None,
                        help='folder holding v1.yaml and v2.yaml (default: ../shared/jumpcloud-openapi)')
    parser.add_argument('--proxy', default=None, metavar='URL',
                        help='forward /api requests to this console URL (e.g. https://console.jumpcloud.com) '
                             'instead of simulating; answers are checked against the documents')
    parser.add_argument('--record', default=None, metavar='FILE',
                        help='with --proxy: write the exchanges, scrubbed, to this fixture on shutdown')
    args = parser.parse_args(argv)
    if args.record and not args.proxy:
        parser.error('--record needs --proxy')
    return args


def load_specs(spec_dir):
    explicit = spec_dir is not None
    spec_dir = spec_dir or DEFAULT_SPEC_DIR
    if not os.path.isdir(spec_dir):
        if explicit:
            sys.exit('jcops-simulator: --spec-dir %s does not exist' % spec_dir)
        sys.stderr.write('jcops-simulator: %s not found; running WITHOUT spec validation\n' % spec_dir)
        return None
    from .spec import SpecSet  # pylint: disable=import-outside-toplevel
    return SpecSet(spec_dir)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    specs = load_specs(args.spec_dir)
    recorder = Recorder(args.record) if args.record else None
    proxy = Proxy(args.proxy, Recorder(None) if recorder is None else recorder) if args.proxy else None
    app = App(specs=specs, api_key=args.api_key, latency_ms=args.latency_ms, idempotent_graph=args.idempotent_graph,
              proxy=proxy)
    if args.seed:
        with open(args.seed, encoding='utf-8') as handle:
            try:
                seeding.load(app, json.load(handle))
            except (ValueError, seeding.SeedError) as exc:
                sys.exit('jcops-simulator: cannot load seed %s: %s' % (args.seed, exc))
    server = SimulatorServer((args.host, args.port), app)
    stop = threading.Event()

    def on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    worker = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.2}, daemon=True)
    worker.start()
    host, port = server.server_address[:2]
    sys.stdout.write('JumpCloud simulator listening on http://%s:%d\n' % (host, port))
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    if recorder is not None:
        sys.stderr.write('jcops-simulator: %d exchanges recorded to %s\n' % (len(recorder.exchanges), recorder.save()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
