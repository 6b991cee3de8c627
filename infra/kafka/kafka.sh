#!/usr/bin/env bash
# A single-node Apache Kafka 3.9.1 broker (KRaft, broker+controller in one JVM) on 127.0.0.1,
# for tests and local runs. The jars come from Maven Central through pom.xml; nothing is
# downloaded from anywhere else.
#
#   kafka.sh fetch    copy the broker's jars into lib/ (skipped when lib/ is complete)
#   kafka.sh start    fetch if needed, format storage once, start in the background, wait until ready
#   kafka.sh wait     wait until the broker answers an admin client (describeCluster + topic round trip)
#   kafka.sh stop     SIGTERM, then SIGKILL after KAFKA_STOP_TIMEOUT seconds
#   kafka.sh status   exit 0 when our broker runs and answers, 1 otherwise
#   kafka.sh clean    stop, then delete run/ (all topics and offsets)
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_RUN_DIR (infra/kafka/run:
# config, pid, data, logs; a second directory gives a second, independent broker),
# KAFKA_WAIT_TIMEOUT (90 s), KAFKA_STOP_TIMEOUT (30 s), KAFKA_HEAP_OPTS (-Xmx512m), JAVA_HOME.
set -euo pipefail

KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB_DIR="$KAFKA_DIR/lib"
RUN_DIR="${KAFKA_RUN_DIR:-$KAFKA_DIR/run}"
DATA_DIR="$RUN_DIR/data"
LOG_DIR="$RUN_DIR/logs"
PID_FILE="$RUN_DIR/kafka.pid"
# Written after a successful copy; holds the pom's hash so that editing pom.xml forces a re-fetch.
FETCH_MARKER="$LIB_DIR/.fetched"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_WAIT_TIMEOUT="${KAFKA_WAIT_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
# Small heap, serial GC and C1 only: the broker starts in seconds on a 2-core machine and test
# traffic never needs the C2 compiler.
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m}"
KAFKA_JVM_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true"
# Any fixed base64 UUID will do: the storage is formatted once per run/ directory.
CLUSTER_ID="hYLWG4gGRL2aADW9Fey6uA"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "kafka: $*" >&2; }
die() { log "$*"; exit 1; }

pom_hash() { sha256sum "$KAFKA_DIR/pom.xml" | cut -d' ' -f1; }

lib_complete() { [[ -f "$FETCH_MARKER" && "$(cat "$FETCH_MARKER")" == "$(pom_hash)" ]]; }

cmd_fetch() {
  if lib_complete; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn is not on PATH (Maven 3.8+ is needed to fetch the broker's jars)"
  log "fetching Kafka 3.9.1 jars from Maven Central into $LIB_DIR"
  local started=$SECONDS
  # Start from an empty lib/ so jars of an older pom never linger on the classpath.
  rm -rf "$LIB_DIR"
  local mvn_log
  mvn_log="$(mktemp)"
  # -q still prints colour resets on this Maven; its output only matters when it fails.
  if ! mvn -B -q -f "$KAFKA_DIR/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIB_DIR" >"$mvn_log" 2>&1; then
    cat "$mvn_log" >&2
    rm -f "$mvn_log"
    die "mvn copy-dependencies failed"
  fi
  rm -f "$mvn_log"
  pom_hash >"$FETCH_MARKER"
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars in $((SECONDS - started)) s"
}

# The pid in PID_FILE, when that process is alive and is the broker started from this directory
# (a reused pid belonging to something else does not count).
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $RUN_DIR/server.properties" || return 1
  echo "$pid"
}

port_open() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  cat >"$RUN_DIR/server.properties" <<EOF
# Written by infra/kafka/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA_DIR

# One node: every replication factor and min ISR is 1.
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Fewer internal partitions than the default 50 make the first consumer group and the first
# transaction start in well under a second on a small machine.
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5

# Topics are created explicitly by the code that owns them.
auto.create.topics.enable=false
num.partitions=3
# Consumers in tests join at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0
# The log cleaner (compacted __consumer_offsets) reserves this much heap; 128 MB is the default.
log.cleaner.dedupe.buffer.size=16777216
EOF
  cat >"$RUN_DIR/log4j.properties" <<EOF
# Written by infra/kafka/kafka.sh on every start.
log4j.rootLogger=INFO, server
log4j.appender.server=org.apache.log4j.RollingFileAppender
log4j.appender.server.File=$LOG_DIR/server.log
log4j.appender.server.MaxFileSize=10MB
log4j.appender.server.MaxBackupIndex=2
log4j.appender.server.layout=org.apache.log4j.PatternLayout
log4j.appender.server.layout.ConversionPattern=[%d] %p %m (%c)%n
# Per-request and state-change chatter says nothing a test run needs.
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients.NetworkClient=WARN
EOF
}

format_storage() {
  # StorageTool writes meta.properties; once it is there the directory is formatted and
  # --ignore-formatted would only cost another JVM start.
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$LIB_DIR/*" \
    -Dlog4j.configuration="file:$RUN_DIR/log4j.properties" \
    kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$RUN_DIR/server.properties" --ignore-formatted \
    >"$LOG_DIR/format.log" 2>&1 || { cat "$LOG_DIR/format.log" >&2; die "formatting $DATA_DIR failed"; }
}

# Prints what the broker logged since byte $1 of server.log (this start only), and the JVM's own output.
print_logs() {
  local since="$1" server_log="$LOG_DIR/server.log"
  [[ -f "$server_log" ]] || server_log=/dev/null
  # A size rollover during start-up makes the file shorter than the offset: then show its end.
  if (($(stat -c %s "$server_log") < since)); then since=0; fi
  log "last 50 lines of $server_log from this start:"
  tail -c "+$((since + 1))" "$server_log" | tail -n 50 >&2
  if [[ -s "$LOG_DIR/kafka.out" ]]; then
    log "last 50 lines of $LOG_DIR/kafka.out (JVM stdout/stderr):"
    tail -n 50 "$LOG_DIR/kafka.out" >&2
  fi
}

# Runs wait-ready.mjs; extra arguments are passed through.
wait_ready() { KAFKA_PORT="$KAFKA_PORT" node "$KAFKA_DIR/wait-ready.mjs" "$@"; }

cmd_start() {
  command -v node >/dev/null || die "node is not on PATH (the readiness check uses kafkajs)"
  command -v "$JAVA" >/dev/null || die "java is not on PATH (Java 17 is needed)"
  mkdir -p "$RUN_DIR"
  # Two callers starting at once (parallel test runs) must not launch two brokers.
  exec 9>"$RUN_DIR/.lock"
  flock 9

  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
    wait_ready --pid "$pid"
    return
  fi
  rm -f "$PID_FILE"
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$port"; then
      die "127.0.0.1:$port is already in use by a process this script did not start; stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done
  # Fail before starting a JVM when the readiness check could never run.
  wait_ready --check-client

  cmd_fetch
  write_config
  format_storage

  local started=$SECONDS log_offset
  log_offset="$(stat -c %s "$LOG_DIR/server.log" 2>/dev/null || echo 0)"
  # setsid: the broker outlives this script and is not hit by signals sent to the caller's
  # process group; the inner shell records its own pid, which exec hands to the JVM. 9>&-: the
  # JVM must not inherit the start lock, or the next start would wait for the broker to exit.
  (
    cd "$RUN_DIR"
    # shellcheck disable=SC2086,SC2016 # the option strings are lists of JVM flags; $$ is the inner shell's
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
      "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS \
      -Dlog4j.configuration="file:$RUN_DIR/log4j.properties" \
      -Dkafka.logs.dir="$LOG_DIR" \
      -cp "$LIB_DIR/*" kafka.Kafka "$RUN_DIR/server.properties" \
      </dev/null >"$LOG_DIR/kafka.out" 2>&1 9>&- &
  )
  local tries=50
  while [[ ! -s "$PID_FILE" ]] && ((tries-- > 0)); do sleep 0.1; done
  [[ -s "$PID_FILE" ]] || die "the broker process did not start"
  pid="$(cat "$PID_FILE")"

  if ! wait_ready --pid "$pid"; then
    print_logs "$log_offset"
    if kill -0 "$pid" 2>/dev/null; then
      cmd_stop
      die "the broker did not become ready within ${KAFKA_WAIT_TIMEOUT} s"
    fi
    rm -f "$PID_FILE"
    die "the broker exited during start-up"
  fi
  log "ready on 127.0.0.1:$KAFKA_PORT (pid $pid) in $((SECONDS - started)) s; logs in $LOG_DIR"
}

cmd_wait() {
  local pid
  if pid="$(running_pid)"; then
    wait_ready --pid "$pid"
  else
    wait_ready
  fi
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still running after ${KAFKA_STOP_TIMEOUT} s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

cmd_status() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "stopped"
    return 1
  fi
  if KAFKA_WAIT_TIMEOUT=5 wait_ready --pid "$pid" 2>/dev/null; then
    echo "running (pid $pid) on 127.0.0.1:$KAFKA_PORT, controller 127.0.0.1:$KAFKA_CONTROLLER_PORT, logs in $LOG_DIR"
  else
    echo "running (pid $pid) but not answering on 127.0.0.1:$KAFKA_PORT"
    return 1
  fi
}

cmd_clean() {
  cmd_stop
  rm -rf "$RUN_DIR"
  log "removed $RUN_DIR"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  wait) cmd_wait ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  clean) cmd_clean ;;
  *)
    echo "usage: $0 fetch|start|wait|stop|status|clean" >&2
    exit 2
    ;;
esac
