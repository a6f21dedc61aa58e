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
    """An AnsibleModule with the common options and a lazily built JumpCloud client.

    The client is built in the module's check mode: its write gate (``JumpCloudClient.write``) sends nothing
    then, and refuses any write that tries to go around it.
    """

    def __init__(self, argument_spec=None, supports_check_mode=True, **kwargs):
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
                api_key=params['api_key'], org_id=params['org_id'], region=params['region'], api_url=params['api_url'],
                validate_certs=params['validate_certs'], timeout=params['timeout'], max_retries=params['max_retries'],
                check_mode=self.check_mode, client_id=params['client_id'], client_secret=params['client_secret'],
                token_url=params['token_url'])
        return self._client

    def fail_from_error(self, error):
        """fail_json from a JumpCloudError: the operation, the HTTP status and JumpCloud's message."""
        result = dict(msg=str(error))
        if error.status:
            result['status'] = error.status
        self.fail_json(**result)

    @contextmanager
    def api_errors(self):
        """Turn any JumpCloudError raised inside the block into a clean task failure."""
        try:
            yield
        except JumpCloudError as error:
            self.fail_from_error(error)
