#!/usr/bin/env bash
# `npm test`: the whole suite from a fresh clone. Installs packages, makes sure the servers the tests talk to are up
# (PostgreSQL), runs the type check, the import-boundary check and every test, and prints one summary line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

source scripts/postgres.sh
ensure_postgres
source scripts/chromium.sh
ensure_chromium

pnpm -s typecheck
pnpm -s check:imports
mkdir -p .cache
status=0
pnpm -s vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest.json || status=$?
node -e '
  const r = require("./.cache/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit $status
