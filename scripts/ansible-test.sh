#!/usr/bin/env bash
# Run ansible-test on this repository, whose root is the collection root.
# ansible-test needs the physical path .../ansible_collections/<namespace>/<name> (a symlink is resolved
# and refused), so the files git knows about are copied into a temporary tree and tested there.
# Usage: scripts/ansible-test.sh sanity --python 3.11
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r NS NAME < <(python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(d["namespace"], d["name"])' "$ROOT/galaxy.yml")

# ansible-test bootstraps pip in its virtual environments with a script it downloads from
# ci-files.testing.ansible.com. Where that host is out of reach, an equivalent offline script
# (ensurepip, then pip from the configured package index) is put in its cache.
PIPV="$(python3 - <<'PY'
import pathlib, re
import ansible_test
src = (pathlib.Path(ansible_test.__file__).parent / "_internal/python_requirements.py").read_text()
print(re.search(r"pip='([0-9.]+)'", src).group(1))
PY
)"
SHIM="$HOME/.ansible/test/cache/get_pip_${PIPV//./_}.py"
if [ ! -s "$SHIM" ]; then
  mkdir -p "$(dirname "$SHIM")"
  cat > "$SHIM" <<'PY'
# Offline stand-in for ansible-test's get-pip bootstrap script.
import subprocess, sys
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
# ensurepip runs in a subprocess: in-process it sets PIP_CONFIG_FILE=/dev/null, hiding the pip configuration.
subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"], stdout=subprocess.DEVNULL)
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + args))
PY
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DEST="$WORK/ansible_collections/$NS/$NAME"
mkdir -p "$DEST"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 -r cp --parents -t "$DEST" 2>/dev/null || true)
cd "$DEST"
rc=0
ansible-test "$@" || rc=$?
mkdir -p "$ROOT/tests/output"
cp -r "$DEST/tests/output/." "$ROOT/tests/output/" 2>/dev/null || true
exit $rc
