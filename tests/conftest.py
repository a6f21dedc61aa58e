"""Make ``ansible_collections.jcops.jumpcloud`` and ``tests.simulator`` importable for plain ``pytest``, in any checkout layout."""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

import yaml


ROOT = Path(__file__).resolve().parents[1]  # tests/conftest.py -> collection root


def _collection_base():
    root = ROOT
    if root.parents[1].name == 'ansible_collections':
        # already .../ansible_collections/<namespace>/<name>: a dev checkout, an ansible-test copy or an installed collection
        return root.parents[2]
    meta = yaml.safe_load((root / 'galaxy.yml').read_text(encoding='utf-8'))
    base = Path(tempfile.gettempdir()) / ('jcops-collections-' + hashlib.sha256(str(root).encode()).hexdigest()[:12])
    link = base / 'ansible_collections' / meta['namespace'] / meta['name']
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(root, target_is_directory=True)
    return base


COLLECTIONS_BASE = str(_collection_base())
for _path in (COLLECTIONS_BASE, str(ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)


def pytest_configure(config):
    config.addinivalue_line('markers', 'documents: needs the OpenAPI documents the simulator validates against '
                                       '(../shared/jumpcloud-openapi); skipped without them')


def pytest_collection_modifyitems(config, items):  # pylint: disable=unused-argument
    from tests.simulator.spec import DEFAULT_SPEC_DIR, documents_found  # pylint: disable=import-outside-toplevel
    if documents_found():
        return
    import pytest  # pylint: disable=import-outside-toplevel
    skip = pytest.mark.skip(reason='{0} not found: the simulator runs without validation, which this test is '
                                   'about'.format(DEFAULT_SPEC_DIR))
    for item in items:
        if 'documents' in item.keywords:
            item.add_marker(skip)
