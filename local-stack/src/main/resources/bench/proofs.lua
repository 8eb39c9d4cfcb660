-- wrk: inclusion and consistency proofs at random positions of a tree of TREE_SIZE leaves.
local size = tonumber(os.getenv("TREE_SIZE"))
local token = os.getenv("TOKEN")
math.randomseed(os.time())
request = function()
  local headers = { ["Authorization"] = "Bearer " .. token }
  if math.random() < 0.5 then
    local index = math.random(0, size - 1)
    return wrk.format("GET", "/api/v1/log/proofs/inclusion?index=" .. index .. "&treeSize=" .. size, headers)
  end
  local from = math.random(1, size)
  return wrk.format("GET", "/api/v1/log/proofs/consistency?from=" .. from .. "&to=" .. size, headers)
end
