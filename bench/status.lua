-- Print the p95 latency, which wrk's --latency table leaves out (p50, p75, p90, p99
-- only), and the responses that were not 2xx or 3xx.
--
-- No response() hook: with one, wrk hands every response's headers and body to Lua,
-- which costs wrk CPU on the cores the server is measured on (2-4 ms of search's p95
-- on 2 cores). A redirect counts as a success for wrk; run.sh checks that the page
-- still answers 200 with the same cookie after the load (the only redirect these
-- pages give is to the sign-in page, once the session is gone, and it does not come
-- back).
function done(summary, latency, requests)
  io.write(string.format("status_errors: %d\n", summary.errors.status))
  io.write(string.format("p95_us: %d\n", latency:percentile(95)))
end
