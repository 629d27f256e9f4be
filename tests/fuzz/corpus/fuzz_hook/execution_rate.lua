-- 预算执行率得分: a hook as a ruleset author would write it.
-- 输入: 预算数, 执行数 (decimal), 明细 (rows of 项目, 金额, 已完成)
-- 输出: {得分 = …, 执行率 = …} and an explanation.

local FULL_MARKS = decimal("10")

local function rate(executed, budget)
  if budget == decimal(0) then return decimal(0) end
  return (executed / budget):round(4)
end

-- Lua names are ASCII, so a Chinese hook name is set through _ENV.
_ENV["得分"] = function(args)
  local r = rate(args["执行数"], args["预算数"])
  local score
  if r >= decimal("0.95") then
    score = FULL_MARKS
  else
    score = (FULL_MARKS * r / decimal("0.95")):round(2)
  end
  local unfinished = {}
  for _, row in ipairs(args["明细"] or {}) do
    if not row["已完成"] then unfinished[#unfinished + 1] = row["项目"] end
  end
  local note = string.format("执行率 %s%%", tostring(r * 100))
  if #unfinished > 0 then
    note = note .. "；未完成: " .. table.concat(unfinished, "、")
  end
  return {["得分"] = score, ["执行率"] = r}, note
end

_ENV["明细合计"] = function(args)
  local total = decimal(0)
  for _, row in ipairs(args["明细"]) do total = total + row["金额"] end
  return total
end
