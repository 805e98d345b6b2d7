-- wrk script for bench/vouchers.py: each code is validated, then redeemed (one round trip = 2 requests),
-- or (mode "validate") only validated, as a checkout does on every change of the basket.
-- Arguments: codes_file api_key run_id threads [mode]
local thread_counter = 0
local threads = {}

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("tid", thread_counter)
  table.insert(threads, thread)
end

function init(args)
  codes = {}
  local index = 0
  for line in io.lines(args[1]) do
    index = index + 1
    -- every thread takes its own share of the codes: a code is never redeemed twice
    if index % thread_counter_total(args) == (tid - 1) then table.insert(codes, line) end
  end
  api_key = args[2]; run_id = args[3]; validate_only = args[5] == "validate"
  position = 0; step = 0
  validated = 0; redeemed = 0
end

function thread_counter_total(args)
  return tonumber(args[4])
end

local basket = '{"lines":[{"sku":"CAP","category":"coffee","quantity":2,"unit_price":1450},' ..
               '{"sku":"BRD","category":"bakery","quantity":1,"unit_price":2100}],"channel":"pos","store":"WAW-01"}'

function request()
  step = step + 1
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. api_key}
  if validate_only or step % 2 == 1 then
    position = position % #codes + 1
    local code = codes[position]
    return wrk.format("POST", "/api/v1/vouchers/validate", headers,
                      string.format('{"code":"%s","basket":%s}', code, basket))
  end
  local code = codes[position]
  headers["Idempotency-Key"] = "bench-" .. run_id .. "-" .. code
  return wrk.format("POST", "/api/v1/vouchers/redeem", headers,
                    string.format('{"code":"%s","order_id":"order-%s","basket":%s}', code, code, basket))
end

function response(status, headers, body)
  -- A validation answered is counted whatever it says: a thread's connections run concurrently,
  -- so a code's redemption can overtake its validation, which then (rightly) says it is used up.
  -- Validations alone count only the codes found good: every one of them is unused.
  if status == 200 and (not validate_only or string.find(body, '"valid":true', 1, true)) then
    validated = validated + 1
  end
  if status == 201 then redeemed = redeemed + 1 end
end

function done(summary, latency, requests)
  local total_validated, total_redeemed = 0, 0
  for _, thread in ipairs(threads) do
    total_validated = total_validated + thread:get("validated")
    total_redeemed = total_redeemed + thread:get("redeemed")
  end
  io.write(string.format("WRK requests=%d validated=%d redeemed=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d " ..
                         "errors_status=%d errors_timeout=%d errors_connect=%d\n",
                         summary.requests, total_validated, total_redeemed, summary.duration,
                         latency:percentile(50), latency:percentile(95), latency:percentile(99),
                         summary.errors.status, summary.errors.timeout, summary.errors.connect))
end
