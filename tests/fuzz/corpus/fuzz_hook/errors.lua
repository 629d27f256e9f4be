function f(args)
  local ok, e = pcall(error, {code = 1})
  local ok2, e2 = pcall(function() return nil + 1 end)
  setmetatable({}, {__index = function() return 1 end})
  if args["空"] == nil then error("缺少「空」：" .. tostring(e2)) end
end
