-- Replays pre-generated signed Telesign events (bench/BenchTool "events").
-- Run with one connection per thread (-t N -c N): each thread is then one connection that walks the
-- calls of its own slices in order, so the events of a call arrive in order and no body repeats.
-- args: <slice dir> <slice count> <thread count> <customer id> [wrap]
--   wrap: cycle through the set when it runs out (the floor keeps no state, so repeats cost it nothing);
--   without it a thread that runs out still cycles, but is counted and the run is flagged.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local dir, slices, nthreads, customer = args[1], tonumber(args[2]), tonumber(args[3]), args[4]
  wrap = args[5] == "wrap"
  requests = {}
  for s = id, slices - 1, nthreads do
    for line in io.lines(string.format("%s/slice-%03d.txt", dir, s)) do
      local sig, body = line:match("^(%S+) (.*)$")
      requests[#requests + 1] = wrk.format("POST", nil, {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "TSA " .. customer .. ":" .. sig,
        ["X-TS-Authorization"] = sig,
      }, body)
    end
  end
  index = 0
  exhausted = 0
  -- wrk asks thread 0 for one request to check it before the run and never sends it: give that one
  -- twice, so the first call still starts with its first event.
  verify_pending = (id == 0)
end

function request()
  if verify_pending then
    verify_pending = false
    return requests[1]
  end
  index = index + 1
  if index > #requests then
    index = 1
    if not wrap then exhausted = 1 end
  end
  return requests[index]
end

function done(summary, latency, requests)
  local ran_out = 0
  for _, thread in ipairs(threads) do
    ran_out = ran_out + (thread:get("exhausted") or 0)
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"exhausted":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, ran_out))
end
