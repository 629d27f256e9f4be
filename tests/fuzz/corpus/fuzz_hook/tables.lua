function f(args)
  local t = {}
  for i = 1, 50 do t[#t + 1] = (i * 37) % 11 end
  table.sort(t, function(a, b) return a > b end)
  table.insert(t, 1, 99); table.remove(t)
  local keys = {}
  for k, v in pairs({b = 1, a = 2, [3] = 4}) do keys[#keys + 1] = tostring(k) end
  return decimal(t[1]), table.concat(keys, ",") .. table.concat(table.move(t, 1, 3, 1, {}), " ")
end
