"""The built collection holds the collection's content and nothing else: no tests, no development files."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

from tests.integration.support import ROOT, tail

# What a user of the collection runs or reads (see build_ignore in galaxy.yml).
SHIPPED = ('plugins/', 'roles/', 'playbooks/', 'docs/', 'meta/', 'extensions/awx/', 'extensions/ee/')
SHIPPED_FILES = ('MANIFEST.json', 'FILES.json', 'README.md', 'LICENSE', 'requirements.txt', 'bindep.txt',
                 'changelogs/changelog.yaml')
# Folders that only hold the shipped ones.
PARENTS = ('extensions', 'changelogs')


def tracked_files():
    result = subprocess.run(['git', 'ls-files'], cwd=str(ROOT), capture_output=True, text=True, check=False)
    if result.returncode != 0:  # not a git checkout (an ansible-test copy): list the tree instead
        return [str(path.relative_to(ROOT)) for path in ROOT.rglob('*') if path.is_file()]
    return result.stdout.split()


def test_the_tarball_holds_only_collection_content(tmp_path):
    result = subprocess.run([str(Path(sys.executable).parent / 'ansible-galaxy'), 'collection', 'build', '--output-path',
                             str(tmp_path), str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    tarball = next(tmp_path.glob('jcops-jumpcloud-*.tar.gz'))
    with tarfile.open(tarball) as archive:
        members = archive.getmembers()
    files = {member.name for member in members if member.isfile()}
    folders = {member.name.rstrip('/') for member in members if member.isdir()}
    print('artifact: {0} entries ({1} files), {2} bytes'.format(len(members), len(files), tarball.stat().st_size))

    stray = sorted(name for name in files if not name.startswith(SHIPPED) and name not in SHIPPED_FILES)
    assert not stray
    assert not sorted(name for name in folders if not (name + '/').startswith(SHIPPED) and name not in PARENTS)
    assert not [name for name in files if '__pycache__' in name or name.endswith(('.pyc', '.tar.gz', '.csv~'))]

    # Nothing the collection needs is left out: every tracked file under a shipped folder is in the artifact.
    missing = sorted(name for name in tracked_files() if name.startswith(SHIPPED) and name not in files)
    assert not missing
    for needed in ('plugins/modules/jc_user.py', 'plugins/module_utils/_client.py', 'plugins/inventory/systems.py',
                   'meta/runtime.yml', 'roles/onboarding/meta/argument_specs.yml', 'extensions/awx/credential_type.yml',
                   'extensions/ee/execution-environment.yml', 'playbooks/vars/hires.csv'):
        assert needed in files
