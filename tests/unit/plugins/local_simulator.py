"""The JumpCloud simulator served from a thread of the test process: module tests run a module's main() against it with
the client's own HTTP, and drive it through the same control endpoints as the subprocess harness."""

from __future__ import annotations

import threading

from tests.simulator.__main__ import load_specs
from tests.simulator.harness import Simulator
from tests.simulator.server import App, SimulatorServer

LOCAL_API_KEY = 'jca_local-simulator-test-key'


class LocalSimulator(Simulator):
    """``tests.simulator.harness.Simulator`` in this process: no subprocess to start, the same control methods."""

    def start(self):
        if self.process is not None:
            return self
        app = App(specs=load_specs(self.spec_dir), api_key=self.api_key, latency_ms=self.latency_ms,
                  idempotent_graph=self.idempotent_graph)
        self.process = SimulatorServer((self.host, self.port), app)
        threading.Thread(target=self.process.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True).start()
        host, port = self.process.server_address[:2]
        self.url = 'http://{0}:{1}'.format(host, port)
        return self

    def stop(self):
        if self.process is not None:
            self.process.shutdown()
            self.process.server_close()
            self.process = None
