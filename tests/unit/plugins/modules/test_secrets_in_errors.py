"""An error answer that quotes the request it refused (JumpCloud, a proxy or the simulator echoing the body) never carries
a module's secret into the task's result: not as given, not escaped the ways JSON, Python and URLs escape it, and not cut
short when a long answer is shortened for the message."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import secret_forms
from ansible_collections.jcops.jumpcloud.plugins.modules import jc_policy, jc_radius_server, jc_user, jc_users
from ansible_collections.jcops.jumpcloud.tests.unit.plugins.fakes import FakeResponse

# quotes, a backslash and a letter outside ASCII: JSON, Python and URLs each write it differently
SECRET = 'MARKER-secret "quoted" \\ \u00fcber-0815'

CASES = {
    'jc_user': (jc_user, {'username': 'ada', 'email': 'ada@example.com', 'password': SECRET}),
    'jc_users': (jc_users, {'users': [{'username': 'ada', 'email': 'ada@example.com', 'password': SECRET}]}),
    'jc_radius_server': (jc_radius_server, {'name': 'Office', 'network_source_ip': '203.0.113.9', 'shared_secret': SECRET}),
    'jc_policy': (jc_policy, {'name': 'Office Wi-Fi', 'template': 'Wi-Fi Configuration', 'values': {'ssid': 'Example'},
                              'sensitive_values': {'passphrase': SECRET}}),
}


def texts(body):
    """Every text in a request body."""
    if isinstance(body, dict):
        return [text for value in body.values() for text in texts(value)]
    if isinstance(body, list):
        return [text for value in body for text in texts(value)]
    return [body] if isinstance(body, str) else []


def cut_in_the_secret(body):
    """A long plain-text answer quoting the body, so long that the message is cut in the middle of the secret."""
    quoted = json.dumps(body)
    start = quoted.index(json.dumps(SECRET)[1:-1])
    return FakeResponse(400, text='refused: ' + '.' * (300 - len('refused: ') - start - 10) + quoted)


ECHOES = {
    'JSON': lambda body: FakeResponse(400, {'message': 'invalid request body: ' + json.dumps(body)}),
    'Python': lambda body: FakeResponse(400, {'message': 'invalid request body: {0!r}'.format(body)}),
    'URL': lambda body: FakeResponse(400, {'error': 'invalid form: ' + urlencode([('value', text) for text in texts(body)])}),
    'cut short': cut_in_the_secret,
}


@pytest.mark.parametrize('echo', sorted(ECHOES))
@pytest.mark.parametrize('case', sorted(CASES))
def test_an_error_answer_that_echoes_the_request_shows_no_secret(run_module, sim, case, echo):
    module, args = CASES[case]
    sent = []

    def handler(method, url, kwargs):
        if method in ('GET', 'HEAD'):
            return sim(method, url, kwargs)
        sent.append(kwargs.get('json'))
        return ECHOES[echo](kwargs.get('json'))

    result, dummy_session = run_module(module, args, handler)
    assert SECRET in texts(sent)   # the secret was sent, and the answer quoted it
    assert result['failed'], result
    shown = json.dumps(result, ensure_ascii=False)
    assert 'MARKER' not in shown, shown
    assert [form for form in secret_forms(SECRET) if form in shown] == []
    assert '********' in result['msg']
