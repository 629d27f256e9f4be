function completion_rate(args)
  local rows = args["个性化绩效指标"]
  local sum = decimal(0)
  for i, row in ipairs(rows) do
    local target = decimal(row["年度指标值"]:match("(%d+%.?%d*)"))
    local actual = decimal(row["全年完成值"]:match("(%d+%.?%d*)"))
    local rate = actual / target
    if rate > decimal(1) then rate = decimal(1) end
    sum = sum + rate
  end
  return (sum / #rows):round(decimal("0.0001")), "共 " .. #rows .. " 项"
end
