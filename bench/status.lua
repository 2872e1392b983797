-- Count responses that are not 200 across wrk's threads: wrk itself counts a 302
-- (a redirect to the login page) as a success. Also print the p95 latency, which
-- wrk's --latency table leaves out (p50, p75, p90, p99 only).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non200")
  end
  io.write(string.format("non200: %d\n", total))
  io.write(string.format("p95_us: %d\n", latency:percentile(95)))
end
