-- Exact phone search through the blind index, a random phone of the imported customers each time.
-- Needs TOKEN and PHONES (a file of phone numbers, one per line) in the environment.
local phones = {}
local token = os.getenv("TOKEN")

function init(args)
  for line in io.lines(os.getenv("PHONES")) do
    phones[#phones + 1] = line:gsub(" ", "")
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
  -- The phone travels in the body: a URL would put it in access logs (issue 14.6).
  return wrk.format("POST", "/api/v1/customers/search", nil,
    '{"size":20,"phone":"' .. phones[math.random(#phones)] .. '"}')
end
