-- wrk script: support toggles by many people. Each request is a PUT or a DELETE of
-- /api/v1/ideas/{id}/vote with one of the bearer tokens in $TOKENS (one per line), over
-- the ideas 1..$IDEAS; every person alternates support and withdrawal.
local tokens = {}
local ideas = tonumber(os.getenv("IDEAS") or "1000")
local n = 0

init = function(args)
  for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
  end
  n = math.random(1, 1000000)
end

request = function()
  n = n + 1
  local who = (n % #tokens) + 1
  local round = math.floor(n / #tokens)
  local idea = ((who * 7919 + math.floor(round / 2) * 104729) % ideas) + 1
  local method = (round % 2 == 0) and "PUT" or "DELETE"
  return wrk.format(method, "/api/v1/ideas/" .. idea .. "/vote",
    { ["Authorization"] = "Bearer " .. tokens[who] }, nil)
end
