#!/usr/bin/env bash
# One server, one load: the quick A/B behind the "Changes" notes in bench/NOTES.md. Starts TelesignVoice
# pinned to core 1 (wrk on core 0), warms it up with fresh signed calls, measures 8 s of fresh calls and
# prints req/s, p99 and the server's CPU time per request (from /proc, so it counts every thread).
#
#   bench/quick.sh [STORE] [CONNS] [APP_DIR]     e.g. bench/quick.sh Sqlite 16
#   APP_DIR: a server build to measure (default: src/TelesignVoice's Release build, built first).
#   PORT: the server's port (default 18097).
#   STORE=Postgres needs CONN (an Npgsql connection string to a fresh database).
#   Runs vary by about ±10 % on a shared machine: alternate A and B a few times before concluding.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STORE=${1:-Sqlite}
CONNS=${2:-16}
APP=${3:-}
if [ -z "$APP" ]; then
  dotnet build src/TelesignVoice -c Release -nologo -v quiet > /dev/null
  APP=$ROOT/src/TelesignVoice/bin/Release/net10.0
fi
dotnet build bench/BenchTool -c Release -nologo -v quiet > /dev/null
command -v wrk >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

OUT=$(mktemp -d /tmp/telesignvoice-quick.XXXXXX)
TOOL="dotnet $ROOT/bench/BenchTool/bin/Release/net10.0/BenchTool.dll"
KEY=$(head -c 32 /dev/urandom | base64)
CID=BENCH0000-0000-0000-0000-000000000000
PORT=${PORT:-18097}   # another port lets two checkouts measure without answering each other's requests
URL=http://127.0.0.1:$PORT/webhooks/telesign
(cd "$APP" && exec taskset -c 1 env DOTNET_TC_CallCountingDelayMs=0 \
  ASPNETCORE_URLS=http://127.0.0.1:$PORT ASPNETCORE_ENVIRONMENT=Production Telesign__CustomerId=$CID \
  Telesign__ApiKey="$KEY" Flows__Inbound__15558675309=support-menu Storage__Provider="$STORE" \
  Storage__ConnectionString="${CONN:-Data Source=$OUT/calls.db}" dotnet TelesignVoice.dll) > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$OUT"' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do kill -0 $PID; sleep 0.1; done

$TOOL walk --url "$URL" --api-key "$KEY" --customer-id "$CID" --digits 2,5 --out "$OUT/plan.txt" > /dev/null
$TOOL events --plan "$OUT/plan.txt" --api-key "$KEY" --calls 60000 --slices 64 --prefix W$$ --out "$OUT/warm" > /dev/null
$TOOL events --plan "$OUT/plan.txt" --api-key "$KEY" --calls 60000 --slices 64 --prefix M$$ --out "$OUT/measure" > /dev/null
taskset -c 0 wrk -t "$CONNS" -c "$CONNS" -d 12s -s bench/lua/replay.lua "$URL" -- "$OUT/warm" 64 "$CONNS" "$CID" > /dev/null 2>&1
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
before=$(cpu_ticks); started=$(date +%s.%N)
taskset -c 0 wrk -t "$CONNS" -c "$CONNS" -d 8s -s bench/lua/replay.lua "$URL" -- "$OUT/measure" 64 "$CONNS" "$CID" > "$OUT/wrk.out" 2>&1
after=$(cpu_ticks); ended=$(date +%s.%N)
result=$(grep RESULT "$OUT/wrk.out")
value() { sed -nE "s/.*\"$1\":([0-9.]+).*/\\1/p" <<< "$result"; }
python3 - "$STORE" "$CONNS" "$(value rps)" "$(value p99_ms)" "$(value duration_s)" "$before" "$after" "$(getconf CLK_TCK)" "$started" "$ended" <<'PY'
import sys
store, conns, rps, p99, duration, before, after, hz, started, ended = sys.argv[1:]
cpu_s = (float(after) - float(before)) / float(hz)
print(f"{store} c={conns}: {float(rps):.0f} req/s, p99 {float(p99):.2f} ms, "
      f"server CPU {cpu_s / (float(ended) - float(started)) * 100:.0f} % of a core, "
      f"{cpu_s / (float(rps) * float(duration)) * 1e6:.0f} µs per request")
PY
