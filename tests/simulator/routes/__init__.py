"""Route registry. Handlers register with ``@route(METHOD, version, template)``; templates are the
documents' own path templates (relative to /api or /api/v2) so they match the spec's operations."""

import importlib
import re

ROUTES = []

DOMAINS = ('users', 'groups', 'graph', 'systems', 'applications', 'radius', 'commands', 'directories', 'policies', 'mdm',
           'access', 'commandresults', 'insights', 'systeminsights', 'organizations', 'imports')


class Request:
    """What a handler sees."""

    __slots__ = ('method', 'version', 'path', 'rel_path', 'template', 'params', 'query', 'body', 'body_present',
                 'headers', 'org_id', 'store', 'app')

    def __init__(self, **kwargs):
        for key in self.__slots__:
            setattr(self, key, kwargs.get(key))

    def json(self, default=None):
        """The parsed body when it is an object, else ``default`` (or {})."""
        if isinstance(self.body, dict):
            return self.body
        return {} if default is None else default


def route(method, version, template):
    def register(func):
        ROUTES.append((method, version, template, func))
        return func
    return register


class Router:
    def __init__(self):
        for name in DOMAINS:
            importlib.import_module('%s.%s' % (__name__, name))
        self.table = {}
        for method, version, template, func in ROUTES:
            segments = tuple(s for s in template.strip('/').split('/') if s)
            literal = sum(1 for s in segments if not s.startswith('{'))
            pattern = '^/' + '/'.join(
                '(?P<%s>[^/]+)' % s[1:-1] if s.startswith('{') else re.escape(s) for s in segments) + '/?$'
            self.table.setdefault(version, []).append((literal, re.compile(pattern), method, template, func))
        for entries in self.table.values():
            entries.sort(key=lambda e: -e[0])

    def match(self, method, version, rel_path):
        """-> (handler, template, params); handler None with a template = wrong method."""
        path_matched = None
        for _literal, pattern, want, template, func in self.table.get(version, ()):
            found = pattern.match(rel_path)
            if found:
                if want == method:
                    return func, template, found.groupdict()
                if path_matched is None:
                    path_matched = template
        return None, path_matched, {}

    def templates(self):
        return [(method, version, template) for method, version, template, _func in ROUTES]
