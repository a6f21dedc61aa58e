"""Helpers shared by the simulator's tests (a module name of its own: several conftest.py files exist)."""

import requests

API_KEY = 'sim-test-key'


class Api:
    """A requests.Session bound to the simulator's /api base with the test key."""

    def __init__(self, sim):
        self.sim = sim
        self.base = sim.url + '/api'
        self.session = requests.Session()
        self.session.headers['x-api-key'] = API_KEY

    def request(self, method, path, **kwargs):
        return self.session.request(method, self.base + path, timeout=30, **kwargs)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, **kwargs):
        return self.request('POST', path, **kwargs)

    def put(self, path, **kwargs):
        return self.request('PUT', path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)

    def user(self, username, **fields):
        body = dict(username=username, email='%s@example.com' % username, **fields)
        response = self.post('/systemusers', json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def group(self, name, kind='usergroups', **fields):
        response = self.post('/v2/%s' % kind, json=dict(name=name, **fields))
        assert response.status_code == 201, response.text
        return response.json()
