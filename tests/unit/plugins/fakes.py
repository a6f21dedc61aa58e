"""A stand-in for requests.Session: scripted responses or a handler, and a log of what was sent."""

from __future__ import annotations

import json

import requests


class FakeResponse:
    def __init__(self, status=200, body=None, headers=None, text=None):
        self.status_code = status
        self.headers = headers or {}
        self.reason = 'reason'
        if text is not None:
            self.text = text
        elif body is None:
            self.text = ''
        else:
            self.text = json.dumps(body)
        self.content = self.text.encode()

    def json(self):
        return json.loads(self.text)


class FakeSession:
    """``responses`` is a list of FakeResponse or exceptions, consumed in order; or ``handler(method, url, kw)``."""

    def __init__(self, responses=None, handler=None):
        self.headers = {}
        self.verify = True
        self.responses = list(responses or [])
        self.handler = handler
        self.sent = []

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        if self.handler is not None:
            return self.handler(method, url, kwargs)
        item = self.responses.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    def mount(self, prefix, adapter):
        pass

    def close(self):
        pass


def connection_error():
    return requests.ConnectionError('connection refused')
