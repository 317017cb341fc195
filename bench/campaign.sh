#!/usr/bin/env bash
# Campaign benchmark: a campaign of 10,000 recipients against bench/FakeTelesign (which records every dial
# and plays each as an answered call), at 50 and at 200 calls per second, SIGKILLed three times and
# restarted; on SQLite with one instance and on PostgreSQL with two. Prints, per run: the dial rate
# measured from the fake's dial times (within each stretch between kills, and over the whole run), numbers
# and attempts dialled twice, recipients lost, peak RSS, time from POST /campaigns to the first dial.
# The rate is measured from the fake's own dial times, from the first dial to the first kill (no restart
# in that stretch), and over the whole run (restarts and the recovery of cut-short dials included).
#
#   bench/campaign.sh                   the full run (about 12 minutes on 2 cores)
#   bench/campaign.sh --smoke           1,000 recipients, one kill: checks the harness
#
# Knobs (environment): CAMPAIGN_RECIPIENTS (10000), CAMPAIGN_RATES ("50 200"), CAMPAIGN_KILLS (3),
# CAMPAIGN_STORES ("Sqlite Postgres"), CAMPAIGN_PG (an existing PostgreSQL as a connection string, e.g.
# "Host=127.0.0.1;Port=55433;Username=postgres": each run makes a fresh database there; without it the
# script starts its own throwaway cluster as .ci/run does), CAMPAIGN_REPORT (a markdown file to append to),
# CAMPAIGN_APP_DIR / CAMPAIGN_FAKE_DIR (builds to use instead of building in Release).
# Servers run pinned to core 1 (taskset), the fake Telesign to core 0.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
RECIPIENTS=${CAMPAIGN_RECIPIENTS:-$([ "$SMOKE" = 1 ] && echo 1000 || echo 10000)}
RATES=${CAMPAIGN_RATES:-"50 200"}
KILLS=${CAMPAIGN_KILLS:-$([ "$SMOKE" = 1 ] && echo 1 || echo 3)}
STORES=${CAMPAIGN_STORES:-"Sqlite Postgres"}
OUT=$ROOT/bench/results/campaign-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT/logs" "$OUT/tmp"
REPORT=${CAMPAIGN_REPORT:-$OUT/report.md}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[campaign %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
now_ms() { date +%s%3N; }
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
command -v taskset >/dev/null || { log "taskset (util-linux) is required"; exit 1; }

API_KEY=$(head -c 32 /dev/urandom | base64)
CUSTOMER_ID=BENCH0000-0000-0000-0000-000000000000
OPERATOR_KEY=bench-operator-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
FAKE_PORT=$(free_port 19090)
PORT_A=$(free_port $((FAKE_PORT + 1)))
PORT_B=$(free_port $((PORT_A + 1)))
FAKE=http://127.0.0.1:$FAKE_PORT

# CAMPAIGN_APP_DIR / CAMPAIGN_FAKE_DIR: builds to use as they are (e.g. src/TelesignVoice/bin/Debug/net10.0)
# instead of publishing in Release, which takes minutes on a busy machine.
APP_DIR=${CAMPAIGN_APP_DIR:-$OUT/tmp/app}
FAKE_DIR=${CAMPAIGN_FAKE_DIR:-$ROOT/bench/FakeTelesign/bin/Release/net10.0}
if [ -z "${CAMPAIGN_APP_DIR:-}" ]; then
  log "building in Release"
  dotnet publish src/TelesignVoice -c Release --self-contained false -p:UseAppHost=false -o "$APP_DIR" -nologo -v quiet \
    > "$OUT/logs/build-app.log" 2>&1 || { cat "$OUT/logs/build-app.log"; exit 1; }
fi
if [ -z "${CAMPAIGN_FAKE_DIR:-}" ]; then
  dotnet build bench/FakeTelesign -c Release -nologo -v quiet > "$OUT/logs/build-fake.log" 2>&1 || { cat "$OUT/logs/build-fake.log"; exit 1; }
fi

declare -A PIDS=()
FAKE_PID=
PG_DATA=
cleanup() {
  for pid in "${PIDS[@]}" $FAKE_PID; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$PG_DATA" ]; then
    su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DATA -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DATA"
  fi
  rm -rf "$OUT/tmp"
}
trap cleanup EXIT

# --- PostgreSQL: the one given, or a throwaway cluster of our own --------------------------------------
PG=${CAMPAIGN_PG:-}
start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  local port; port=$(free_port 55440)
  PG_DATA=$(mktemp -d /tmp/telesignvoice-campaign-pg.XXXXXX)
  chown postgres:postgres "$PG_DATA"
  su postgres -s /bin/sh -c "$PG_BIN/initdb -D $PG_DATA -A trust -U postgres" >/dev/null
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DATA -l $PG_DATA/server.log -w -o '-p $port -k $PG_DATA -c listen_addresses=127.0.0.1 -c max_connections=200' start" >/dev/null
  PG="Host=127.0.0.1;Port=$port;Username=postgres"
  log "PostgreSQL started on 127.0.0.1:$port (fsync on)"
}
pg_field() { sed -nE "s/.*(^|;)$1=([^;]*).*/\\2/p" <<< "$PG"; }
create_pg_database() { # create_pg_database NAME
  PGPASSWORD=$(pg_field Password) psql -h "$(pg_field Host)" -p "$(pg_field Port)" -U "$(pg_field Username)" -d postgres -qc "CREATE DATABASE $1" >/dev/null
}
if [[ " $STORES " == *" Postgres "* ]] && [ -z "$PG" ]; then start_postgres; fi

# --- the fake Telesign (core 0): records dials, plays calls, sends events to both server ports ----------
(cd "$FAKE_DIR" && exec taskset -c 0 env ASPNETCORE_URLS="$FAKE" ASPNETCORE_ENVIRONMENT=Production \
  Fake__RecordDials=true Fake__CustomerId="$CUSTOMER_ID" Fake__ApiKey="$API_KEY" Fake__RingMilliseconds=200 \
  Fake__WebhookUrls__0="http://127.0.0.1:$PORT_A/webhooks/telesign" Fake__WebhookUrls__1="http://127.0.0.1:$PORT_B/webhooks/telesign" \
  dotnet FakeTelesign.dll) > "$OUT/logs/fake.log" 2>&1 &
FAKE_PID=$!

# --- servers (core 1) --------------------------------------------------------------------------------
STORE_SETTING=
# Short recovery times, so a run ends within minutes of its last kill: the lease of a claimed recipient,
# the Telesign client's timeouts (a dial cut short is recovered after its lease + timeout + 30 s), and how
# long an attempt whose dial may have rung waits for an event before it is final as outcome_unknown.
SERVER_ENV=(
  ASPNETCORE_ENVIRONMENT=Production Simulator__Enabled=false
  Telesign__CustomerId="$CUSTOMER_ID" Telesign__ApiKey="$API_KEY" Telesign__BaseUrl="$FAKE" Telesign__CallerIdNumber=15554441313
  Operators__ApiKeys__0="$OPERATOR_KEY" Operators__RateLimit__PermitLimit=100000
  Campaigns__MaxCallsPerSecond=1000 Campaigns__LeaseSeconds=10 Campaigns__UnknownOutcomeWaitSeconds=20
  Telesign__Resilience__AttemptTimeout=00:00:02 Telesign__Resilience__TotalTimeout=00:00:05
)
start_instance() { # start_instance PORT
  local port=$1
  (cd "$APP_DIR" && exec taskset -c 1 env "${SERVER_ENV[@]}" Storage__Provider="${STORE_SETTING%%|*}" \
    Storage__ConnectionString="${STORE_SETTING#*|}" ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet TelesignVoice.dll) \
    >> "$OUT/logs/server-$port.log" 2>&1 &
  PIDS[$port]=$!
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health/live" && return 0
    kill -0 "${PIDS[$port]}" 2>/dev/null || { log "the server on $port exited: $(tail -n 5 "$OUT/logs/server-$port.log")"; exit 1; }
    sleep 0.1
  done
  log "the server on $port never became ready"; exit 1
}
PEAK_RSS=0
sample_rss() {
  for pid in "${PIDS[@]}"; do
    local kb; kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${kb:-0}" -gt "$PEAK_RSS" ] && PEAK_RSS=$kb
  done
  return 0
}
stats() { curl -sf "$FAKE/stats"; }
stat() { jq -r ".$1 // 0" <<< "$(stats)"; }

# --- one run -----------------------------------------------------------------------------------------
RESULTS=$OUT/results.md
{
  echo "| store | instances | rate (calls/s) | recipients | SIGKILLs | measured dial rate, first dial to first kill (calls/s) | over the whole run, restarts included | attempts dialled twice | numbers dialled twice | recipients lost | final states | peak RSS per instance (MiB) | POST to first dial (ms) | run time (s) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$RESULTS"

run() { # run STORE RATE
  local store=$1 rate=$2 name instances ports id
  name=cmp_$(date +%s)_$rate
  case $store in
    Sqlite) STORE_SETTING="Sqlite|Data Source=$OUT/tmp/$name.db"; ports=($PORT_A) ;;
    Postgres) create_pg_database "$name"; STORE_SETTING="Postgres|$PG;Database=$name"; ports=($PORT_A $PORT_B) ;;
  esac
  instances=${#ports[@]}
  PIDS=(); PEAK_RSS=0; FIRST_KILL_MS=0; FIRST_KILL_DIALS=0
  for port in "${ports[@]}"; do start_instance "$port"; done
  local before; before=$(stat dials)

  awk -v n="$RECIPIENTS" 'BEGIN { print "to,name"; for (i = 1; i <= n; i++) printf "1555%07d,Ada\n", 2000000 + i }' > "$OUT/tmp/$name.csv"
  local posted; posted=$(now_ms)
  id=$(curl -sf "http://127.0.0.1:$PORT_A/campaigns?name=$name&flow=default&calls_per_second=$rate&max_concurrent_calls=2000" \
    -H "X-Api-Key: $OPERATOR_KEY" -H 'Content-Type: text/csv' --data-binary "@$OUT/tmp/$name.csv" | jq -r .id)
  log "$store x$instances at $rate/s: campaign $id created ($RECIPIENTS recipients)"

  # SIGKILL at evenly spaced dial counts, alternating between the instances, each restarted at once.
  local kill=1 victim
  while [ "$kill" -le "$KILLS" ]; do
    local at=$(( before + RECIPIENTS * kill / (KILLS + 1) ))
    while [ "$(stat dials)" -lt "$at" ]; do sample_rss; sleep 0.2; done
    victim=${ports[$(( (kill - 1) % instances ))]}
    sample_rss
    [ "$kill" = 1 ] && { FIRST_KILL_MS=$(now_ms); FIRST_KILL_DIALS=$(( $(stat dials) - before )); }
    kill -9 "${PIDS[$victim]}"; wait "${PIDS[$victim]}" 2>/dev/null || true
    log "  SIGKILL $kill of $KILLS: instance :$victim at $(stat dials) dials; restarting it"
    start_instance "$victim"
    kill=$((kill + 1))
  done

  local status=running campaign
  while [ "$status" != completed ] && [ "$status" != cancelled ]; do
    sample_rss; sleep 0.5
    campaign=$(curl -sf "http://127.0.0.1:$PORT_A/campaigns/$id" -H "X-Api-Key: $OPERATOR_KEY" || echo '{"status":"unreachable"}')
    status=$(jq -r .status <<< "$campaign")
  done
  local ended; ended=$(now_ms)
  curl -sf "$FAKE/dials" | awk -v skip="$before" 'NR > skip' > "$OUT/tmp/$name.dials"

  # The rate from the first dial to the first kill (no restart in it), and over the whole run.
  local figures
  figures=$(python3 - "$OUT/tmp/$name.dials" "$posted" "${FIRST_KILL_MS:-0}" "${FIRST_KILL_DIALS:-0}" <<'PY'
import sys, collections
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
times = [int(r[0]) for r in rows]
kill_ms, kill_dials = int(sys.argv[3]), int(sys.argv[4])
inner = kill_dials / ((kill_ms - times[0]) / 1000) if kill_ms else (len(times) - 1) / ((times[-1] - times[0]) / 1000)
whole = (len(times) - 1) / ((times[-1] - times[0]) / 1000)
ext = collections.Counter(r[2] for r in rows)
to = collections.Counter(r[1] for r in rows)
print(f"{inner:.1f} {whole:.1f} {sum(1 for v in ext.values() if v > 1)} {sum(1 for v in to.values() if v > 1)} {times[0] - int(sys.argv[2])} {len(rows)}")
PY
)
  read -r inner whole twice_ext twice_to first_ms dials <<< "$figures"
  local total final lost states
  total=$(jq -r .counts.total <<< "$campaign")
  final=$(jq '[.counts | to_entries[] | select(.key != "total" and .key != "pending" and .key != "waiting" and .key != "dialing" and .key != "in_call") | .value] | add' <<< "$campaign")
  lost=$(( RECIPIENTS - final ))
  states=$(jq -r '[.counts | to_entries[] | select(.key != "total" and .value > 0) | "\(.key) \(.value)"] | join(", ")' <<< "$campaign")
  log "  $status in $(( (ended - posted) / 1000 )) s: $dials dials, rate $inner/s up to the first kill ($whole/s overall), attempts twice $twice_ext, numbers twice $twice_to, lost $lost ($states), peak RSS $((PEAK_RSS / 1024)) MiB, first dial after $first_ms ms"
  echo "| $store | $instances | $rate | $total | $KILLS | $inner | $whole | $twice_ext | $twice_to | $lost | $states | $((PEAK_RSS / 1024)) | $first_ms | $(( (ended - posted) / 1000 )) |" >> "$RESULTS"

  for port in "${ports[@]}"; do kill "${PIDS[$port]}" 2>/dev/null || true; wait "${PIDS[$port]}" 2>/dev/null || true; done
  PIDS=()
}

until curl -s -o /dev/null "$FAKE/stats"; do sleep 0.1; done
log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
for store in $STORES; do
  for rate in $RATES; do run "$store" "$rate"; done
done

{
  echo
  echo "Run of $(date -u '+%Y-%m-%d %H:%M') UTC, commit \`$(git rev-parse --short HEAD)\`, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg):"
  echo "\`bench/campaign.sh$([ "$SMOKE" = 1 ] && echo ' --smoke')\` (CAMPAIGN_RECIPIENTS=$RECIPIENTS CAMPAIGN_RATES=\"$RATES\" CAMPAIGN_KILLS=$KILLS CAMPAIGN_STORES=\"$STORES\"$([ -n "${CAMPAIGN_PG:-}" ] && echo ' CAMPAIGN_PG=…'))"
  echo
  cat "$RESULTS"
} >> "$REPORT"
log "report: $REPORT"
cat "$RESULTS"
