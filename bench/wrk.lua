-- wrk script of the benchmark harness (bench/load.py writes its inputs).
--   WRK_TARGETS   file of lines "METHOD<TAB>PATH<TAB>AUTHORIZATION"; requests cycle through them,
--                 each thread starting at its own offset (many citizens, many applications)
--   WRK_BODY      file whose bytes are the body of every request (empty: no body)
--   WRK_CTYPE     its Content-Type
--   WRK_DELAY_MS  a pause before each request on a connection (unset: none), so that N connections
--                 make a steady, moderate load instead of as much as the server takes
-- done() prints one line "WRK_JSON {...}" with the counts and latency percentiles (microseconds).

local requests = {}
local index = 1
local thread_count = 0

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

function setup(thread)
  thread:set("offset", thread_count * 7919)
  thread_count = thread_count + 1
end

function init(args)
  local body = nil
  local body_path = os.getenv("WRK_BODY")
  if body_path and body_path ~= "" then body = read_file(body_path) end
  local ctype = os.getenv("WRK_CTYPE")
  for line in io.lines(os.getenv("WRK_TARGETS")) do
    local method, path, auth = line:match("^(%S+)\t(%S+)\t(.*)$")
    local headers = {}
    if auth ~= "" then headers["Authorization"] = auth end
    if body then headers["Content-Type"] = ctype end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
  index = ((offset or 0) % #requests) + 1
end

local pause = tonumber(os.getenv("WRK_DELAY_MS") or "")
if pause then
  function delay() return pause end
end

function request()
  local r = requests[index]
  index = index % #requests + 1
  return r
end

function done(summary, latency, requests_)
  local p = function(q) return latency:percentile(q) end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "mean_us": %.1f, "p50_us": %d, "p90_us": %d, ' ..
    '"p95_us": %d, "p99_us": %d, "p999_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout, latency.mean,
    p(50), p(90), p(95), p(99), p(99.9), latency.max))
end
