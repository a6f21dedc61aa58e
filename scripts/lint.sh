#!/usr/bin/env bash
# ansible-lint (production profile, offline) over the collection, and the changelog fragments.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/dev-env.sh
. scripts/dev-env.sh
ansible-lint
antsibull-changelog lint
