function f(args)
  local s = args["单位"]
  local n = 0
  for w in s:gmatch("[\128-\255]+") do n = n + #w end
  local t = s:gsub("局", "处"):upper():rep(2, ","):sub(2, -2)
  return decimal(n), utf8.len(t) .. ("%5.2f|%q|%s"):format(1.5, "a\n", s:find("工业", 1, true))
end
