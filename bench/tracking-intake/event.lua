-- One tracked event per request, each with its own event_id: "<run>-<thread>-<n>".
-- Arguments: write key, run name, events per request (1: POST /api/v1/track/event; more: /api/v1/track/batch).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  key = args[1]
  run = args[2]
  per = tonumber(args[3] or "1")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
  wrk.headers["Origin"] = "https://shop.example.com"
  wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
end

local function event(n)
  return string.format(
    '{"event_id":"%s-%d-%d","type":"track","name":"AddToCart","anonymous_id":"visitor-%d","properties":{"sku":"SKU-%d","value":99.9,"currency":"BRL"},' ..
    '"context":{"url":"https://shop.example.com/p/%d","utm_source":"ig","fbp":"fb.1.1732170000000.1098115397"}}',
    run, id, n, n % 5000, n % 100, n % 100)
end

function request()
  counter = counter + 1
  if per == 1 then
    local e = event(counter)
    return wrk.format(nil, "/api/v1/track/event", nil, '{"write_key":"' .. key .. '",' .. string.sub(e, 2))
  end
  local parts = {}
  for i = 1, per do
    parts[i] = event(counter * 1000 + i)
  end
  return wrk.format(nil, "/api/v1/track/batch", nil, '{"write_key":"' .. key .. '","events":[' .. table.concat(parts, ",") .. ']}')
end
