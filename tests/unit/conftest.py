"""Make ``ansible_collections.jcops.jumpcloud`` importable for plain ``pytest`` in any checkout layout."""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

import yaml


def _collection_base():
    root = Path(__file__).resolve().parents[2]  # tests/unit/conftest.py -> collection root
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


_BASE = str(_collection_base())
if _BASE not in sys.path:
    sys.path.insert(0, _BASE)
