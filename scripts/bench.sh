#!/usr/bin/env bash
# `pnpm bench`: the benchmark with the servers it needs. Starts the local Kafka broker (and PostgreSQL) when they are
# not running, stops what it started, and passes its arguments on to `attribution bench --kafka`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
source scripts/postgres.sh
ensure_postgres

started_kafka=0
if [[ -z "${KAFKA_BROKERS:-}" ]] && ! bash infra/kafka/kafka.sh status >/dev/null 2>&1; then
  bash infra/kafka/kafka.sh start
  started_kafka=1
fi
trap '[[ $started_kafka == 1 ]] && bash infra/kafka/kafka.sh stop' EXIT
EVENT_STORE_URL="${EVENT_STORE_URL:-$DATABASE_URL}" node_modules/.bin/attribution bench --kafka "$@"
