-- wrk script: each request takes the next path of WRK_PATHS (one per line), starting at a random
-- one per thread, with "Authorization: Bearer WRK_TOKEN" when the token is set.
local paths = {}
local token = os.getenv("WRK_TOKEN")
local next_index = 0

function init(args)
  for line in io.lines(os.getenv("WRK_PATHS")) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  next_index = math.random(#paths)
end

function request()
  next_index = next_index % #paths + 1
  local headers = {}
  if token ~= nil and token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("GET", paths[next_index], headers)
end
