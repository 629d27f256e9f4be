-- Found by fuzz_hook: text a hook gives back reached --explain, the JSON
-- output and error messages as ill-formed UTF-8 (the JSON file could not be
-- parsed). string.sub cuts Chinese text by bytes, so this happens by accident.
function f(args)
  local name = args["单位"]
  return decimal(1), "单位：" .. name:sub(1, 4) .. "\xff"
end
_ENV["得分"] = function(args)
  error("第 " .. ("一二三"):sub(2, 5) .. " 项")
end
_ENV["明细合计"] = function(args)
  return {["\xe5\xb7"] = "x"}
end
function completion_rate(args)
  error(string.rep("\xe5", 5000))
end
