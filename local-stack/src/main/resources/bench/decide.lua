-- wrk: one decision per request about a random subject pat-bench-0 … pat-bench-(SUBJECTS-1), as the ledger asks them
-- (an insurer, claims categories, a purpose drawn from a mix that hits permits, profile denials and directive denials).
-- BATCH > 1 sends that many requests in one POST to /api/v1/decisions/batch instead.
local subjects = tonumber(os.getenv("SUBJECTS"))
local batch = tonumber(os.getenv("BATCH") or "1")
local purposes = {"HPAYMT", "HPAYMT", "TREAT", "HOPERAT", "RATE_NEGOTIATION", "HRESCH"}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

local function one()
  return '{"subjects":[{"type":"PATIENT","id":"pat-bench-' .. math.random(0, subjects - 1) .. '"}],'
    .. '"recipient":{"id":"ins-acme","type":"INSURER"},"categories":["BILLING_CODES","SESSION_DATES"],'
    .. '"purpose":"' .. purposes[math.random(#purposes)] .. '"}'
end

request = function()
  if batch <= 1 then
    return wrk.format(nil, nil, nil, one())
  end
  local parts = {}
  for i = 1, batch do parts[i] = one() end
  return wrk.format(nil, nil, nil, '{"requests":[' .. table.concat(parts, ",") .. ']}')
end
