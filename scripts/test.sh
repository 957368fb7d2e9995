#!/usr/bin/env bash
# The test command: bash scripts/test.sh [extra cargo-nextest arguments]
#
# 1. scripts/services.sh: PostgreSQL, Redis, Node.js and Chromium installed and running.
# 2. scripts/check-schema.sh: src/db/schema.rs is what `diesel print-schema` makes of
#    migrations/ on a throwaway database (installs diesel_cli when missing); a diff and a
#    stop here when it is not.
# 3. client-examples: npm ci, then scripts/check-web.sh: the committed web app build
#    (client-examples/web/dist, compiled into the binary) is what `npm run build` makes of
#    web/src; a list of the differing files, the command that fixes it and a stop here
#    when it is not.
# 4. bench/peers: npm ci (the peer servers tests/api/peers.rs smoke-tests).
# 5. cargo nextest run --workspace --no-fail-fast "$@"; ends with nextest's summary line,
#    "N tests run: N passed ...".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/services.sh

echo "test: bash scripts/check-schema.sh (src/db/schema.rs against migrations/)"
bash scripts/check-schema.sh

if [ -f client-examples/package-lock.json ]; then
    echo "test: npm ci in client-examples/"
    (cd client-examples && npm ci --no-audit --no-fund)
    echo "test: bash scripts/check-web.sh (client-examples/web/dist against a fresh build)"
    bash scripts/check-web.sh
fi

if [ -f bench/peers/package-lock.json ]; then
    # The benchmark's peers (Node 22 comes with them): tests/api/peers.rs starts them.
    echo "test: npm ci in bench/peers/"
    (cd bench/peers && npm ci --no-audit --no-fund)
fi

if ! cargo nextest --version >/dev/null 2>&1; then
    echo "test: cargo-nextest is missing; installing it from crates.io"
    cargo install cargo-nextest --locked
fi

echo "test: cargo nextest run --workspace --no-fail-fast $*"
exec cargo nextest run --workspace --no-fail-fast "$@"
