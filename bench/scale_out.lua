-- wrk script for bench/scale_out.py: earn.lua's purchases, and every acknowledged one written down.
-- Arguments: min_member_id max_member_id run_id api_key acknowledged_file_prefix
-- Each thread appends the external id of every 201 to <prefix>-<thread>.txt (one a line, written
-- at once), so the bench can check each acknowledged purchase against the database.
local products = {
  {"CAP-250", "Cappuccino", "coffee", 1450}, {"LAT-350", "Caffe latte", "coffee", 1650},
  {"ESP-01", "Espresso", "coffee", 900}, {"CRO-01", "Croissant", "bakery", 790},
  {"BRD-RYE", "Rye bread", "bakery", 1290}, {"MLK-1L", "Milk 1 l", "dairy", 459},
  {"YOG-NAT", "Natural yoghurt", "dairy", 329}, {"APL-1KG", "Apples 1 kg", "produce", 599},
  {"WTR-15", "Still water 1.5 l", "beverages", 289}, {"DET-1L", "Dish soap", "household", 1199},
  {"SHP-400", "Shampoo", "personal-care", 1899}, {"CHO-100", "Dark chocolate", "snacks", 749},
}
local thread_counter = 0
local threads = {}

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("tid", thread_counter)
  table.insert(threads, thread)
end

function init(args)
  min_id = tonumber(args[1]); max_id = tonumber(args[2]); run_id = args[3]; api_key = args[4]
  acknowledged = io.open(args[5] .. "-" .. tid .. ".txt", "a")
  acknowledged:setvbuf("line")
  sent = 0
  created = 0
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  sent = sent + 1
  local count = math.random(2, 6)
  local lines = {}
  for i = 1, count do
    local p = products[math.random(#products)]
    lines[i] = string.format('{"sku":"%s","name":"%s","category":"%s","quantity":%d,"unit_price":%d}',
                             p[1], p[2], p[3], math.random(1, 3), p[4])
  end
  local body = string.format(
    '{"member":{"id":%d},"external_id":"scale-%s-%d-%d","channel":"pos","store":"WAW-01","lines":[%s]}',
    math.random(min_id, max_id), run_id, tid, sent, table.concat(lines, ","))
  return wrk.format("POST", "/api/v1/purchases",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. api_key}, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    local external_id = string.match(body, '"external_id":"(scale%-[^"]+)"')
    acknowledged:write((external_id or "?") .. "\n")
  end
end

function done(summary, latency, requests)
  local total_created = 0
  for _, thread in ipairs(threads) do total_created = total_created + thread:get("created") end
  io.write(string.format("WRK requests=%d created=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d " ..
                         "errors_status=%d errors_timeout=%d errors_connect=%d\n",
                         summary.requests, total_created, summary.duration, latency:percentile(50),
                         latency:percentile(95), latency:percentile(99), summary.errors.status,
                         summary.errors.timeout, summary.errors.connect))
end
