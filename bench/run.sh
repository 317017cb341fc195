#!/usr/bin/env bash
# One reproducible benchmark run: builds in Release, starts each server on 127.0.0.1, drives it with
# wrk, and writes docs/benchmarks.md (machine, date, commands, every figure as a ratio to the floor).
#
#   bench/run.sh            the full run (about 10 minutes on 2 cores)
#   bench/run.sh --smoke    3 s per scenario, report under bench/results/ only (checks the harness)
#
# Knobs (environment): BENCH_DURATION, BENCH_WARMUP (seconds), BENCH_CONNS ("1 16 64"),
# BENCH_PLACEMENTS ("pinned unpinned"), BENCH_STORES ("InMemory Sqlite Postgres"), BENCH_OUTBOUND,
# BENCH_STARTUP, BENCH_MICRO (1/0), BENCH_DIGITS (keys pressed at each menu, e.g. "1,2").
# A scenario whose feature is not in this build is skipped and the reason printed; nothing is faked.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
if [ "$SMOKE" = 1 ]; then
  DURATION=${BENCH_DURATION:-3}; WARMUP=${BENCH_WARMUP:-1}; STARTUP_RUNS=${BENCH_STARTUP_RUNS:-2}
  MICRO=${BENCH_MICRO:-0}
else
  DURATION=${BENCH_DURATION:-10}; WARMUP=${BENCH_WARMUP:-2}; STARTUP_RUNS=${BENCH_STARTUP_RUNS:-5}
  MICRO=${BENCH_MICRO:-1}
fi
CONNS=${BENCH_CONNS:-"1 16 64"}
PLACEMENTS=${BENCH_PLACEMENTS:-"pinned unpinned"}
STORES=${BENCH_STORES:-"InMemory Sqlite Postgres"}
OUTBOUND=${BENCH_OUTBOUND:-1}
STARTUP=${BENCH_STARTUP:-1}
DIGITS=${BENCH_DIGITS:-"1,1,1"}
SLICES=64   # wrk threads per run divide this: 1, 16 and 64 connections each get whole slices

OUT=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT/logs" "$OUT/tmp"
RESULTS=$OUT/results.jsonl
COMMANDS=$OUT/commands.txt
REPORT=$ROOT/docs/benchmarks.md
[ "$SMOKE" = 1 ] && REPORT=$OUT/benchmarks.md
: > "$RESULTS"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
record() { printf '%s\n' "$*" >> "$RESULTS"; }
run_logged() { # runs a command and notes it for the report (throwaway keys shown by name)
  printf '%s\n' "$*" | sed "s|$OUT|\$OUT|g; s|$ROOT/||g; s|$API_KEY|\$API_KEY|g" >> "$COMMANDS"
  "$@"
}
json_escape() { sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\n\r' | cut -c1-300; }
skip() { log "SKIP $1: $2"; record "{\"kind\":\"skip\",\"target\":\"$1\",\"reason\":\"$(printf '%s' "$2" | json_escape)\"}"; }

# --- tools -----------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
command -v taskset >/dev/null || { log "taskset (util-linux) is required"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# A throwaway account: the key signs the generated events and configures the server.
API_KEY=$(head -c 32 /dev/urandom | base64)
CUSTOMER_ID=BENCH0000-0000-0000-0000-000000000000
OPERATOR_KEY=bench-operator-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
PORT=$(free_port 18080)
FAKE_PORT=$(free_port $((PORT + 1)))
URL=http://127.0.0.1:$PORT

log "building in Release"
for project in src/TelesignVoice bench/Floor bench/FakeTelesign bench/BenchTool; do
  run_logged dotnet build "$project" -c Release -nologo -v quiet > "$OUT/logs/build-$(basename "$project").log" 2>&1 \
    || { cat "$OUT/logs/build-$(basename "$project").log"; exit 1; }
done
APP_DIR=$ROOT/src/TelesignVoice/bin/Release/net10.0
FLOOR_DIR=$ROOT/bench/Floor/bin/Release/net10.0
FAKE_DIR=$ROOT/bench/FakeTelesign/bin/Release/net10.0
TOOL="dotnet $ROOT/bench/BenchTool/bin/Release/net10.0/BenchTool.dll"


# --- servers ---------------------------------------------------------------------------------------
SERVER_PID=
FAKE_PID=
PG_DATA=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
  if [ -n "$PG_DATA" ]; then
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DATA -m immediate stop" >/dev/null 2>&1
    rm -rf "$PG_DATA"
  fi
  rm -rf "$OUT/tmp"
}
trap cleanup EXIT

cpus_for() { [ "$1" = pinned ] && echo 1 || echo 0-1; }
wrk_cpus() { [ "$1" = pinned ] && echo 0 || echo 0-1; }

# start_server NAME PLACEMENT DIR DLL [VAR=value...]: starts it, waits until it answers HTTP.
start_server() {
  local name=$1 placement=$2 dir=$3 dll=$4; shift 4
  SERVER_LOG=$OUT/logs/$name.log
  (cd "$dir" && exec taskset -c "$(cpus_for "$placement")" env ASPNETCORE_URLS="$URL" "$@" dotnet "$dll") \
    > "$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    if curl -s -o /dev/null "$URL/"; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null || true
      SERVER_PID=
      return 1
    fi
    sleep 0.1
  done
  stop_server
  return 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}

peak_rss_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# Why a server refused to start, in one line, from its log.
start_failure() {
  local line
  line=$(grep -m1 -E '"@l":"(Error|Fatal)"|^\[.{8} (ERR|FTL)\]|Unhandled exception' "$SERVER_LOG" || true)
  # Compact JSON logs carry the exception in "@x": keep its first line.
  line=$(printf '%s' "$line" | sed -E 's/.*"@x":"([^"]*).*/\1/; s/\\n.*//; s/\\r//g')
  printf '%s' "${line:-it exited; see ${SERVER_LOG#"$ROOT/"}}" | cut -c1-240
}

RUN_NUMBER=0
# app_env STORE: the environment of a TelesignVoice server with a fresh store of that kind.
app_env() {
  RUN_NUMBER=$((RUN_NUMBER + 1))
  local store=$1
  echo "ASPNETCORE_ENVIRONMENT=Production"
  echo "Telesign__CustomerId=$CUSTOMER_ID"
  echo "Telesign__ApiKey=$API_KEY"
  echo "Telesign__BaseUrl=http://127.0.0.1:$FAKE_PORT"
  echo "Telesign__CallerIdNumber=15554441313"
  echo "Operators__ApiKeys__0=$OPERATOR_KEY"
  echo "Simulator__Enabled=false"
  echo "Storage__Provider=$store"
  case $store in
    Sqlite) echo "Storage__ConnectionString=Data Source=$OUT/tmp/run-$RUN_NUMBER.db" ;;
    Postgres)
      su postgres -s /bin/sh -c "$PG_BIN/createdb -h $PG_DATA -p $PG_PORT bench_$RUN_NUMBER" >/dev/null
      echo "Storage__ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench_$RUN_NUMBER" ;;
  esac
}

start_app() { # start_app NAME PLACEMENT STORE
  local name=$1 placement=$2 store=$3 env
  mapfile -t env < <(app_env "$store")
  start_server "$name" "$placement" "$APP_DIR" TelesignVoice.dll "${env[@]}"
}

start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq postgresql >/dev/null || return 1
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_PORT=$(free_port 55433)
  PG_DATA=$(mktemp -d /tmp/telesignvoice-bench-pg.XXXXXX)
  chown postgres:postgres "$PG_DATA"
  # Our own throwaway cluster on its own port, with durable commits (fsync on): durability is measured.
  su postgres -s /bin/sh -c "$PG_BIN/initdb -D $PG_DATA -A trust -U postgres" >/dev/null || return 1
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DATA -l $PG_DATA/server.log -w -o '-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c max_connections=200' start" >/dev/null || return 1
  PG_PID=$(head -n 1 "$PG_DATA/postmaster.pid")
  log "PostgreSQL $(basename "$(dirname "$PG_BIN")") is up on 127.0.0.1:$PG_PORT (fsync on)"
}

# Postgres works for the server: in the pinned runs it shares the server's core.
place_postgres() { [ -n "${PG_PID:-}" ] && taskset -a -cp "$(cpus_for "$1")" "$PG_PID" >/dev/null; true; }

# --- machine ---------------------------------------------------------------------------------------
{
  echo "| | |"
  echo "|---|---|"
  echo "| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |"
  echo "| commit | \`$(git rev-parse --short HEAD)\` ($(git log -1 --format=%s | json_escape | cut -c1-80)) |"
  echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores |"
  echo "| memory | $(free -g | awk '/^Mem:/ { print $2 }') GiB |"
  echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r) |"
  echo "| .NET | SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/AspNetCore/ { v=$2 } END { print v }') (Release, default GC settings) |"
  echo "| load generator | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2) |"
  echo "| load average before the run | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| durations | ${WARMUP} s warm-up, then ${DURATION} s measured, per row; a fresh server and store per row |"
  [ "$SMOKE" = 1 ] && echo "| mode | **smoke run: harness check only, figures not valid** |"
} > "$OUT/machine.md"
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the replay sets -------------------------------------------------------------------------------
# Walk one call through the server's phone tree to learn the event sequence, then generate calls that
# follow it. The warm-up set is also what the floor replays (it keeps no state, so it may cycle).
start_app walk unpinned InMemory || { log "TelesignVoice does not start: $(start_failure)"; exit 1; }
run_logged $TOOL walk --url "$URL/webhooks/telesign" --api-key "$API_KEY" --customer-id "$CUSTOMER_ID" \
  --digits "$DIGITS" --out "$OUT/plan.txt"
stop_server
EVENTS_PER_CALL=$(wc -l < "$OUT/plan.txt")
WALK=$(awk -F'\t' '{ printf "%s%s%s → %s", (NR > 1 ? " · " : ""), $1, ($2 == "-" ? "" : "[" $2 "]"), $3 }' "$OUT/plan.txt")
echo "| call walked by each generated call | $WALK |" >> "$OUT/machine.md"

calls_for() { # calls_for REQ_PER_S SECONDS: enough calls that no connection runs out
  echo $(( ($1 * $2 * 3 / 2) / EVENTS_PER_CALL + SLICES * 4 ))
}
run_logged $TOOL events --plan "$OUT/plan.txt" --api-key "$API_KEY" --calls "$(calls_for 30000 "$WARMUP")" \
  --slices $SLICES --prefix W --out "$OUT/tmp/warm" > /dev/null

# wrk_run CONNS PLACEMENT SECONDS SCRIPT URL ARGS...: prints wrk's RESULT json.
wrk_run() {
  local conns=$1 placement=$2 seconds=$3 script=$4 url=$5; shift 5
  run_logged taskset -c "$(wrk_cpus "$placement")" wrk -t "$conns" -c "$conns" -d "${seconds}s" --timeout 5s \
    -s "$ROOT/bench/lua/$script" "$url" -- "$@" > "$OUT/tmp/wrk.out" 2>&1 || true
  if ! grep '^RESULT ' "$OUT/tmp/wrk.out" | tail -n 1 | cut -d' ' -f2- | grep .; then
    log "wrk failed: $(tail -n 3 "$OUT/tmp/wrk.out" | tr '\n' ' ')" >&2
    echo null
  fi
}

# webhook_row TARGET PLACEMENT CONNS SET [wrap]: warm up, measure, record one table row.
webhook_row() {
  local target=$1 placement=$2 conns=$3 set=$4 wrap=${5:-} result rss duplicates conflicts
  wrk_run "$conns" "$placement" "$WARMUP" replay.lua "$URL/webhooks/telesign" \
    "$OUT/tmp/warm" $SLICES "$conns" "$CUSTOMER_ID" $wrap > /dev/null
  result=$(wrk_run "$conns" "$placement" "$DURATION" replay.lua "$URL/webhooks/telesign" \
    "$OUT/tmp/$set" $SLICES "$conns" "$CUSTOMER_ID" $wrap)
  rss=$(peak_rss_kb "$SERVER_PID")
  stop_server
  if [ "$result" = null ]; then skip "$target" "wrk failed at $conns connections ($placement)"; return; fi
  duplicates=$(grep -c 'Duplicate delivery' "$SERVER_LOG" || true)
  conflicts=$(grep -c 'committed first' "$SERVER_LOG" || true)
  record "{\"kind\":\"webhook\",\"target\":\"$target\",\"conns\":$conns,\"pinned\":$([ "$placement" = pinned ] && echo true || echo false),\"rss_kb\":$rss,\"duplicates\":$duplicates,\"conflicts\":$conflicts,\"wrk\":$result}"
  log "$target $placement c=$conns: $(printf '%s' "$result" | sed -E 's/.*"rps":([0-9.]+).*"p50_ms":([0-9.]+).*"p99_ms":([0-9.]+).*/\1 req\/s, p50 \2 ms, p99 \3 ms/'), peak RSS $((rss / 1024)) MB"
  rm -f "$SERVER_LOG"
}

# --- the floor -------------------------------------------------------------------------------------
FLOOR_MAX=1000
for placement in $PLACEMENTS; do
  for conns in $CONNS; do
    start_server "floor-$placement-$conns" "$placement" "$FLOOR_DIR" Floor.dll ASPNETCORE_ENVIRONMENT=Production \
      || { log "the floor does not start: $(start_failure)"; exit 1; }
    webhook_row floor "$placement" "$conns" warm wrap
    rps=$(tail -n 1 "$RESULTS" | sed -E 's/.*"rps":([0-9]+).*/\1/')
    [ "$rps" -gt "$FLOOR_MAX" ] && FLOOR_MAX=$rps
  done
done

# The measured set: sized from the floor, the most any server here can answer.
run_logged $TOOL events --plan "$OUT/plan.txt" --api-key "$API_KEY" --calls "$(calls_for "$FLOOR_MAX" "$DURATION")" \
  --slices $SLICES --prefix M --out "$OUT/tmp/measure" > /dev/null

# --- TelesignVoice with each store -----------------------------------------------------------------
for store in $STORES; do
  if [ "$store" = Postgres ] && [ -z "$PG_DATA" ] && ! start_postgres; then
    skip Postgres "a local PostgreSQL cluster could not be started"
    continue
  fi
  for placement in $PLACEMENTS; do
    place_postgres "$placement"
    for conns in $CONNS; do
      if ! start_app "$store-$placement-$conns" "$placement" "$store"; then
        skip "$store" "the server refuses Storage:Provider=$store: $(start_failure)"
        continue 3
      fi
      webhook_row "$store" "$placement" "$conns" measure
    done
  done
done
place_postgres unpinned

# --- outbound: POST /calls against a fake Telesign ----------------------------------------------------
outbound_row() { # outbound_row TARGET PLACEMENT CONNS URL BODY HEADERS PID
  local target=$1 placement=$2 conns=$3 url=$4 body=$5 headers=$6 pid=$7 result rss
  wrk_run "$conns" "$placement" "$WARMUP" post.lua "$url" "$body" "$headers" > /dev/null
  result=$(wrk_run "$conns" "$placement" "$DURATION" post.lua "$url" "$body" "$headers")
  rss=$(peak_rss_kb "$pid")
  if [ "$result" = null ]; then skip "$target" "wrk failed at $conns connections ($placement)"; return; fi
  record "{\"kind\":\"outbound\",\"target\":\"$target\",\"conns\":$conns,\"pinned\":$([ "$placement" = pinned ] && echo true || echo false),\"rss_kb\":$rss,\"wrk\":$result}"
  log "$target $placement c=$conns: $(printf '%s' "$result" | sed -E 's/.*"rps":([0-9.]+).*"p50_ms":([0-9.]+).*"p99_ms":([0-9.]+).*/\1 req\/s, p50 \2 ms, p99 \3 ms/')"
}

if [ "$OUTBOUND" = 1 ]; then
  printf '%s\n' '{"method":"dial","params":{"to":"1555{n}","caller_id_number":"15554441313","external_id":"bench-{n}"}}' > "$OUT/tmp/dial.json"
  printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$CUSTOMER_ID" "$API_KEY" | base64 -w0)" > "$OUT/tmp/dial.headers"
  printf '%s\n' '{"to":"1555{n}","flow":"appointment-reminder"}' > "$OUT/tmp/calls.json"
  printf 'X-Api-Key: %s\nIdempotency-Key: bench-{n}\n' "$OPERATOR_KEY" > "$OUT/tmp/calls.headers"
  for placement in $PLACEMENTS; do
    for conns in 1 16; do
      # The fake sits with wrk on core 0 in the pinned runs, so the server keeps core 1 to itself.
      (cd "$FAKE_DIR" && exec taskset -c "$(wrk_cpus "$placement")" env ASPNETCORE_URLS="http://127.0.0.1:$FAKE_PORT" \
        ASPNETCORE_ENVIRONMENT=Production dotnet FakeTelesign.dll) > "$OUT/logs/fake.log" 2>&1 &
      FAKE_PID=$!
      until curl -s -o /dev/null "http://127.0.0.1:$FAKE_PORT/"; do sleep 0.1; done
      outbound_row fake "$placement" "$conns" "http://127.0.0.1:$FAKE_PORT/v2/voice" \
        "$OUT/tmp/dial.json" "$OUT/tmp/dial.headers" "$FAKE_PID"
      store=Sqlite
      start_app "calls-$placement-$conns" "$placement" $store || { store=InMemory; start_app "calls-$placement-$conns" "$placement" $store; }
      status=$(curl -s -o "$OUT/tmp/probe.json" -w '%{http_code}' "$URL/calls" -H 'Content-Type: application/json' \
        -H "X-Api-Key: $OPERATOR_KEY" -H 'Idempotency-Key: bench-probe' --data-binary @<(sed 's/{n}/0000000/g' "$OUT/tmp/calls.json"))
      if [ "$status" != 202 ]; then
        stop_server
        kill "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null || true; FAKE_PID=
        skip "POST /calls" "a probe call was answered with HTTP $status$([ "$status" = 404 ] && echo ' (no such route in this build)'), so outbound is not measured: $(sed -E 's/.*"title":"([^"]*)".*/\1/' "$OUT/tmp/probe.json" | cut -c1-120)"
        break 2
      fi
      outbound_row calls "$placement" "$conns" "$URL/calls" "$OUT/tmp/calls.json" "$OUT/tmp/calls.headers" "$SERVER_PID"
      stop_server
      kill "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null || true; FAKE_PID=
    done
  done
fi

# --- startup: process start to first answered webhook -------------------------------------------------
if [ "$STARTUP" = 1 ]; then
  for target in floor InMemory Sqlite; do
    if [ "$target" = floor ]; then
      dir=$FLOOR_DIR dll=Floor.dll env=(ASPNETCORE_ENVIRONMENT=Production)
    else
      dir=$APP_DIR dll=TelesignVoice.dll
      mapfile -t env < <(app_env "$target" | sed "s|run-[0-9]*\.db|startup.db|")
      grep -q "\"target\":\"$target\",\"reason\"" "$RESULTS" && { skip "startup $target" "store not available"; continue; }
    fi
    result=$(cd "$dir" && env ASPNETCORE_URLS="$URL" "${env[@]}" $TOOL startup --url "$URL/webhooks/telesign" \
      --request "$OUT/tmp/measure/slice-000.txt" --customer-id "$CUSTOMER_ID" --runs "$STARTUP_RUNS" \
      --remove "$OUT/tmp/startup.db,$OUT/tmp/startup.db-wal,$OUT/tmp/startup.db-shm" -- dotnet "$dll" 2>&1 \
      | grep '^RESULT ' | cut -d' ' -f2-) || true
    echo "(cd ${dir#"$ROOT/"} && env ASPNETCORE_URLS=... <settings> BenchTool startup --runs $STARTUP_RUNS ... -- dotnet $dll)" >> "$COMMANDS"
    if [ -n "$result" ]; then
      record "{\"kind\":\"startup\",\"target\":\"$target\",\"startup\":$result}"
      log "startup $target: $result"
    else
      skip "startup $target" "no webhook was answered within the probe's limit"
    fi
  done
fi

# --- micro-benchmarks ------------------------------------------------------------------------------
MICRO_MD=
if [ "$MICRO" = 1 ]; then
  log "micro-benchmarks (BenchmarkDotNet, short job)"
  run_logged dotnet run -c Release --project bench/TelesignVoice.Benchmarks -- --filter '*' --job short \
    --exporters github --artifacts "$OUT/bdn" > "$OUT/logs/bdn.log" 2>&1 || log "BenchmarkDotNet failed: see $OUT/logs/bdn.log"
  MICRO_MD=$OUT/micro.md
  for file in "$OUT"/bdn/results/*-report-github.md; do
    [ -f "$file" ] || continue
    { echo "### $(basename "$file" -report-github.md | sed 's/.*\.//')"; echo; sed -n '/^|/,$p' "$file"; echo; } >> "$MICRO_MD"
  done
  [ -f "$MICRO_MD" ] && { echo; echo "Environment: \`$(grep -m1 -E '^BenchmarkDotNet' "$OUT"/bdn/results/*-report-github.md | head -n 1 | cut -d: -f2-)\`"; } >> "$MICRO_MD"
fi

echo "| load average after the run | $(cut -d' ' -f1-3 /proc/loadavg) |" >> "$OUT/machine.md"
mkdir -p "$(dirname "$REPORT")"
$TOOL report --results "$RESULTS" --machine "$OUT/machine.md" --commands "$COMMANDS" \
  --micro "${MICRO_MD:-}" --notes "$ROOT/bench/NOTES.md" --out "$REPORT"
log "done: $REPORT (raw results: ${RESULTS#"$ROOT/"})"
