#!/usr/bin/env bash
# `npm run bench`: installs the comparison set and the packed agent (bench/prepare.mjs),
# then runs every benchmark in one go (bench/bench.mjs) on the repo's pinned Node 24
# (startup also on Node 22 and 26).
# Needs the root `npm ci` (it brings the pinned Node binaries) and Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."
node24="$PWD/node_modules/node24/bin/node"
node22="$PWD/node_modules/node22/bin/node"
node26="$PWD/node_modules/node26/bin/node"
if [ ! -x "$node24" ]; then echo "bench: run 'npm ci' at the repo root first (it installs the pinned Node 24)" >&2; exit 1; fi
export PATH="$(dirname "$node24"):$PATH"
work="$("$node24" bench/prepare.mjs)"
BENCH_NODE22="${BENCH_NODE22:-$node22}" BENCH_NODE26="${BENCH_NODE26:-$node26}" exec "$node24" bench/bench.mjs "$work"
