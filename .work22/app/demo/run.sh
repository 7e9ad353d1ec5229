#!/usr/bin/env bash
# `npm run demo`: packs and installs the agent as a user would (test/prepare-app.mjs),
# then runs fixtures/demo/drive.mjs from the install dir with the pinned Node 24.
set -euo pipefail
cd "$(dirname "$0")/../.."
NODE="$PWD/node_modules/node24/bin/node"
WORK="${BOTANU_TEST_WORK:-$PWD/.work}"
echo "preparing: build, npm pack, install the tarball into $WORK/app (first run takes a minute)…" >&2
PATH="$(dirname "$NODE"):$PATH" "$NODE" test/prepare-app.mjs >/dev/null
exec "$NODE" "$WORK/app/demo/drive.mjs" "$@"
