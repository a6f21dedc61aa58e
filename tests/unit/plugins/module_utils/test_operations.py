"""The operation index jc_api checks requests against: current with JumpCloud's documents, and the standardized
operationIds derived from method and path as the merged console document names them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from ansible_collections.jcops.jumpcloud.plugins.module_utils._api import index, standardized_id
from ansible_collections.jcops.jumpcloud.plugins.module_utils._client import JumpCloudValueError

ROOT = Path(__file__).resolve().parents[4]
SPEC_DIR = ROOT.parent / 'shared' / 'jumpcloud-openapi'

needs_documents = pytest.mark.skipif(not (SPEC_DIR / 'v2.yaml').exists(), reason='the OpenAPI documents are not in ../shared')


@needs_documents
def test_the_index_is_what_the_documents_declare():
    spec = importlib.util.spec_from_file_location('operations_index', ROOT / 'scripts' / 'operations_index.py')
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    text, count = script.render()
    assert count > 800
    assert (ROOT / 'plugins' / 'module_utils' / '_operations.py').read_text() == text, 'run scripts/operations_index.py'


@needs_documents
def test_standardized_ids_match_the_console_mapping():
    with open(SPEC_DIR / 'console-operation-id-mapping.yaml', 'rb') as handle:
        mapping = yaml.load(handle, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
    for entry in mapping['operations']:
        assert standardized_id(entry['method'], entry['host_root_path']) == entry['standardized_operation_id']
        operation = index().operation(entry['standardized_operation_id'])
        assert operation.method == entry['method'].upper()


def test_every_operation_is_reachable_by_an_id():
    operations = {operation for found in index().by_id.values() for operation in found}
    assert len(operations) > 800
    for operation in operations:
        ids = [operation.op_id] + ([standardized_id(operation.method, operation.template)] if operation.template.startswith('/api/') else [])
        assert any(len(index().by_id[op_id]) == 1 and index().operation(op_id) is operation for op_id in ids)


def test_an_operation_id_two_documents_use_is_refused_with_both():
    with pytest.raises(JumpCloudValueError) as err:
        index().operation('applications_get')
    assert str(err.value) == ("The operationId 'applications_get' names 2 operations: GET /api/applications/{id} "
                              "(getApiApplicationsById), GET /api/v2/applications/{application_id} "
                              "(getApiV2ApplicationsByApplicationId); give the path or the standardized operationId")


def test_the_system_insights_tables_are_the_documented_ones():
    from ansible_collections.jcops.jumpcloud.plugins.module_utils._insights import TABLES
    documented = sorted(operation.template.rsplit('/', 1)[1] for found in index().by_id.values() for operation in found
                        if operation.template.startswith('/api/v2/systeminsights/') and '{' not in operation.template
                        and operation.method == 'GET')
    assert sorted(set(documented)) == sorted(TABLES)
