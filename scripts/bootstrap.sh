#!/usr/bin/env bash
# Makes a fresh clone runnable: pnpm (Node ships only npm) and the workspace's packages. Sourced by start.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 9.* ]]; then
  echo "bootstrap: installing pnpm 9 with npm" >&2
  npm install -g pnpm@9 >/dev/null 2>&1 || {
    # Without write access to npm's global prefix, keep pnpm inside the repository instead.
    npm install --prefix .cache/pnpm pnpm@9 >/dev/null
    export PATH="$PWD/.cache/pnpm/node_modules/.bin:$PATH"
  }
fi
pnpm install --frozen-lockfile --reporter=silent
# The dashboard's static files, built when its sources changed (pnpm skips the package's postinstall when nothing
# was installed, so a checkout of other dashboard code is built here).
node services/dashboard/build-if-stale.mjs
