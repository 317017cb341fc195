-- POSTs a JSON body made unique per request: "{n}" in the body and header templates becomes
-- "<thread>-<counter>", so each request is a new call (and a new idempotency key).
-- args: <body template file> [<header template file>]  (headers: one "Name: value" a line)

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function read(path)
  local file = assert(io.open(path, "r"))
  local text = file:read("*a")
  file:close()
  return text
end

function init(args)
  body_template = read(args[1]):gsub("%s+$", "")
  header_templates = {}
  if args[2] then
    for line in io.lines(args[2]) do
      local name, value = line:match("^([^:]+):%s*(.*)$")
      if name then header_templates[name] = value end
    end
  end
  counter = 0
end

function request()
  counter = counter + 1
  local n = id .. "-" .. counter
  local headers = { ["Content-Type"] = "application/json" }
  for name, value in pairs(header_templates) do
    headers[name] = value:gsub("{n}", n)
  end
  return wrk.format("POST", nil, headers, (body_template:gsub("{n}", n)))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"exhausted":0}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
