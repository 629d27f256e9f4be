function f(args)
  local t = {}
  for i = 1, 1e7 do t[i] = string.rep("x", 100) .. i end
  return decimal(#t)
end
