# -*- coding: utf-8 -*-
# Copyright: jcops.jumpcloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JumpCloudModule: the common options, the client built from them, and errors turned into fail_json."""

from __future__ import annotations

from contextlib import contextmanager

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import (
    HAS_REQUESTS,
    REGIONS,
    REQUESTS_IMPORT_ERROR,
    JumpCloudClient,
    JumpCloudError,
    JumpCloudValueError,
    check_credentials,
)
from ansible_collections.jcops.jumpcloud.plugins.module_utils._input import check_id, check_params
from ansible_collections.jcops.jumpcloud.plugins.module_utils._lookup import Resolver


def common_argument_spec():
    """The options every module takes (documented once in the jcops.jumpcloud.jumpcloud doc fragment)."""
    return dict(
        api_key=dict(type='str', no_log=True, fallback=(env_fallback, ['JUMPCLOUD_API_KEY'])),
        client_id=dict(type='str', fallback=(env_fallback, ['JUMPCLOUD_CLIENT_ID'])),
        client_secret=dict(type='str', no_log=True, fallback=(env_fallback, ['JUMPCLOUD_CLIENT_SECRET'])),
        token_url=dict(type='str', no_log=False, fallback=(env_fallback, ['JUMPCLOUD_TOKEN_URL'])),
        org_id=dict(type='str', fallback=(env_fallback, ['JUMPCLOUD_ORG_ID'])),
        region=dict(type='str', choices=sorted(REGIONS), default='us', fallback=(env_fallback, ['JUMPCLOUD_REGION'])),
        api_url=dict(type='str', fallback=(env_fallback, ['JUMPCLOUD_API_URL'])),
        validate_certs=dict(type='bool', default=True),
        timeout=dict(type='int', default=30),
        max_retries=dict(type='int', default=5),
    )


class JumpCloudModule(AnsibleModule):
    """An AnsibleModule with the common options and a JumpCloud client.

    The client is built in the module's check mode: its write gate (``JumpCloudClient.write``) sends nothing
    then, and refuses any write that tries to go around it.

    Before anything is sent, the input is checked beyond what the argument spec can say: the common options (the
    client refuses a header value, an ``api_url`` or a number it cannot use), every text value (``text``: option
    path -> ``_input.Text``; other text is one line of at most 1024 characters) and the options that hold ids
    (``ids``: option -> (``IdForm``, label)). A failure names the option.

    ``organization_scoped``: whether requests are for one organization (the ``x-org-id`` header, from ``org_id``).
    Modules that work across the organizations an administrator reaches (the organization list, administrators'
    links to organizations) say False and send no ``x-org-id``, whatever ``module_defaults`` set.
    """

    organization_scoped = True

    def __init__(self, argument_spec=None, supports_check_mode=True, text=None, ids=None, **kwargs):
        spec = common_argument_spec()
        spec.update(argument_spec or {})
        super().__init__(argument_spec=spec, supports_check_mode=supports_check_mode, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        try:
            check_credentials(self.params['api_key'], self.params['client_id'], self.params['client_secret'])
        except JumpCloudValueError as error:
            self.fail_json(msg=str(error))
        self._client = None
        self._resolver = None
        with self.api_errors():
            self.check_input(text, ids)

    def check_input(self, text=None, ids=None):
        """Refuse, before any request, common options the client cannot use, bad text and malformed ids; return the
        client (building it checks the common options, and sends nothing)."""
        client = self.client
        check_params(self.argument_spec, self.params, text, skip=common_argument_spec())
        for option, (form, label) in (ids or {}).items():
            check_id(option, self.params.get(option), form, label)
        return client

    @property
    def resolver(self):
        """Name-or-id references resolved to objects, cached for the module run."""
        if self._resolver is None:
            self._resolver = Resolver(self.client)
        return self._resolver

    @property
    def client(self):
        if self._client is None:
            params = self.params
            self._client = JumpCloudClient(
                api_key=params['api_key'], org_id=params['org_id'] if self.organization_scoped else None,
                region=params['region'], api_url=params['api_url'],
                validate_certs=params['validate_certs'], timeout=params['timeout'], max_retries=params['max_retries'],
                check_mode=self.check_mode, client_id=params['client_id'], client_secret=params['client_secret'],
                token_url=params['token_url'], secrets=self.no_log_values)
        return self._client

    def fail_from_error(self, error):
        """fail_json from a JumpCloudError: the operation, the HTTP status and JumpCloud's message."""
        result = dict(msg=str(error))
        if error.status:
            result['status'] = error.status
        self.fail_json(**result)

    def fail_json(self, msg, **kwargs):
        """A failed argument check says every problem Ansible found: its first message alone may not name the option
        (a sub-options dict given as text reports "dictionary requested, could not parse JSON or key=value")."""
        result = getattr(self, 'validation_result', None)
        messages = list(dict.fromkeys(result.error_messages)) if result is not None else []
        if len(messages) > 1 and msg == result.errors.msg:
            msg = '; '.join(messages)
        super().fail_json(msg=msg, **kwargs)

    @contextmanager
    def api_errors(self):
        """Turn any JumpCloudError raised inside the block into a clean task failure."""
        try:
            yield
        except JumpCloudError as error:
            self.fail_from_error(error)
