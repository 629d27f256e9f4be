function f(args)
  local total = decimal(0)
  for i, row in ipairs(args["明细"]) do
    if row["已完成"] then total = total + row["金额"] end
  end
  return {["合计"] = total, ["行数"] = decimal(#args["明细"])}, string.format("%d 行", #args["明细"])
end
