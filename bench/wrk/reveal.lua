-- Reveal three L3 fields of a random customer the signed-in owner holds, for a consented purpose.
-- Needs TOKEN (bearer token) and IDS (a file of customer ids, one per line) in the environment.
local ids = {}
local token = os.getenv("TOKEN")

function init(args)
  for line in io.lines(os.getenv("IDS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"fields":["phone","email","address"],"purpose":"AFTER_SALES"}'

function request()
  wrk.headers["Authorization"] = "Bearer " .. token
  return wrk.format(nil, "/api/v1/customers/" .. ids[math.random(#ids)] .. "/reveal")
end
