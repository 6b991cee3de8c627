#!/usr/bin/env bash
# `npm start`: install what is missing, then run the embedded engine (sample data on first start). Flags pass through.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec node_modules/.bin/attribution start "$@"
