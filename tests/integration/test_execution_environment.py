"""The execution-environment definition: ansible-builder accepts it and its build context installs the collection."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.integration.support import ROOT, tail

BIN = Path(sys.executable).parent


def run(command, cwd, env=None):
    result = subprocess.run([str(part) for part in command], cwd=str(cwd), capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    return result.stdout


def test_builder_context_installs_the_collection(tmp_path):
    version = yaml.safe_load((ROOT / 'galaxy.yml').read_text())['version']
    ee_dir = tmp_path / 'ee'
    shutil.copytree(ROOT / 'extensions' / 'ee', ee_dir)
    run([BIN / 'ansible-galaxy', 'collection', 'build', '--output-path', ee_dir, ROOT], cwd=tmp_path)
    assert version not in (ee_dir / 'requirements.yml').read_text() + (ee_dir / 'execution-environment.yml').read_text()

    run([BIN / 'ansible-builder', 'create', '--file', 'execution-environment.yml', '--context', 'context'], cwd=ee_dir)
    context = ee_dir / 'context'
    definition = next(path for path in (context / 'Containerfile', context / 'Dockerfile') if path.exists()).read_text()
    assert 'ansible-galaxy collection install' in definition
    build = context / '_build'
    assert (build / 'collections' / 'jcops-jumpcloud-{0}.tar.gz'.format(version)).exists()

    # What the image's galaxy stage runs (WORKDIR /build, i.e. _build), into a private collections path: the
    # requirements, then the collection's tarball (the step appended to the stage).
    installed = tmp_path / 'collections'
    run([BIN / 'ansible-galaxy', 'collection', 'install', '-r', 'requirements.yml', '--collections-path', installed], cwd=build)
    step = [line for line in definition.splitlines() if 'jcops-jumpcloud-*.tar.gz' in line]
    assert len(step) == 1 and step[0].startswith('RUN ansible-galaxy collection install /build/collections/')
    tarball = sorted(build.glob('collections/jcops-jumpcloud-*.tar.gz'))
    assert len(tarball) == 1
    run([BIN / 'ansible-galaxy', 'collection', 'install', tarball[0], '--collections-path', installed], cwd=build)
    manifest = installed / 'ansible_collections' / 'jcops' / 'jumpcloud' / 'MANIFEST.json'
    assert manifest.exists()
    assert not (installed / 'ansible_collections' / 'jcops' / 'jumpcloud' / 'tests' / 'simulator').exists()

    # What its builder stage runs: the collection's own Python and system requirements are found.
    introspected = yaml.safe_load(run([sys.executable, build / 'scripts' / 'introspect.py', 'introspect', installed], cwd=build))
    assert any(line.startswith('requests') and 'jcops.jumpcloud' in line for line in introspected['python'])
    assert any('jcops.jumpcloud' in line for line in introspected['system'])

    # The installed collection is usable.
    env = {'ANSIBLE_COLLECTIONS_PATH': str(installed), 'PATH': str(BIN), 'HOME': str(tmp_path)}
    assert 'jc_user' in run([BIN / 'ansible-doc', '--list', 'jcops.jumpcloud'], cwd=tmp_path, env=env)
