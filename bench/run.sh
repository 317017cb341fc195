#!/usr/bin/env bash
# One reproducible benchmark run: builds in Release, starts each server on 127.0.0.1, drives it with
# wrk, and writes docs/benchmarks.md (machine, date, commands, every figure as a ratio to the floor).
#
#   bench/run.sh            the full run (about 12 minutes on 2 cores, micro-benchmarks included)
#   bench/run.sh --smoke    short windows, report under bench/results/ only (checks the harness)
#
# Method: one server process per (server, placement). It is first warmed up in 3 s windows of fresh
# calls until its req/s stops rising (tiered JIT must reach steady state, see "cold start"), then each
# connection count gets a short settling run and the measured run, each on calls never sent before.
# Knobs (environment): BENCH_DURATION, BENCH_WARMUP (s), BENCH_CONNS ("1 16 64"), BENCH_PLACEMENTS
# ("pinned unpinned"), BENCH_STORES ("InMemory Sqlite Postgres"), BENCH_OUTBOUND, BENCH_COLD,
# BENCH_STARTUP, BENCH_MICRO (1/0), BENCH_DIGITS (keys pressed at each menu, e.g. "1,2"),
# BENCH_APP_DIR (a server build to measure instead of src/, for before/after), BENCH_REPORT (output).
# A scenario whose feature is not in this build is skipped and the reason printed; nothing is faked.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
if [ "$SMOKE" = 1 ]; then
  DURATION=${BENCH_DURATION:-3}; WARMUP=${BENCH_WARMUP:-1}; WARM_WINDOWS=${BENCH_WARM_WINDOWS:-2}
  STARTUP_RUNS=${BENCH_STARTUP_RUNS:-2}; COLD_WINDOWS=${BENCH_COLD_WINDOWS:-2}; MICRO=${BENCH_MICRO:-0}
else
  DURATION=${BENCH_DURATION:-8}; WARMUP=${BENCH_WARMUP:-2}; WARM_WINDOWS=${BENCH_WARM_WINDOWS:-8}
  STARTUP_RUNS=${BENCH_STARTUP_RUNS:-5}; COLD_WINDOWS=${BENCH_COLD_WINDOWS:-8}; MICRO=${BENCH_MICRO:-1}
fi
WARM_SECONDS=3
COLD_SECONDS=5
CONNS=${BENCH_CONNS:-"1 16 64"}
PLACEMENTS=${BENCH_PLACEMENTS:-"pinned unpinned"}
STORES=${BENCH_STORES:-"InMemory Sqlite Postgres"}
OUTBOUND=${BENCH_OUTBOUND:-1}
COLD=${BENCH_COLD:-1}
STARTUP=${BENCH_STARTUP:-1}
DEMO=${BENCH_DEMO:-1}
STALL=${BENCH_STALL:-1}
STALL_WINDOWS=6   # 10 s windows of the stall run at 16 connections (60 s in all)
DIGITS=${BENCH_DIGITS:-"2,5"}   # support-menu: 2 = support (transfer, then the survey), 5 = happy
SLICES=64   # wrk threads per run divide this: 1, 16 and 64 connections each get whole slices

OUT=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT/logs" "$OUT/tmp/sets"
RESULTS=$OUT/results.jsonl
COMMANDS=$OUT/commands.txt
REPORT=${BENCH_REPORT:-$ROOT/docs/benchmarks.md}
[ "$SMOKE" = 1 ] && REPORT=${BENCH_REPORT:-$OUT/benchmarks.md}
: > "$RESULTS"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
record() { printf '%s\n' "$*" >> "$RESULTS"; }
json_escape() { sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\n\r' | cut -c1-300; }
skip() { log "SKIP $1: $2"; record "{\"kind\":\"skip\",\"target\":\"$1\",\"reason\":\"$(printf '%s' "$2" | json_escape)\"}"; }
field() { sed -nE "s/.*\"$1\":([0-9.]+).*/\\1/p" <<< "$2"; }

# --- tools and a throwaway account ---------------------------------------------------------------------
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

# The key signs the generated events and configures the server; it lives for this run only.
API_KEY=$(head -c 32 /dev/urandom | base64)
CUSTOMER_ID=BENCH0000-0000-0000-0000-000000000000
OPERATOR_KEY=bench-operator-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
PORT=$(free_port 18080)
FAKE_PORT=$(free_port $((PORT + 1)))
URL=http://127.0.0.1:$PORT

run_logged() { # runs a command and notes it for the report (throwaway keys shown by name)
  printf '%s\n' "$*" | sed "s|$OUT|\$OUT|g; s|$ROOT/||g; s|$API_KEY|\$API_KEY|g; s|$OPERATOR_KEY|\$OPERATOR_KEY|g" >> "$COMMANDS"
  "$@"
}

log "building in Release"
PROJECTS="src/TelesignVoice bench/Floor bench/FakeTelesign bench/BenchTool"
# BENCH_APP_DIR: measure another build of the server (e.g. the commit before a fix) with this harness.
[ -n "${BENCH_APP_DIR:-}" ] && PROJECTS=${PROJECTS#src/TelesignVoice }
for project in $PROJECTS; do
  if [ "$project" = src/TelesignVoice ]; then
    # Measured as it ships: published like the Dockerfile does, ReadyToRun (precompiled, so a new process
    # starts faster and reaches full speed sooner; the steady state is the same, hot code is re-jitted).
    run_logged dotnet publish "$project" -c Release -r "linux-$(dotnet --info | sed -nE 's/^ *Architecture: *//p' | head -n 1)" \
      --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=false -o "$ROOT/bench/results/app" -nologo -v quiet \
      > "$OUT/logs/build-TelesignVoice.log" 2>&1 || { cat "$OUT/logs/build-TelesignVoice.log"; exit 1; }
    continue
  fi
  run_logged dotnet build "$project" -c Release -nologo -v quiet > "$OUT/logs/build-$(basename "$project").log" 2>&1 \
    || { cat "$OUT/logs/build-$(basename "$project").log"; exit 1; }
done
APP_DIR=${BENCH_APP_DIR:-$ROOT/bench/results/app}
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
pinned_json() { [ "$1" = pinned ] && echo true || echo false; }

# Steady state within a short warm-up: the runtime waits for a pause in tier-0 JIT activity before it
# counts calls for tier 1, and a busy server rarely pauses (10 x longer on one core). Measured runs
# set the delay to 0; the cold-start scenario keeps the default and shows what it costs.
STEADY_ENV=(DOTNET_TC_CallCountingDelayMs=0)

# start_server NAME PLACEMENT DIR DLL [VAR=value...]: starts a .NET server, waits until it answers HTTP.
start_server() {
  local name=$1 placement=$2 dir=$3 dll=$4; shift 4
  start_process "$name" "$placement" "$dir" env ASPNETCORE_URLS="$URL" "$@" dotnet "$dll"
}

# start_process NAME PLACEMENT DIR COMMAND...: runs COMMAND in DIR with the placement's CPUs.
start_process() {
  local name=$1 placement=$2 dir=$3; shift 3
  SERVER_LOG=$OUT/logs/$name.log
  (cd "$dir" && exec taskset -c "$(cpus_for "$placement")" "$@") > "$SERVER_LOG" 2>&1 &
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
  rm -f "${SERVER_LOG:-/nonexistent}"
}

# CPU time of a process and its descendants (nginx and uWSGI workers; PostgreSQL's backends), in ticks.
tree_pids() { echo "$1"; local child; for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree_pids "$child"; done; }
cpu_ticks() {
  local total=0 pid ticks
  for pid in $(tree_pids "$1"); do
    ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}
# Peak RSS of a server and its children (one process for .NET; nginx and uWSGI workers for the demo).
peak_rss_kb() {
  local total=0 pid kb
  for pid in $(tree_pids "$1"); do
    kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}
reset_peak_rss() { local pid; for pid in $(tree_pids "$1"); do echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true; done; }
TICKS_PER_S=$(getconf CLK_TCK)
# us_per_request TICKS REQUESTS: CPU microseconds per request.
us_per_request() { awk -v t="$1" -v r="$2" -v hz="$TICKS_PER_S" 'BEGIN { printf "%.0f", (r > 0 ? t * 1000000 / hz / r : 0) }'; }

# Why a server refused to start, in one line, from its log.
start_failure() {
  local line
  line=$(grep -m1 -E '"@l":"(Error|Fatal)"|^\[.{8} (ERR|FTL)\]|Unhandled exception' "$SERVER_LOG" || true)
  # Compact JSON logs carry the exception in "@x": keep its first line.
  line=$(printf '%s' "$line" | sed -E 's/.*"@x":"([^"]*).*/\1/; s/\\n.*//; s/\\r//g')
  printf '%s' "${line:-it exited; see its log}" | cut -c1-240
}

RUN_NUMBER=0
# app_env STORE NUMBER: the environment of a TelesignVoice server with a fresh store of that kind
# (runs in a subshell: the caller counts the runs, so every server gets its own database).
app_env() {
  local store=$1 number=$2
  echo "ASPNETCORE_ENVIRONMENT=Production"
  echo "Telesign__CustomerId=$CUSTOMER_ID"
  echo "Telesign__ApiKey=$API_KEY"
  echo "Telesign__BaseUrl=http://127.0.0.1:$FAKE_PORT"
  echo "Telesign__CallerIdNumber=15554441313"
  echo "Operators__ApiKeys__0=$OPERATOR_KEY"
  # The operator rate limit guards Telesign's account; a load test is the one caller that must pass it.
  echo "Operators__RateLimit__PermitLimit=100000"
  echo "Operators__RateLimit__WindowSeconds=1"
  echo "Simulator__Enabled=false"
  # The sample phone tree answers calls to the number the generated events call.
  echo "Flows__Inbound__15558675309=support-menu"
  echo "Storage__Provider=$store"
  case $store in
    Sqlite) echo "Storage__ConnectionString=Data Source=$OUT/tmp/run-$number.db" ;;
    Postgres)
      su postgres -s /bin/sh -c "$PG_BIN/createdb -h $PG_DATA -p $PG_PORT bench_$number" >/dev/null
      echo "Storage__ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench_$number" ;;
  esac
}

start_app() { # start_app NAME PLACEMENT STORE [VAR=value...]
  local name=$1 placement=$2 store=$3 env; shift 3
  RUN_NUMBER=$((RUN_NUMBER + 1))
  mapfile -t env < <(app_env "$store" "$RUN_NUMBER")
  start_server "$name" "$placement" "$APP_DIR" TelesignVoice.dll "${env[@]}" "$@"
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
  # What the disk allows: one durable commit costs at least one fdatasync of the WAL.
  local fsync
  fsync=$(su postgres -s /bin/sh -c "$PG_BIN/pg_test_fsync -s 2 -f $PG_DATA/fsync.test" 2>/dev/null \
    | awk '/fdatasync/ && /ops\/sec/ { print $(NF-3) " " $(NF-1); exit }')
  if [ -n "$fsync" ]; then
    record "{\"kind\":\"fsync\",\"target\":\"Postgres\",\"ops\":${fsync% *},\"usecs\":${fsync#* }}"
    log "pg_test_fsync: fdatasync ${fsync% *} ops/s, ${fsync#* } µs each"
  fi
}

# PostgreSQL works for the server: in the pinned runs it shares the server's core.
place_postgres() { if [ -n "${PG_PID:-}" ]; then taskset -a -cp "$(cpus_for "$1")" "$PG_PID" >/dev/null; fi; }

# --- machine ---------------------------------------------------------------------------------------
{
  echo "| | |"
  echo "|---|---|"
  echo "| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |"
  echo "| commit | \`$(git rev-parse --short HEAD)\` ($(git log -1 --format=%s | json_escape | cut -c1-80)) |"
  echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores |"
  echo "| memory | $(free -g | awk '/^Mem:/ { print $2 }') GiB |"
  echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r) |"
  echo "| .NET | SDK $(dotnet --version), ASP.NET Core $(dotnet --list-runtimes | awk '/AspNetCore/ { v=$2 } END { print v }'); Release builds (TelesignVoice published ReadyToRun, as the Dockerfile does), default GC; measured servers run with \`DOTNET_TC_CallCountingDelayMs=0\` (see cold start) |"
  echo "| load generator | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), one connection per thread |"
  echo "| load average before the run | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| other processes above 5 % CPU at the start (top) | $(top -bn2 -d 1 -o %CPU | awk '/^top -/ { n++ } n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 > 5 { printf "%s%s %s%%", (c++ ? ", " : ""), $12, $9 } END { if (!c) printf "none" }') |"
  echo "| durations | warm-up in ${WARM_SECONDS} s windows until req/s is steady (at most $WARM_WINDOWS), then per row ${WARMUP} s settling + ${DURATION} s measured |"
  if [ "$SMOKE" = 1 ]; then echo "| mode | **smoke run: harness check only, figures not valid** |"; fi
  if [ -n "${BENCH_APP_DIR:-}" ]; then echo "| server build | \`${BENCH_APP_DIR}\` (not src/) |"; fi
} > "$OUT/machine.md"
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- replay sets -----------------------------------------------------------------------------------
# Walk one call through the server's phone tree to learn the event sequence; every generated call
# follows it. Sets are made when first needed and reused by every server process (each starts with
# an empty store), never twice by the same process.
start_app walk unpinned InMemory || { log "TelesignVoice does not start: $(start_failure)"; exit 1; }
run_logged $TOOL walk --url "$URL/webhooks/telesign" --api-key "$API_KEY" --customer-id "$CUSTOMER_ID" \
  --digits "$DIGITS" --out "$OUT/plan.txt"
stop_server
EVENTS_PER_CALL=$(wc -l < "$OUT/plan.txt")
WALK=$(awk -F'\t' '{ printf "%s%s%s → %s", (NR > 1 ? " · " : ""), $1, ($2 == "-" ? "" : "[" $2 "]"), $3 }' "$OUT/plan.txt")
echo "| each generated call | $WALK |" >> "$OUT/machine.md"

declare -A FLOOR_RPS=()
rate_for() { # the most req/s any server here can answer at these connections: the floor's best
  echo "${FLOOR_RPS[$1]:-${FLOOR_RPS[16]:-30000}}"
}
ensure_set() { # ensure_set NAME REQ_PER_S SECONDS: enough distinct calls that no connection runs out
  local name=$1 calls=$(( ($2 * $3 * 3 / 2) / EVENTS_PER_CALL + SLICES * 4 ))
  [ -d "$OUT/tmp/sets/$name" ] && return 0
  run_logged $TOOL events --plan "$OUT/plan.txt" --api-key "$API_KEY" --calls "$calls" --slices $SLICES \
    --prefix "$(printf '%s' "$name" | tr -cd 'A-Za-z0-9' | tr 'a-z' 'A-Z' | cut -c1-6)" --out "$OUT/tmp/sets/$name" > /dev/null
}

# wrk_run CONNS PLACEMENT SECONDS SCRIPT URL ARGS...: prints wrk's RESULT json, or null.
wrk_run() {
  local conns=$1 placement=$2 seconds=$3 script=$4 url=$5; shift 5
  run_logged taskset -c "$(wrk_cpus "$placement")" wrk -t "$conns" -c "$conns" -d "${seconds}s" --timeout 5s \
    -s "$ROOT/bench/lua/$script" "$url" -- "$@" > "$OUT/tmp/wrk.out" 2>&1 || true
  if ! grep '^RESULT ' "$OUT/tmp/wrk.out" | tail -n 1 | cut -d' ' -f2- | grep .; then
    log "wrk failed: $(tail -n 3 "$OUT/tmp/wrk.out" | tr '\n' ' ')" >&2
    echo null
  fi
}

replay() { # replay CONNS PLACEMENT SECONDS SET: one wrk run of the webhook replay
  local mode=
  case $TARGET in floor|demo) mode=wrap ;; esac   # they keep no state: repeating bodies costs them nothing
  wrk_run "$1" "$2" "$3" replay.lua "$URL/webhooks/telesign" "$OUT/tmp/sets/$4" $SLICES "$1" "$CUSTOMER_ID" $mode
}

# warm_up PLACEMENT KIND: 3 s windows of fresh load at 16 connections until req/s stops rising.
warm_up() {
  local placement=$1 kind=$2 previous=0 rps result rates=""
  for w in $(seq 1 "$WARM_WINDOWS"); do
    if [ "$kind" = webhook ]; then
      ensure_set "warm-$w" "$(rate_for 16)" $WARM_SECONDS
      result=$(replay 16 "$placement" $WARM_SECONDS "warm-$w")
    else
      result=$(outbound_load 16 "$placement" $WARM_SECONDS)
    fi
    rps=$(field rps "$result"); rps=${rps%.*}; rps=${rps:-0}
    rates="$rates${rates:+, }$rps"
    # Steady: within 5 % of the window before (a cold server climbs for tens of seconds).
    if [ "$w" -ge 2 ] && [ $((rps * 100)) -le $((previous * 105)) ] && [ $((rps * 100)) -ge $((previous * 95)) ]; then
      break
    fi
    previous=$rps
  done
  WARMUP_RATES=$rates
  log "$TARGET $placement warm-up req/s per ${WARM_SECONDS} s window: $rates"
}

log_offset() { stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0; }
count_since() { tail -c +"$(($1 + 1))" "$SERVER_LOG" 2>/dev/null | grep -c "$2" || true; }

# webhook_rows TARGET PLACEMENT: warm the running server up, then one measured row per connection count.
webhook_rows() {
  local placement=$2 result rss offset duplicates conflicts rps cpu_before pg_before cpu_us pg_us requests
  TARGET=$1
  warm_up "$placement" webhook
  record "{\"kind\":\"warmup\",\"target\":\"$TARGET\",\"pinned\":$(pinned_json "$placement"),\"rates\":\"$WARMUP_RATES\"}"
  for conns in $CONNS; do
    ensure_set "settle-$conns" "$(rate_for "$conns")" "$WARMUP"
    ensure_set "measure-$conns" "$(rate_for "$conns")" "$DURATION"
    replay "$conns" "$placement" "$WARMUP" "settle-$conns" > /dev/null
    reset_peak_rss "$SERVER_PID"
    offset=$(log_offset)
    cpu_before=$(cpu_ticks "$SERVER_PID"); pg_before=$( [ "$TARGET" = Postgres ] && cpu_ticks "$PG_PID" || echo 0)
    result=$(replay "$conns" "$placement" "$DURATION" "measure-$conns")
    rss=$(peak_rss_kb "$SERVER_PID")
    requests=$(field requests "$result")
    cpu_us=$(us_per_request $(( $(cpu_ticks "$SERVER_PID") - cpu_before )) "${requests:-0}")
    pg_us=$( [ "$TARGET" = Postgres ] && us_per_request $(( $(cpu_ticks "$PG_PID") - pg_before )) "${requests:-0}" || echo 0)
    if [ "$result" = null ]; then skip "$TARGET" "wrk failed at $conns connections ($placement)"; continue; fi
    duplicates=$(count_since "$offset" 'Duplicate delivery')
    conflicts=$(count_since "$offset" 'committed first')
    record "{\"kind\":\"webhook\",\"target\":\"$TARGET\",\"conns\":$conns,\"pinned\":$(pinned_json "$placement"),\"rss_kb\":$rss,\"cpu_us\":$cpu_us,\"pg_cpu_us\":$pg_us,\"duplicates\":$duplicates,\"conflicts\":$conflicts,\"wrk\":$result}"
    log "$TARGET $placement c=$conns: $(field rps "$result") req/s, p50 $(field p50_ms "$result") ms, p99 $(field p99_ms "$result") ms, peak RSS $((rss / 1024)) MB, $cpu_us µs CPU/request"
    if [ "$TARGET" = floor ]; then
      rps=$(field rps "$result" | cut -d. -f1)
      if [ "$rps" -gt "${FLOOR_RPS[$conns]:-0}" ]; then FLOOR_RPS[$conns]=$rps; fi
    fi
  done
}

# stall_windows STORE PLACEMENT: 60 s at 16 connections as consecutive 10 s runs; the worst request of
# each window shows a stall (checkpoint, GC, log flush) that a p99 over the whole run hides.
stall_windows() {
  local result maxes="" p99s=""
  for w in $(seq 1 "$STALL_WINDOWS"); do
    ensure_set "stall-$w" "$(rate_for 16)" 10
    result=$(replay 16 "$2" 10 "stall-$w")
    maxes="$maxes${maxes:+, }$(field max_ms "$result")"
    p99s="$p99s${p99s:+, }$(field p99_ms "$result")"
  done
  record "{\"kind\":\"stall\",\"target\":\"$1\",\"pinned\":$(pinned_json "$2"),\"window_s\":10,\"rates\":\"$maxes\",\"p99s\":\"$p99s\"}"
  log "$1 $2 max ms per 10 s window at 16 connections: $maxes"
}

# replay_one_set NAME: every warm-up window and row of a stateless server replays the set NAME.
replay_one_set() {
  local w conns
  for w in $(seq 1 "$WARM_WINDOWS"); do ln -sfn "$1" "$OUT/tmp/sets/warm-$w"; done
  for conns in $CONNS; do ln -sfn "$1" "$OUT/tmp/sets/settle-$conns"; ln -sfn "$1" "$OUT/tmp/sets/measure-$conns"; done
}
# Drops those links, so the stores that follow get fresh sets of their own.
forget_replayed_set() { rm -f "$OUT"/tmp/sets/warm-* "$OUT"/tmp/sets/settle-* "$OUT"/tmp/sets/measure-*; }

# --- the floor -------------------------------------------------------------------------------------
ensure_set floor 1000 60   # replayed in a loop by the floor, which keeps no state
for placement in $PLACEMENTS; do
  start_server "floor-$placement" "$placement" "$FLOOR_DIR" Floor.dll ASPNETCORE_ENVIRONMENT=Production "${STEADY_ENV[@]}" \
    || { log "the floor does not start: $(start_failure)"; exit 1; }
  TARGET=floor
  # The floor replays one set over and over: every window and row uses it.
  replay_one_set floor
  webhook_rows floor "$placement"
  stop_server
done
forget_replayed_set

# --- Telesign's demo: the peer to beat -----------------------------------------------------------------
# Its Python sample (bench/TelesignDemo) under uWSGI behind nginx, as Telesign's sample deploys it. It
# verifies nothing and stores nothing, so, like the floor, it replays one set.
demo_packages() {
  command -v uwsgi >/dev/null && command -v nginx >/dev/null && python3 -c 'import bottle' 2>/dev/null \
    && [ -e /usr/lib/uwsgi/plugins/python3_plugin.so ] && return 0
  log "installing the demo's python3-bottle, uwsgi, uwsgi-plugin-python3 and nginx from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && apt-get install -y -qq python3-bottle uwsgi uwsgi-plugin-python3 nginx >/dev/null
}
if [ "$DEMO" = 1 ]; then
  if demo_packages; then
    for placement in $PLACEMENTS; do
      replay_one_set floor
      if ! start_process "demo-$placement" "$placement" "$ROOT/bench/TelesignDemo" ./start.sh "$PORT"; then
        skip demo "Telesign's demo does not start: $(tail -n 1 "$SERVER_LOG" | json_escape)"
        break
      fi
      webhook_rows demo "$placement"
      stop_server
    done
    forget_replayed_set
  else
    skip demo "python3-bottle, uwsgi, uwsgi-plugin-python3 or nginx could not be installed"
  fi
fi

# --- TelesignVoice with each store -----------------------------------------------------------------
for store in $STORES; do
  if [ "$store" = Postgres ] && [ -z "$PG_DATA" ] && ! start_postgres; then
    skip Postgres "a local PostgreSQL cluster could not be started"
    continue
  fi
  for placement in $PLACEMENTS; do
    place_postgres "$placement"
    if ! start_app "$store-$placement" "$placement" "$store" "${STEADY_ENV[@]}"; then
      skip "$store" "the server refuses Storage:Provider=$store: $(start_failure)"
      continue 2
    fi
    webhook_rows "$store" "$placement"
    if [ "$STALL" = 1 ] && [ "$store" = Sqlite ] && [ "$placement" = pinned ]; then stall_windows "$store" "$placement"; fi
    stop_server
  done
done
place_postgres unpinned
AVAILABLE_STORES=$(for s in $STORES; do grep -q "\"target\":\"$s\",\"reason\"" "$RESULTS" || printf '%s ' "$s"; done)
DURABLE_STORE=InMemory
for s in Sqlite Postgres; do case " $AVAILABLE_STORES " in *" $s "*) DURABLE_STORE=$s; break ;; esac; done

# --- cold start: the same server with the runtime's default tiering ------------------------------------------
if [ "$COLD" = 1 ]; then
  TARGET=$DURABLE_STORE
  if start_app "cold-$TARGET" pinned "$TARGET"; then
    rates="" p99s=""
    for w in $(seq 1 "$COLD_WINDOWS"); do
      ensure_set "cold-$w" "$(rate_for 16)" $COLD_SECONDS
      result=$(replay 16 pinned $COLD_SECONDS "cold-$w")
      rates="$rates${rates:+, }$(field rps "$result" | cut -d. -f1)"
      p99s="$p99s${p99s:+, }$(field p99_ms "$result")"
    done
    stop_server
    record "{\"kind\":\"cold\",\"target\":\"$TARGET\",\"pinned\":true,\"window_s\":$COLD_SECONDS,\"rates\":\"$rates\",\"p99s\":\"$p99s\"}"
    log "cold start ($TARGET, pinned, default tiering) req/s per ${COLD_SECONDS} s window: $rates"
  fi
fi

# --- outbound: POST /calls against a fake Telesign -----------------------------------------------------
outbound_load() { # outbound_load CONNS PLACEMENT SECONDS: POST /calls (or the dial, for the fake)
  if [ "$TARGET" = fake ]; then
    wrk_run "$1" "$2" "$3" post.lua "http://127.0.0.1:$FAKE_PORT/v2/voice" "$OUT/tmp/dial.json" "$OUT/tmp/dial.headers" "$RANDOM$RANDOM"
  else
    wrk_run "$1" "$2" "$3" post.lua "$URL/calls" "$OUT/tmp/calls.json" "$OUT/tmp/calls.headers" "$RANDOM$RANDOM"
  fi
}

outbound_rows() { # outbound_rows TARGET PLACEMENT PID: warm up, then c=1 and c=16
  local placement=$2 pid=$3 result rss
  TARGET=$1
  warm_up "$placement" outbound
  for conns in 1 16; do
    outbound_load "$conns" "$placement" "$WARMUP" > /dev/null
    reset_peak_rss "$pid"
    result=$(outbound_load "$conns" "$placement" "$DURATION")
    rss=$(peak_rss_kb "$pid")
    if [ "$result" = null ]; then skip "$TARGET" "wrk failed at $conns connections ($placement)"; continue; fi
    record "{\"kind\":\"outbound\",\"target\":\"$TARGET\",\"conns\":$conns,\"pinned\":$(pinned_json "$placement"),\"rss_kb\":$rss,\"wrk\":$result}"
    log "$TARGET $placement c=$conns: $(field rps "$result") req/s, p50 $(field p50_ms "$result") ms, p99 $(field p99_ms "$result") ms"
  done
}

probe_calls() { # probe_calls BODY_FILE: HTTP status of one POST /calls
  curl -s -o "$OUT/tmp/probe.json" -w '%{http_code}' "$URL/calls" -H 'Content-Type: application/json' \
    -H "X-Api-Key: $OPERATOR_KEY" --data-binary @<(sed 's/{n}/10000000/g; s/{run}/probe/g' "$1")
}

if [ "$OUTBOUND" = 1 ]; then
  # {n} becomes <thread><7-digit counter>, {run} a token per wrk run: every request is a new call.
  printf '%s\n' '{"method":"dial","params":{"to":"442{n}","caller_id_number":"15554441313","external_id":"bench-{run}-{n}"}}' > "$OUT/tmp/dial.json"
  printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "$CUSTOMER_ID" "$API_KEY" | base64 -w0)" > "$OUT/tmp/dial.headers"
  printf '%s\n' '{"to":"442{n}","flow":"appointment-reminder","variables":{"name":"Ada","when":"Tuesday at 10 AM"}}' > "$OUT/tmp/calls.json"
  printf 'X-Api-Key: %s\nIdempotency-Key: bench-{run}-{n}\n' "$OPERATOR_KEY" > "$OUT/tmp/calls.headers"
  for placement in $PLACEMENTS; do
    # The fake sits with wrk on core 0 in the pinned runs, so the server keeps core 1 to itself.
    (cd "$FAKE_DIR" && exec taskset -c "$(wrk_cpus "$placement")" env ASPNETCORE_URLS="http://127.0.0.1:$FAKE_PORT" \
      ASPNETCORE_ENVIRONMENT=Production "${STEADY_ENV[@]}" dotnet FakeTelesign.dll) > "$OUT/logs/fake.log" 2>&1 &
    FAKE_PID=$!
    until curl -s -o /dev/null "http://127.0.0.1:$FAKE_PORT/"; do sleep 0.1; done
    outbound_rows fake "$placement" "$FAKE_PID"
    start_app "calls-$placement" "$placement" "$DURABLE_STORE" "${STEADY_ENV[@]}"
    status=$(probe_calls "$OUT/tmp/calls.json")
    if [ "$status" != 202 ]; then
      # Before call flows exist the server may not know the flow: place plain calls instead, and say so.
      sed -i 's/,"flow":"appointment-reminder"//' "$OUT/tmp/calls.json"
      status=$(probe_calls "$OUT/tmp/calls.json")
      if [ "$status" = 202 ]; then
        skip "POST /calls with flow appointment-reminder" "refused by this build; calls placed with the default flow instead"
      fi
    fi
    if [ "$status" != 202 ]; then
      stop_server
      kill "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null || true; FAKE_PID=
      skip "POST /calls" "a probe call was answered with HTTP $status$([ "$status" = 404 ] && echo ' (no such route in this build)'), so outbound is not measured: $(sed -E 's/.*"(detail|title)":"([^"]*)".*/\2/' "$OUT/tmp/probe.json" | cut -c1-160)"
      break
    fi
    outbound_rows calls "$placement" "$SERVER_PID"
    stop_server
    kill "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null || true; FAKE_PID=
  done
  echo "| outbound | \`POST /calls\` with $DURABLE_STORE, an \`Idempotency-Key\` per request; fake Telesign answers 202 |" >> "$OUT/machine.md"
fi

# --- startup: process start to first answered webhook (runtime defaults) ------------------------------
if [ "$STARTUP" = 1 ]; then
  ensure_set startup 1 1
  for target in floor InMemory Sqlite; do
    if [ "$target" = floor ]; then
      dir=$FLOOR_DIR dll=Floor.dll env=(ASPNETCORE_ENVIRONMENT=Production)
    else
      case " $STORES " in *" $target "*) ;; *) continue ;; esac
      case " $AVAILABLE_STORES " in *" $target "*) ;; *) skip "startup $target" "store not available in this build"; continue ;; esac
      dir=$APP_DIR dll=TelesignVoice.dll
      RUN_NUMBER=$((RUN_NUMBER + 1))
      mapfile -t env < <(app_env "$target" "$RUN_NUMBER" | sed "s|run-[0-9]*\.db|startup.db|")
    fi
    echo "(cd ${dir#"$ROOT/"} && env ASPNETCORE_URLS=$URL <settings> BenchTool startup --runs $STARTUP_RUNS --url $URL/webhooks/telesign ... -- dotnet $dll)" >> "$COMMANDS"
    result=$(cd "$dir" && env ASPNETCORE_URLS="$URL" "${env[@]}" $TOOL startup --url "$URL/webhooks/telesign" \
      --request "$OUT/tmp/sets/startup/slice-000.txt" --customer-id "$CUSTOMER_ID" --runs "$STARTUP_RUNS" \
      --remove "$OUT/tmp/startup.db,$OUT/tmp/startup.db-wal,$OUT/tmp/startup.db-shm" -- dotnet "$dll" 2>&1 \
      | grep '^RESULT ' | cut -d' ' -f2-) || true
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
    { echo "### $(basename "$file" -report-github.md | sed 's/.*\.//')"; echo
      sed -n '/^|/,$p' "$file" | sed "s/&#39;/'/g; s/&gt;/>/g; s/&lt;/</g; s/\*\*//g"; echo; } >> "$MICRO_MD"
  done
  if [ -f "$MICRO_MD" ]; then
    { echo "Job: ShortRun (3 warm-up, 3 measured iterations), unpinned. $(grep -m1 -hE '^\.NET SDK|^BenchmarkDotNet' "$OUT"/bdn/results/*-report-github.md | head -n 1)"; } >> "$MICRO_MD"
  fi
fi

echo "| load average after the run | $(cut -d' ' -f1-3 /proc/loadavg) |" >> "$OUT/machine.md"
mkdir -p "$(dirname "$REPORT")"
$TOOL report --results "$RESULTS" --machine "$OUT/machine.md" --commands "$COMMANDS" \
  --micro "${MICRO_MD:-}" --notes "$ROOT/bench/NOTES.md" --out "$REPORT"
log "done in $((SECONDS / 60)) min $((SECONDS % 60)) s: ${REPORT#"$ROOT/"} (raw results: ${RESULTS#"$ROOT/"})"
