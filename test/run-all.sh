#!/usr/bin/env bash
# Runs the whole suite under each pinned Node (22 and 24), as CI does.
# Extra arguments go to jest (e.g. a test file pattern).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for v in 22 24; do
  bin="$PWD/node_modules/node$v/bin"
  echo "=== Node $("$bin/node" --version) ==="
  PATH="$bin:$PATH" "$bin/node" node_modules/jest/bin/jest.js "$@" || status=1
done
exit $status
