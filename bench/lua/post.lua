-- POSTs a JSON body made unique per request: in the body and header templates "{n}" becomes
-- <2-digit thread><7-digit counter> (digits, so it can end a phone number) and "{run}" a token unique to this
-- wrk run, so each request is a new call with a new idempotency key, in this run and across runs.
-- args: <body template file> <header template file> <run token>  (headers: one "Name: value" a line)

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
  run = args[3] or "0"
  counter = 0
end

function request()
  counter = counter + 1
  local n = string.format("%02d%07d", id, counter)
  local headers = { ["Content-Type"] = "application/json" }
  for name, value in pairs(header_templates) do
    headers[name] = value:gsub("{n}", n):gsub("{run}", run)
  end
  return wrk.format("POST", nil, headers, (body_template:gsub("{n}", n):gsub("{run}", run)))
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
