-- wrk script for bench/compare: every request is a path from a fixed list (one per line in the file given
-- after `--`), in a seeded random order per thread, so no response cache answers a run; done() prints one
-- line of figures for the harness. No response() hook: wrk would then hand every body to Lua.
local paths = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. args[1]) end
  math.randomseed(7919 * thread_number)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

-- status_errors: answers of 400 and above; socket_errors: connects, reads, writes and timeouts that failed.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f bytes=%d status_errors=%d socket_errors=%d p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, summary.duration / 1e6, summary.bytes, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
