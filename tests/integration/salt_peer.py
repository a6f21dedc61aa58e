"""The saltext-jumpcloud extension's own execution and state modules, loaded without a Salt installation.

The extension is a client built against the live JumpCloud API. It imports three things from Salt
(``salt.exceptions``, ``salt.utils.json`` and ``salt.utils.http.query``) and its modules read two loader
dunders (``__salt__`` and ``__opts__``). When Salt is installed it is used as it is; otherwise small stand-ins
take its place: the two exception classes, ``json``, and ``query()`` sending exactly the URL, method, headers and
body the extension built, through ``requests``, and answering in the dict shape Salt's ``query`` answers in
(``status``, ``text``, ``headers``, or ``error`` when nothing came back). Everything above that (URLs, filters,
paging, retries, read-merge-write, state logic) is the extension's own code.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import sys
import types

import requests


def _install_salt_standins():
    """Put minimal ``salt`` modules in ``sys.modules`` unless Salt itself is importable."""
    if 'salt.utils.http' in sys.modules or importlib.util.find_spec('salt') is not None:
        return False
    salt = types.ModuleType('salt')
    salt.__path__ = []
    exceptions = types.ModuleType('salt.exceptions')

    class SaltException(Exception):
        pass

    class CommandExecutionError(SaltException):
        pass

    class SaltInvocationError(SaltException):
        pass

    exceptions.SaltException = SaltException
    exceptions.CommandExecutionError = CommandExecutionError
    exceptions.SaltInvocationError = SaltInvocationError
    utils = types.ModuleType('salt.utils')
    utils.__path__ = []
    utils_json = types.ModuleType('salt.utils.json')
    utils_json.loads = json.loads
    utils_json.dumps = json.dumps
    utils_http = types.ModuleType('salt.utils.http')
    utils_http.query = _query
    salt.exceptions, salt.utils, utils.json, utils.http = exceptions, utils, utils_json, utils_http
    sys.modules.update({'salt': salt, 'salt.exceptions': exceptions, 'salt.utils': utils,
                        'salt.utils.json': utils_json, 'salt.utils.http': utils_http})
    return True


_SESSION = requests.Session()


def _query(url, method='GET', header_dict=None, data=None, status=False, headers=False, text=False,
           verify_ssl=True, opts=None, ca_bundle=None, **_ignored):
    """What ``salt.utils.http.query(..., decode=False, raise_error=False)`` answers, over requests."""
    timeout = (opts or {}).get('http_request_timeout') or 60
    try:
        response = _SESSION.request(method, url, headers=header_dict or {}, data=data, timeout=timeout,
                                    verify=ca_bundle or verify_ssl, allow_redirects=False)
    except requests.RequestException as exc:
        return {'error': str(exc)}
    result = {}
    if status:
        result['status'] = response.status_code
    if headers:
        result['headers'] = dict(response.headers)
    if text:
        result['text'] = response.text
    return result


def available():
    """Whether the extension is installed (``make venv`` installs it)."""
    return importlib.util.find_spec('saltext') is not None and \
        importlib.util.find_spec('saltext.jumpcloud') is not None


class SaltPeer:
    """The extension's execution module (``peer.module``) and state module (``peer.state``) wired to one
    connection profile, like a minion whose configuration has a ``jumpcloud`` section."""

    def __init__(self, console_url, api_key):
        self.standins = _install_salt_standins()
        self.config = {'jumpcloud': {'api_key': api_key, 'console_url': console_url, 'retries': 0}}
        self.opts = {'test': False}
        self.module = self._load('saltext.jumpcloud.modules.jumpcloud_mod')
        self.state = self._load('saltext.jumpcloud.states.jumpcloud_mod')
        self.salt = {'config.get': lambda key, default=None: self.config.get(key, default)}
        aliases = getattr(self.module, '__func_alias__', {})
        for name, func in inspect.getmembers(self.module, inspect.isfunction):
            if func.__module__ == self.module.__name__ and not name.startswith('_'):
                self.salt['jumpcloud.%s' % aliases.get(name, name)] = func
        for loaded in (self.module, self.state):
            loaded.__salt__ = self.salt
            loaded.__opts__ = self.opts
        if self.state.__virtual__() != 'jumpcloud':
            raise RuntimeError('the jumpcloud state module did not load: %r' % (self.state.__virtual__(),))

    @staticmethod
    def _load(name):
        module = importlib.import_module(name)
        return module

    def __call__(self, function, *args, **kwargs):
        """An execution-module call, as ``salt-call jumpcloud.<function>`` would make it."""
        return self.salt['jumpcloud.' + function](*args, **kwargs)

    def apply(self, function, name, test=False, **kwargs):
        """A state, as ``state.apply`` would run it (``test=True`` for a dry run)."""
        self.opts['test'] = test
        try:
            return getattr(self.state, function)(name, **kwargs)
        finally:
            self.opts['test'] = False
