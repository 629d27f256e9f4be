local ONE = decimal("1")
function f(args)
  local r = (args["执行数"] / args["预算数"]):round(4)
  if r > ONE then r = ONE end
  return r * decimal("100") - decimal(-0.5) + 3, tostring(r) .. " " .. math.floor(2.5)
end
