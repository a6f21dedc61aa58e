# shellcheck shell=bash
# Source this file to expose the checkout to Ansible without installing it:
#   . scripts/dev-env.sh
# It links the repository into a private ansible_collections tree outside the repository and
# points ANSIBLE_COLLECTIONS_PATH at it.
_jc_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_jc_base="${TMPDIR:-/tmp}/jcops-collections-$(printf %s "$_jc_root" | sha256sum | cut -c1-12)"
mkdir -p "$_jc_base/ansible_collections/jcops"
ln -sfn "$_jc_root" "$_jc_base/ansible_collections/jcops/jumpcloud"
export ANSIBLE_COLLECTIONS_PATH="$_jc_base${ANSIBLE_COLLECTIONS_PATH:+:$ANSIBLE_COLLECTIONS_PATH}"
unset _jc_root _jc_base
