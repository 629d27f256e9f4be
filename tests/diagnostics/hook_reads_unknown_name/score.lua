-- 完成得分：完成数 ÷ 计划数 × 40，最多 40 分
function score(args)
  local rate = decimal(args["完成数"]) / args["计划数"]
  if rate > decimal(1) then rate = decimal(1) end
  return rate * 40
end
