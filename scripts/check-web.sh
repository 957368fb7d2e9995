#!/usr/bin/env bash
# Checks that client-examples/web/dist, the committed build of the web app and GraphiQL
# that is compiled into the kassa binary, is exactly what `npm run build` makes of web/src
# today. Builds into a temporary folder (KASSA_API_ORIGIN unset, as for the committed
# build) and compares byte for byte; needs client-examples/node_modules (`npm ci`).
#
#   bash scripts/check-web.sh     one OK line and exit 0 when equal; the differing files
#                                 and exit 1 when not, with the command that fixes it;
#                                 exit 2 when the build itself fails
#
# The fix, one command from the repository root:
#   (cd client-examples && npm run build) && git add client-examples/web/dist
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
committed="$root/client-examples/web/dist"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT

if ! env -u KASSA_API_ORIGIN node "$root/client-examples/web/build.mjs" --outdir "$fresh/dist" >"$fresh/build.log" 2>&1; then
    cat "$fresh/build.log" >&2
    echo "check-web: error: the build failed (is client-examples/node_modules there? npm ci)" >&2
    exit 2
fi
if diff -r -q "$committed" "$fresh/dist" >"$fresh/diff.txt" 2>&1; then
    echo "check-web: OK, client-examples/web/dist is the build of web/src"
    exit 0
fi
sed 's#'"$fresh"'/dist#(fresh build)#; s#'"$root"'/##' "$fresh/diff.txt" >&2
cat >&2 <<'MSG'
check-web: client-examples/web/dist is stale: it is not what `npm run build` makes of
check-web: client-examples/web (the kassa binary embeds that folder). Rebuild and commit it:
check-web:     (cd client-examples && npm run build) && git add client-examples/web/dist
MSG
exit 1
