#!/usr/bin/env bash
# CPU profile of TelesignVoice under the webhook load: perf samples the server (pinned to core 1) while
# wrk (core 0) replays signed calls, and the hottest frames are printed, .NET methods by name
# (DOTNET_PerfMapEnabled, W^X off; hot methods are re-jitted at tier 1, so they are in the map). Used to find what keeps the webhook path from the floor.
#
#   bench/profile.sh [STORE] [CONNS]      e.g. bench/profile.sh Sqlite 16
#   STORE=Postgres needs CONN (an Npgsql connection string to a fresh database), as bench/quick.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STORE=${1:-InMemory}
CONNS=${2:-16}
SECONDS_SAMPLED=${PROFILE_SECONDS:-8}
OUT=$ROOT/bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)-$STORE
mkdir -p "$OUT"
command -v perf >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null; }

dotnet build src/TelesignVoice -c Release -nologo -v quiet > "$OUT/build.log"
dotnet build bench/BenchTool -c Release -nologo -v quiet >> "$OUT/build.log"
TOOL="dotnet $ROOT/bench/BenchTool/bin/Release/net10.0/BenchTool.dll"
KEY=$(head -c 32 /dev/urandom | base64)
CID=BENCH0000-0000-0000-0000-000000000000
PORT=18099
URL=http://127.0.0.1:$PORT/webhooks/telesign

(cd src/TelesignVoice/bin/Release/net10.0 && exec taskset -c 1 env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_TC_CallCountingDelayMs=0 \
  ASPNETCORE_URLS=http://127.0.0.1:$PORT ASPNETCORE_ENVIRONMENT=Production Telesign__CustomerId=$CID \
  Telesign__ApiKey="$KEY" Flows__Inbound__15558675309=support-menu Storage__Provider="$STORE" Storage__ConnectionString="${CONN:-Data Source=$OUT/calls.db}" \
  dotnet TelesignVoice.dll) > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$OUT/events" "$OUT/calls.db"*' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do kill -0 $PID; sleep 0.1; done

$TOOL walk --url "$URL" --api-key "$KEY" --customer-id "$CID" --digits "${BENCH_DIGITS:-2,5}" --out "$OUT/plan.txt"
$TOOL events --plan "$OUT/plan.txt" --api-key "$KEY" --calls 100000 --slices 64 --out "$OUT/events" > /dev/null
taskset -c 0 wrk -t "$CONNS" -c "$CONNS" -d "$((SECONDS_SAMPLED + 17))s" -s bench/lua/replay.lua "$URL" -- \
  "$OUT/events" 64 "$CONNS" "$CID" > "$OUT/wrk.out" 2>&1 &
WRK=$!
sleep 15
perf record -F 499 -g -p $PID -o "$OUT/perf.data" -- sleep "$SECONDS_SAMPLED" 2> /dev/null
wait $WRK
grep RESULT "$OUT/wrk.out"
perf script -i "$OUT/perf.data" 2>/dev/null | python3 bench/perf-buckets.py --detail > "$OUT/components.txt" || true
perf report -i "$OUT/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null | grep -E "^ +[0-9]" | head -n 40 > "$OUT/self.txt" || true
cat "$OUT/components.txt"
echo "profile: ${OUT#"$ROOT/"}"
