-- The HTTP ceiling: the cheapest authenticated endpoint (who am I), same token handling as the others.
local token = os.getenv("TOKEN")

function request()
  wrk.headers["Authorization"] = "Bearer " .. token
  return wrk.format("GET", "/api/v1/me")
end
