-- The Longhua 2021 rubric (rulesets/longhua-2021.rubric) written by hand in Lua 5.4:
-- the "plain Lua" yardstick of docs/performance.md. Loaded by bench/baseline/lua_baseline.cpp.
--
-- score(v, out): v[c + 1] is column c of the template (bench/baseline/longhua_scorer.hpp:
-- yes/no 0 or 1; 预算公开 / 决算公开 the index 0 完整公开, 1 部分公开, 2 未公开, 3 涉密; every
-- number in units of 10^-6, a percentage as a fraction: "19.5" → 195000). Lua floats are
-- binary, so everything stays in Lua integers (64-bit) with explicit half-up rounding:
-- rates in units of 0.001 (保留 0.1%), rule values in 10^-6 point, scores in 0.01 point.
-- Fills out[1..21] with the third-level scores (0.01 point) and returns the total
-- (0.01 point) and the grade index (0 优, 1 良, 2 中, 3 差).

local M = 1000000

-- round_half_up(a / b) in 0.001, a ≥ 0, b > 0 (exact while 2000·a fits in 64 bits)
local function rate(a, b)
  return (2000 * a + b) // (2 * b)
end

local function cap(x, points) if x < points then return x end return points end
local function floor0(x) if x > 0 then return x end return 0 end
-- 10^-6 point → 0.01 point, half-up
local function round_score(x) return (x + 5000) // 10000 end

local disclosure = { [0] = 1500000, 1000000, 0, 1500000 }  -- 完整公开、部分公开、未公开、涉密

local function band_public(r)  -- 控制率 < 90% → 3；90% ≤ x ≤ 100% → 2；> 100% → 0
  if r < 900 then return 3 * M elseif r <= 1000 then return 2 * M end
  return 0
end

local leaf = {}

function score(v, out)
  -- 预算编制合理性（5分）：五个条件各 1 分
  leaf[1] = (v[2] + v[3] + v[4] + v[5] + v[6]) * M
  -- 预算编制规范性（5分）：每项扣 1 分，扣完为止（计数已是 10^-6 单位）
  leaf[2] = floor0(5 * M - v[7])
  -- 绩效目标完整性（8分）：每项扣 1 分，扣完为止
  leaf[3] = floor0(8 * M - v[8])
  -- 绩效指标明确性（7分）：2, 2, 1, 1, 1
  leaf[4] = (2 * v[9] + 2 * v[10] + v[11] + v[12] + v[13]) * M
  -- 政府采购执行情况（2分）：执行率 × 1（封顶 1），否决 若 实际 > 计划；+ 政策功能评分
  do
    local actual, plan = v[14], v[15]
    local part1 = 0
    if actual <= plan then part1 = cap(rate(actual, plan) * 1000, M) end
    leaf[5] = part1 + cap(v[16], M)
  end
  -- 财务合规性（3分）：否决 若 存在违规支出；调整幅度超过 10% 的部分每 1% 扣 0.1 分（按比例），扣完为止
  if v[17] == 1 then
    leaf[6] = 0
  else
    local r = rate(v[18], v[19])
    local excess = 0
    if r > 100 then excess = r - 100 end
    leaf[6] = cap(v[20], M) + floor0(M - excess * 10000) + cap(v[21], M)
  end
  -- 预决算信息公开（3分）
  leaf[7] = disclosure[v[22]] + disclosure[v[23]]
  -- 项目实施程序（2分）
  leaf[8] = (v[24] + v[25]) * M
  -- 项目监管（2分）：机制 1；检查监控 1，否决 若 专项资金评价结果为差
  local checks = v[27] * M
  if v[28] == 1 then checks = 0 end
  leaf[9] = v[26] * M + checks
  -- 资产管理安全性（2分）
  leaf[10] = (v[29] + v[30]) * M
  -- 固定资产利用率（1分）：≥ 90% → 1；≥ 75% → 0.7；≥ 60% → 0.4；else 0
  do
    local r = rate(v[31], v[32])
    if r >= 900 then leaf[11] = M elseif r >= 750 then leaf[11] = 700000
    elseif r >= 600 then leaf[11] = 400000 else leaf[11] = 0 end
  end
  -- 财政供养人员控制率（1分）：≤ 100% → 1
  if rate(v[33], v[34]) <= 1000 then leaf[12] = M else leaf[12] = 0 end
  -- 编外人员控制率（1分）：< 5% → 1；5% ≤ x ≤ 10% → 0.5；> 10% → 0
  do
    local r = rate(v[35], v[33] + v[35])
    if r < 50 then leaf[13] = M elseif r <= 100 then leaf[13] = 500000 else leaf[13] = 0 end
  end
  -- 管理制度健全性（3分）
  leaf[14] = cap(v[36], 3 * M)
  -- 公用经费控制率（6分）：三公、日常公用各 3 分
  leaf[15] = band_public(rate(v[37], v[38])) + band_public(rate(v[39], v[40]))
  -- 预算执行率（6分）：季度执行率（保留 0.1%）× 1 各封顶 1，平均执行率（保留 0.1%）× 2 封顶 2
  do
    local q1 = rate(v[41], 250000)
    local q2 = rate(v[42], 500000)
    local q3 = rate(v[43], 750000)
    local q4 = rate(v[44], 1000000)
    local avg = (2 * (q1 + q2 + q3 + q4) + 4) // 8  -- round_half_up(sum ÷ 4), in 0.001
    leaf[16] = cap(q1 * 1000, M) + cap(q2 * 1000, M) + cap(q3 * 1000, M) + cap(q4 * 1000, M)
             + cap(avg * 2000, 2 * M)
  end
  -- 重点工作完成情况（8分）：每项扣 4 分，扣完为止
  leaf[17] = floor0(8 * M - 4 * v[45])
  -- 项目完成及时性（6分）：完成率（保留 0.1%）× 6
  leaf[18] = rate(v[46], v[47]) * 6000
  -- 效果性（20分）
  leaf[19] = cap(v[48], 20 * M)
  -- 群众信访办理情况（3分）
  leaf[20] = (v[49] + v[50] + v[51]) * M
  -- 公众或服务对象满意度（6分）：满意度（不舍入）≥ 95% → 6；≥ 90% → 4；≥ 80% → 2；else 1
  do
    local p = v[52]
    if p >= 950000 then leaf[21] = 6 * M elseif p >= 900000 then leaf[21] = 4 * M
    elseif p >= 800000 then leaf[21] = 2 * M else leaf[21] = M end
  end

  local total = 0
  for i = 1, 21 do
    local s = round_score(leaf[i])
    out[i] = s
    total = total + s
  end
  local grade
  if total >= 9000 then grade = 0 elseif total >= 8000 then grade = 1
  elseif total >= 6000 then grade = 2 else grade = 3 end
  return total, grade
end
