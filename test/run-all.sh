#!/usr/bin/env bash
# Runs the whole suite under each pinned Node (22, 24 and 26), as CI does, and ends
# with one summary line. Extra arguments go to jest (e.g. a test file pattern).
set -uo pipefail
cd "$(dirname "$0")/.."
WORK="${BOTANU_TEST_WORK:-$PWD/.work}"
mkdir -p "$WORK"
passed=0; failed=0; status=0
for v in 22 24 26; do
  bin="$PWD/node_modules/node$v/bin"
  echo "=== Node $("$bin/node" --version) ==="
  rm -f "$WORK/jest-node$v.json"
  PATH="$bin:$PATH" "$bin/node" node_modules/jest/bin/jest.js --json --outputFile="$WORK/jest-node$v.json" "$@" || status=1
  if [ -f "$WORK/jest-node$v.json" ]; then
    read -r p f < <("$bin/node" -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "$WORK/jest-node$v.json")
    passed=$((passed + p)); failed=$((failed + f))
  else
    status=1
  fi
done
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
