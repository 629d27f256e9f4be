-- 个性化绩效指标的完成率（坪山区 2021 年度招商引资项目评分表「项目效益 / 社会效益」）
--
-- 评分表说：根据部门职责，结合项目支出绩效目标，合理设置个性化绩效指标，
-- 「通过绩效指标完成情况与目标值对比分析进行评分，未实现绩效目标的酌情扣分」。
-- 这里按通行的对比办法算完成率：
--   * 逐项比较全年完成值与年度指标值：正向指标（≥、或只写数）完成率 = 实际 ÷ 目标，
--     反向指标（≤、不超过、以内）完成率 = 目标 ÷ 实际；每项最多 100%（超额完成不加分）；
--   * 各项完成率的平均数，保留到 0.01%。
-- 规则集用「个性化指标完成率 × 20」计分。
--
-- 读取：args["个性化绩效指标"]，一个数组，每行有「指标」「年度指标值」「全年完成值」三个字段（文字）。
-- 返回：完成率（小数，0 到 1）和一段说明（逐项的计算）。

local ONE = decimal(1)
local ZERO = decimal(0)

-- "≥ 1 个" → 1, true；"≤ 10%" → 10, false；读不出数时返回 nil。
local function read_quantity(text)
  if text == nil then return nil end
  local number = text:match("(%d+%.?%d*)")
  if number == nil then return nil end
  local at_most = text:find("≤", 1, true) or text:find("不超过", 1, true) or text:find("以内", 1, true)
  return decimal(number), not at_most
end

local function rate_of(row, index)
  local name = row["指标"] or ("第 " .. index .. " 项")
  local target, higher_is_better = read_quantity(row["年度指标值"])
  local actual = read_quantity(row["全年完成值"])
  if target == nil or actual == nil then
    error(("「%s」的年度指标值「%s」或全年完成值「%s」读不出数"):format(
      name, tostring(row["年度指标值"]), tostring(row["全年完成值"])))
  end
  local rate
  if higher_is_better then
    rate = target > ZERO and actual / target or ONE
  else
    rate = actual > ZERO and target / actual or ONE
  end
  if rate > ONE then rate = ONE end
  local shown = ("%s：%s ÷ %s"):format(name, tostring(higher_is_better and actual or target),
                                      tostring(higher_is_better and target or actual))
  return rate, shown .. " = " .. tostring((rate * 100):round(2)) .. "%"
end

function completion_rate(args)
  local rows = args["个性化绩效指标"]
  if rows == nil or #rows == 0 then
    error("没有个性化绩效指标：明细「个性化绩效指标」至少要有一行")
  end
  local sum = ZERO
  local notes = {}
  for index, row in ipairs(rows) do
    local rate, note = rate_of(row, index)
    sum = sum + rate
    notes[#notes + 1] = note
  end
  local average = (sum / #rows):round(decimal("0.0001"))
  local explanation = table.concat(notes, "；")
  if #rows > 1 then
    explanation = explanation .. "；平均 " .. tostring((average * 100):round(2)) .. "%"
  end
  return average, explanation
end
