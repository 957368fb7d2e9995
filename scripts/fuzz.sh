#!/usr/bin/env bash
# Fuzzes a running Kassa with schemathesis in GraphQL mode, for a bounded number of cases:
#
#   bash scripts/fuzz.sh http://127.0.0.1:8080/graphql -H "Authorization: Bearer kassa_..." [more options]
#
# Installs schemathesis (PyPI) into a virtualenv under the cargo target directory when it is
# missing. The hooks in scripts/fuzz/kassa_hooks.py give the Money and DateTime scalars their
# strategies and check every answer: no HTTP 5xx, no INTERNAL_SERVER_ERROR, no error without
# an extensions.code. signOut is left out so the token stays valid for the whole run.
# KASSA_FUZZ_EXAMPLES sets the cases per operation (default 25). tests/api/hardening_fuzz.rs
# runs this against a fresh server as part of the test suite.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/fuzz-venv
url=${1:?usage: bash scripts/fuzz.sh <url of /graphql> [schemathesis options]}
shift

mkdir -p "$target"
(
    flock 9
    if [ ! -x "$venv/bin/schemathesis" ]; then
        echo "fuzz: installing schemathesis into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4.3,<5'
    fi
) 9>"$target/.fuzz-venv.lock"

# schemathesis keeps its database of examples in the working directory.
mkdir -p "$target/fuzz"
cd "$target/fuzz"
export SCHEMATHESIS_HOOKS=kassa_hooks
export PYTHONPATH=$root/scripts/fuzz
exec "$venv/bin/schemathesis" run "$url" \
    --checks kassa_no_server_error \
    --exclude-name Mutation.signOut \
    --max-examples "${KASSA_FUZZ_EXAMPLES:-25}" \
    --request-timeout 30 \
    --no-color \
    "$@"
